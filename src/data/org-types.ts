import { indicatorTargets, orgTypeNames, territoryLabels } from "./reference.ts";
import { readSnapshot } from "./snapshot.ts";

// «Типы организаций»: each indicator by organisation type over the years (with the region and the trajectory), and
// by territory × type. The territory × type level is the large one, so its rows are tuples
// [indicator_id, territory_id, org_type_id, year, value_pct, is_lagging] where a value exists.
export function orgTypesData() {
  const values = readSnapshot("mart_indicator_values");
  const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
  const indicators = indicatorTargets();
  const orgTypes = orgTypeNames();
  const territories = territoryLabels();

  const region = values
    .filter((v) => v.level === "region")
    .map(({ indicator_id, year, value_pct, trajectory_pct }) => ({ indicator_id, year, value_pct, trajectory_pct }));
  const byType = values
    .filter((v) => v.level === "org_type" && v.org_type_id != null)
    .map(({ indicator_id, org_type_id, year, numerator, denominator, value_pct, change_pp, trajectory_pct, is_lagging }) =>
      ({ indicator_id, org_type_id, year, numerator, denominator, value_pct, change_pp, trajectory_pct, is_lagging }));
  const byTerritoryType = values
    .filter((v) => v.level === "territory_org_type" && v.value_pct != null && v.territory_id != null && v.org_type_id != null)
    .map((v) => [v.indicator_id, v.territory_id, v.org_type_id, v.year, v.value_pct, v.is_lagging]);
  return { years, indicators, org_types: orgTypes, territories, region, by_type: byType, by_territory_type: byTerritoryType };
}
