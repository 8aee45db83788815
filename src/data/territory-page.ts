import { shortShareReason } from "../contract/share-reason.ts";
import { indicatorTargets, measureNames, orgTypeNames, siteYears } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

/** Findings shown per file: a broken file can have thousands, the page needs the first ones and the count. */
const FINDINGS_PER_FILE = 50;

/**
 * One territory's page: its names over time, its values against the region and the trajectory, its organisations'
 * latest values, who did not submit, its rejected files and its coverage. Only this territory's rows leave here.
 * @example territoryPage("okhotsky").series // the territory's values by indicator and year
 */
export function territoryPage(territoryId: string) {
  const territory = readSnapshot("ref_territories").find((t) => t.territory_id === territoryId);
  if (!territory) throw new Error(`Муниципалитета «${territoryId}» нет в справочнике (ref_territories).`);

  const names = readSnapshot("ref_territory_names")
    .filter((n) => n.territory_id === territoryId)
    .toSorted((a, b) => (a.valid_from ?? -Infinity) - (b.valid_from ?? -Infinity))
    .map(({ name, kind, valid_from, valid_to }) => ({ name, kind, valid_from, valid_to }));

  const indicators = indicatorTargets();
  const orgTypes = orgTypeNames();

  const values = readSnapshot("mart_indicator_values");
  const years = siteYears();
  const measures = measureNames();
  const denominators = new Map(readSnapshot("ref_indicators").map((i) => [i.indicator_id, measures.find((m) => m.measure_id === i.denominator_measure) ?? null]));
  const regionValue = new Map(values.filter((v) => v.level === "region").map((v) => [`${v.indicator_id}|${v.year}`, v.value_pct]));
  const series = values
    .filter((v) => v.level === "territory" && v.territory_id === territoryId)
    .map(({ indicator_id, year, value_pct, change_pp, trajectory_pct, is_lagging, rank_among_territories }) => ({
      indicator_id, year, value_pct, change_pp, trajectory_pct, is_lagging, rank: rank_among_territories,
      region_pct: regionValue.get(`${indicator_id}|${year}`) ?? null
    }));

  // Each organisation's latest year of each indicator: the year differs where an organisation stopped reporting. A year
  // with a value wins over a later one without; without any value, the latest count and why the share is missing.
  type Latest = {
    org_key: string; indicator_id: string; year: number; value_pct: number | null; trajectory_pct: number; change_pp: number | null;
    is_lagging: boolean | null; count: number | null; reason: string | null;
  };
  const latest = new Map<string, Latest>();
  for (const v of values) {
    if (v.level !== "organisation" || v.territory_id !== territoryId || v.org_key == null) continue;
    const key = `${v.org_key}|${v.indicator_id}`;
    const seen = latest.get(key);
    const valued = Number(v.value_pct != null);
    if (seen && (Number(seen.value_pct != null) > valued || (Number(seen.value_pct != null) === valued && seen.year > v.year))) continue;
    latest.set(key, {
      org_key: v.org_key, indicator_id: v.indicator_id, year: v.year, value_pct: v.value_pct, trajectory_pct: v.trajectory_pct, change_pp: v.change_pp,
      is_lagging: v.is_lagging, count: v.numerator_reported, reason: v.value_pct == null ? shortShareReason(v, denominators.get(v.indicator_id)) : null
    });
  }
  // what the territory's forms carry, every count measure anyone here reported, by year
  const counts = readSnapshot("mart_counts")
    .filter((c) => c.level === "territory" && c.territory_id === territoryId && c.value != null)
    .map(({ measure_id, year, value, organisations_reporting, organisations_submitted }) => ({ measure_id, year, value, organisations_reporting, organisations_submitted }));

  const coverageOrgs = readSnapshot("mart_coverage_organisations").filter((c) => c.territory_id === territoryId);
  // every organisation ever expected or reporting here, under its latest year's name and type
  const organisations = new Map<string, { org_key: string; name: string; org_type_id: string | null }>();
  for (const c of coverageOrgs.toSorted((a, b) => a.year - b.year)) {
    organisations.set(c.org_key, { org_key: c.org_key, name: c.organisation, org_type_id: c.org_type_id });
  }
  const missing = coverageOrgs
    .filter((c) => c.status === "missing")
    .map(({ year, org_key, organisation, org_type_id }) => ({ year, org_key, organisation, org_type_id }))
    .toSorted((a, b) => a.year - b.year || a.organisation.localeCompare(b.organisation, "ru"));

  const coverage = readSnapshot("mart_coverage")
    .filter((c) => c.territory_id === territoryId)
    .toSorted((a, b) => a.year - b.year)
    .map((c) => ({
      year: c.year, expected: c.organisations_expected, reported: c.organisations_reported, missing: c.organisations_missing,
      unlisted: c.organisations_unlisted, files_loaded: c.files_loaded, files_rejected: c.files_rejected, share_pct: c.share_reported_pct
    }));

  // A file is known by its hash and name together: empty files all share one hash.
  const findings = readSnapshot("ops_findings");
  const files = readSnapshot("ops_files")
    .filter((f) => (f.status === "rejected" || f.status === "partial") && (f.territory_ids ?? []).includes(territoryId))
    .toSorted((a, b) => b.received_at.localeCompare(a.received_at) || a.file_name.localeCompare(b.file_name, "ru"))
    .map((f) => {
      const own = findings.filter((x) => x.file_sha256 === f.file_sha256 && (x.file_name == null || x.file_name === f.file_name));
      return {
        file_name: f.file_name, source_path: f.source_path, received_at: f.received_at, status: f.status, years: f.years ?? [],
        org_years_accepted: f.org_years_accepted, org_years_rejected: f.org_years_rejected,
        // the snapshot carries at most 200 findings per file; each row says how many the file has in all
        findings_total: own[0]?.findings_in_file ?? own.length,
        findings: own.slice(0, FINDINGS_PER_FILE).map(({ severity, message, sheet, row_number, column_name, value }) => ({ severity, message, sheet, row_number, column_name, value }))
      };
    });

  return {
    territory: { territory_id: territory.territory_id, name: territory.name, short_name: territory.short_name, kind: territory.kind },
    names, years, indicators, measures: measures.filter((m) => m.kind === "count"), org_types: orgTypes, series, counts,
    organisations: [...organisations.values()].toSorted((a, b) => a.name.localeCompare(b.name, "ru")),
    org_values: [...latest.values()],
    missing, coverage, files
  };
}
