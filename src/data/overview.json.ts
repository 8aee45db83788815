import { emit, readSnapshot } from "./snapshot.ts";

// The «Обзор» page: indicators, territories and the values of every indicator by year, region and territory.
emit(() => {
  const indicators = readSnapshot("ref_indicators")
    .toSorted((a, b) => a.sort_order - b.sort_order)
    .map(({ indicator_id, name, short_name, baseline_year, baseline_pct, target_year, target_pct }) =>
      ({ indicator_id, name, short_name, baseline_year, baseline_pct, target_year, target_pct }));
  const territories = readSnapshot("ref_territories")
    .toSorted((a, b) => a.sort_order - b.sort_order)
    .map(({ territory_id, short_name }) => ({ territory_id, short_name }));
  const values = readSnapshot("mart_indicator_values");
  const region = values
    .filter((v) => v.level === "region")
    .map(({ indicator_id, year, value_pct, change_pp, trajectory_pct, is_lagging }) =>
      ({ indicator_id, year, value_pct, change_pp, trajectory_pct, is_lagging }));
  const territory = values
    .filter((v) => v.level === "territory" && v.territory_id !== null)
    .map(({ indicator_id, territory_id, year, value_pct, is_lagging }) =>
      ({ indicator_id, territory_id, year, value_pct, is_lagging }));
  const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
  process.stderr.write(`overview: ${indicators.length} indicators, ${territories.length} territories, ${values.length} values\n`);
  return { years, indicators, territories, region, territory };
});
