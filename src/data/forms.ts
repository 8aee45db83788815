import { orgTypeLabels, reference, territoryLabels } from "./reference.ts";
import { readSnapshot } from "./snapshot.ts";

// «Формы наставничества»: each form's part of the region's value (level 'form'), and participants by form from
// mart_forms. mart_forms is territory × type × form × year with additive counts, so the page sums it for any filter
// and recomputes shares as sums over sums; its rows are tuples
// [territory_id, org_type_id, form_id, year, mentees, mentors_students, enterprises_mentors].
export function formsData() {
  const values = readSnapshot("mart_indicator_values");
  const formRows = values.filter((v) => v.level === "form" && v.form_id != null);
  const formIndicators = new Set(formRows.map((v) => v.indicator_id));
  const indicators = reference("ref_indicators", ["indicator_id", "name", "short_name", "target_year", "target_pct"])
    .filter((d) => formIndicators.has(d.indicator_id));
  const forms = reference("ref_forms", ["form_id", "name", "mentee_group"]);
  const orgTypes = orgTypeLabels();
  const territories = territoryLabels();

  const participants = readSnapshot("mart_forms").map((r) =>
    [r.territory_id, r.org_type_id, r.form_id, r.year, r.mentees, r.mentors_students, r.enterprises_mentors]);
  const years = [...new Set([...values.map((v) => v.year), ...participants.map((r) => r[3] as number)])].sort((a, b) => a - b);
  const region = values
    .filter((v) => v.level === "region" && formIndicators.has(v.indicator_id))
    .map(({ indicator_id, year, value_pct, trajectory_pct }) => ({ indicator_id, year, value_pct, trajectory_pct }));
  const formValues = formRows.map(({ indicator_id, form_id, year, numerator, value_pct }) => ({ indicator_id, form_id, year, numerator, value_pct }));
  return { years, indicators, forms, org_types: orgTypes, territories, region, form_values: formValues, participants };
}
