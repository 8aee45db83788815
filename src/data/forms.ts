import { shareReason } from "../contract/share-reason.ts";
import { measureNames, orgTypeLabels, reference, siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// «Формы наставничества»: each form's part of the region's value (level 'form'), and participants by form from
// mart_forms. mart_forms is territory × type × form × year with additive counts, so the page sums it for any filter
// and recomputes shares as sums over sums; its rows are tuples
// [territory_id, org_type_id, form_id, year, mentees, mentors_students, enterprises_mentors].
export function formsData() {
  const values = readSnapshot("mart_indicator_values");
  const formRows = values.filter((v) => v.level === "form" && v.form_id != null);
  // every indicator whose numerator is counted by form, whether or not its share could be computed
  const measures = measureNames();
  const formMeasures = new Set(measures.filter((m) => m.block === "form").map((m) => m.measure_id));
  const indicators = reference("ref_indicators", ["indicator_id", "name", "short_name", "numerator_measure", "denominator_measure", "target_year", "target_pct"])
    .filter((d) => formMeasures.has(d.numerator_measure));
  const formIndicators = new Set(indicators.map((d) => d.indicator_id));
  const denominatorOf = (id: string) => measures.find((m) => m.measure_id === indicators.find((i) => i.indicator_id === id)?.denominator_measure);
  const forms = reference("ref_forms", ["form_id", "name", "mentee_group"]);
  const orgTypes = orgTypeLabels();
  const territories = territoryLabels();

  const participants = readSnapshot("mart_forms").map((r) =>
    [r.territory_id, r.org_type_id, r.form_id, r.year, r.mentees, r.mentors_students, r.enterprises_mentors]);
  const years = siteYears();
  const region = values
    .filter((v) => v.level === "region" && formIndicators.has(v.indicator_id))
    .map((v) => ({
      indicator_id: v.indicator_id, year: v.year, value_pct: v.value_pct, trajectory_pct: v.trajectory_pct,
      reason: v.value_pct == null ? shareReason(v, denominatorOf(v.indicator_id), v.year) : null
    }));
  const formValues = formRows.map(({ indicator_id, form_id, year, numerator, value_pct }) => ({ indicator_id, form_id, year, numerator, value_pct }));
  return { years, indicators, forms, org_types: orgTypes, territories, region, form_values: formValues, participants };
}
