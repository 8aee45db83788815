import { orgTypeNames, reference, siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// «Чек-лист»: the criteria of letter 004 and, per territory × type × year × criterion, who answered and who meets it.
// Rows travel as arrays of indexes into the lists above them: the mart has thousands of rows and the page must stay small.
export function checklistData() {
  const criteria = reference("ref_checklist_criteria", ["criterion_id", "name", "short_name"]);
  const territories = territoryLabels();
  const orgTypes = orgTypeNames();
  const mart = readSnapshot("mart_checklist");
  const index = <T>(list: readonly T[], key: (d: T) => string) => new Map(list.map((d, i) => [key(d), i]));
  const territoryIndex = index(territories, (t) => t.territory_id);
  const criterionIndex = index(criteria, (c) => c.criterion_id);
  const typeIndex = index(orgTypes, (t) => t.org_type_id);
  const unknown = mart.filter((r) => !territoryIndex.has(r.territory_id) || !criterionIndex.has(r.criterion_id));
  if (unknown.length > 0) {
    process.stderr.write(`checklist: ${unknown.length} rows name a territory or criterion missing from the reference tables; left out\n`);
  }
  const known = mart.filter((r) => territoryIndex.has(r.territory_id) && criterionIndex.has(r.criterion_id));
  const rows = known
    .map((r) => [
      territoryIndex.get(r.territory_id)!,
      r.org_type_id == null ? -1 : (typeIndex.get(r.org_type_id) ?? -1),
      r.year,
      criterionIndex.get(r.criterion_id)!,
      r.organisations_answered,
      r.organisations_meeting
    ]);
  // The year selector lists every year with any accepted form (meta), not only those with a checklist: the page says
  // that no organisation sent one for a year, rather than hiding the year.
  const checklistYears = [...new Set(known.map((r) => r.year))].sort((a, b) => a - b);
  const years = [...new Set([...siteYears(), ...checklistYears])].sort((a, b) => a - b);
  return {
    years,
    checklist_years: checklistYears,
    criteria,
    territories,
    org_types: orgTypes,
    columns: ["territory", "org_type", "year", "criterion", "answered", "meeting"],
    rows
  };
}
