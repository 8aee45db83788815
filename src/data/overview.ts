import { reference, territoryLabels } from "./reference.ts";
import { readSnapshot } from "./snapshot.ts";

// The «Обзор» page: indicators, territories, the values of every indicator by year, region and territory, and who reported.
export function overviewData() {
  const indicators = reference("ref_indicators", ["indicator_id", "name", "short_name", "baseline_year", "baseline_pct", "target_year", "target_pct"]);
  const territories = territoryLabels();
  const values = readSnapshot("mart_indicator_values");
  const region = values
    .filter((v) => v.level === "region")
    .map(({ indicator_id, year, value_pct, prev_value_pct, change_pp, trajectory_pct, is_lagging }) =>
      ({ indicator_id, year, value_pct, prev_value_pct, change_pp, trajectory_pct, is_lagging }));
  const territory = values
    .filter((v) => v.level === "territory" && v.territory_id !== null)
    .map(({ indicator_id, territory_id, year, value_pct, is_lagging }) =>
      ({ indicator_id, territory_id, year, value_pct, is_lagging }));
  const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
  // who reported each year: organisations against those expected, territories with any organisation
  const coverageRows = readSnapshot("mart_coverage");
  const coverage = years.map((year) => {
    const rows = coverageRows.filter((c) => c.year === year);
    return {
      year,
      organisations_reported: rows.reduce((sum, c) => sum + c.organisations_reported, 0),
      organisations_expected: rows.reduce((sum, c) => sum + c.organisations_expected, 0),
      territories_reported: rows.filter((c) => c.organisations_reported > 0).length,
      territories_total: territories.length
    };
  });
  process.stderr.write(`overview: ${indicators.length} indicators, ${territories.length} territories, ${values.length} values\n`);
  return { years, indicators, territories, region, territory, coverage };
}
