import { measureNames, reference, siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// The «Обзор» page: indicators, territories, the values of every indicator by year, region and territory with who is
// behind each value, the counts the forms carry, and who reported.
export function overviewData() {
  const indicators = reference("ref_indicators", [
    "indicator_id", "name", "short_name", "org_type_id", "method", "numerator_measure", "denominator_measure", "baseline_year", "baseline_pct", "target_year", "target_pct"
  ]);
  const measures = measureNames();
  const territories = territoryLabels();
  const values = readSnapshot("mart_indicator_values");
  const basis = (v: (typeof values)[number]) => ({
    numerator_reported: v.numerator_reported,
    value_basis: v.value_basis,
    organisations_reporting: v.organisations_reporting,
    organisations_counted: v.organisations_counted,
    organisations_denominator_missing: v.organisations_denominator_missing,
    organisations_denominator_zero: v.organisations_denominator_zero
  });
  const region = values
    .filter((v) => v.level === "region")
    .map((v) => ({
      indicator_id: v.indicator_id, year: v.year, value_pct: v.value_pct, prev_value_pct: v.prev_value_pct, change_pp: v.change_pp,
      trajectory_pct: v.trajectory_pct, is_lagging: v.is_lagging, ...basis(v)
    }));
  const territory = values
    .filter((v) => v.level === "territory" && v.territory_id !== null)
    .map((v) => ({ indicator_id: v.indicator_id, territory_id: v.territory_id!, year: v.year, value_pct: v.value_pct, is_lagging: v.is_lagging, ...basis(v) }));
  // the counts the forms carry for the region, every count measure (by territory, an indicator's count is its numerator)
  const counts = readSnapshot("mart_counts")
    .filter((c) => c.level === "region")
    .map(({ measure_id, year, value, prev_value, change, organisations_reporting, organisations_submitted }) =>
      ({ measure_id, year, value, prev_value, change, organisations_reporting, organisations_submitted }));
  const years = siteYears();
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
  process.stderr.write(`overview: ${indicators.length} indicators, ${territories.length} territories, ${values.length} values, ${counts.length} counts\n`);
  return { years, indicators, measures, territories, region, territory, counts, coverage };
}
