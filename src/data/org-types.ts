import { indicatorTargets, measureNames, orgTypeNames, siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// «Типы организаций»: each indicator by organisation type over the years (with the region and the trajectory), and
// by territory × type. The territory × type level is the large one, so its rows are tuples
// [indicator_id, territory_id, org_type_id, year, value_pct, is_lagging] where a value exists.
export function orgTypesData() {
  const values = readSnapshot("mart_indicator_values");
  // every year with an accepted form (meta), not only those with values: a year without shares says why
  const years = [...new Set([...siteYears(), ...values.map((v) => v.year)])].sort((a, b) => a - b);
  // what a share is missing when it is not computed: «численности обучающихся» (ref_measures.name_genitive)
  // and what was reported without it («Наставляемые обучающиеся»: numerator_reported)
  const measures = new Map(measureNames().map((m) => [m.measure_id, m]));
  const measuresOf = new Map(readSnapshot("ref_indicators").map((i) => [i.indicator_id, i]));
  const indicators = indicatorTargets().map((i) => ({
    ...i,
    denominator_genitive: measures.get(measuresOf.get(i.indicator_id)?.denominator_measure ?? "")?.name_genitive ?? null,
    numerator_short: measures.get(measuresOf.get(i.indicator_id)?.numerator_measure ?? "")?.short_name ?? null
  }));
  const orgTypes = orgTypeNames();
  const territories = territoryLabels();
  const region = values
    .filter((v) => v.level === "region")
    .map(({ indicator_id, year, value_pct, trajectory_pct, numerator, denominator, numerator_reported, organisations_reporting }) =>
      ({ indicator_id, year, value_pct, trajectory_pct, numerator, denominator, numerator_reported: numerator_reported ?? null, organisations_reporting: organisations_reporting ?? null }));
  const byType = values
    .filter((v) => v.level === "org_type" && v.org_type_id != null)
    .map(({ indicator_id, org_type_id, year, numerator, denominator, value_pct, change_pp, trajectory_pct, is_lagging, numerator_reported, organisations_reporting }) =>
      ({ indicator_id, org_type_id, year, numerator, denominator, value_pct, change_pp, trajectory_pct, is_lagging, numerator_reported: numerator_reported ?? null, organisations_reporting: organisations_reporting ?? null }));
  const byTerritoryType = values
    .filter((v) => v.level === "territory_org_type" && v.value_pct != null && v.territory_id != null && v.org_type_id != null)
    .map((v) => [v.indicator_id, v.territory_id, v.org_type_id, v.year, v.value_pct, v.is_lagging]);
  return { years, indicators, org_types: orgTypes, territories, region, by_type: byType, by_territory_type: byTerritoryType };
}
