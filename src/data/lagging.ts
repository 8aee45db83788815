import { shareReason } from "../contract/share-reason.ts";
import type { IndicatorValue } from "../contract/snapshot.ts";
import { measureNames, orgTypeLabels, reference, siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

/**
 * How many years in a row, up to and including `year`, the unit was below the trajectory. A year without a
 * value (not reported, or no denominator) ends the run: nobody knows whether the unit lagged then.
 * @example lagStreak(new Map([[2023, true], [2024, true]]), 2024) // 2
 */
function lagStreak(laggingByYear: ReadonlyMap<number, boolean | null>, year: number): number {
  let streak = 0;
  while (laggingByYear.get(year - streak) === true) streak += 1;
  return streak;
}

// «Отстающие»: only what is below the trajectory, with the run length worked out here once. The organisation level
// is large (every organisation × indicator × year), so a lagging row is a tuple [unit index, value %, years in a row]
// grouped by indicator and year (index into `years`); units are listed once and referred to by index.
export function laggingData() {
  const values = readSnapshot("mart_indicator_values");
  const years = siteYears();
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const measures = measureNames();

  const indicators = reference("ref_indicators", ["indicator_id", "name", "short_name", "denominator_measure"])
    // the region's reason when its share is missing or rests on fewer organisations than reported
    .map((d) => ({ ...d, trajectory_pct: years.map((): number | null => null), region_reason: years.map((): string | null => null) }));
  const byIndicator = new Map(indicators.map((d) => [d.indicator_id, d]));

  const territories = territoryLabels();
  const territoryIndex = new Map(territories.map((t, i) => [t.territory_id, i]));
  const orgTypes = orgTypeLabels();
  const refOrganisations = new Map(readSnapshot("ref_organisations").map((o) => [o.org_key, o]));

  type Row = [unit: number, value_pct: number, streak: number];
  const grouped = () => Object.fromEntries(indicators.map((d) => [d.indicator_id, years.map((): Row[] => [])]));
  const lagging = { territory: grouped(), organisation: grouped() };
  /** Territories without a value in the year: shown as «нет данных», never as lagging. */
  const noData = Object.fromEntries(indicators.map((d) => [d.indicator_id, years.map((): number[] => [])]));

  const histories = new Map<string, Map<number, boolean | null>>();
  const unitKey = (v: IndicatorValue) => `${v.indicator_id}\u0000${v.level}\u0000${v.level === "organisation" ? v.org_key : v.territory_id}`;
  for (const v of values) {
    if (v.level !== "territory" && v.level !== "organisation") continue;
    const key = unitKey(v);
    let history = histories.get(key);
    if (!history) histories.set(key, (history = new Map()));
    history.set(v.year, v.is_lagging);
  }

  const organisations: Array<{ name: string; territory_id: string; org_type_id: string | null }> = [];
  const organisationIndex = new Map<string, number>();
  const organisationOf = (v: IndicatorValue): number => {
    const key = v.org_key!;
    let i = organisationIndex.get(key);
    if (i === undefined) {
      const ref = refOrganisations.get(key);
      i = organisations.push({ name: ref?.name ?? key, territory_id: v.territory_id ?? ref?.territory_id ?? "", org_type_id: v.org_type_id ?? ref?.org_type_id ?? null }) - 1;
      organisationIndex.set(key, i);
    }
    return i;
  };

  for (const v of values) {
    const indicator = byIndicator.get(v.indicator_id);
    const y = yearIndex.get(v.year);
    if (!indicator || y === undefined) continue;
    if (v.level === "region") {
      indicator.trajectory_pct[y] = v.trajectory_pct;
      indicator.region_reason[y] = shareReason(v, measures.find((m) => m.measure_id === indicator.denominator_measure), v.year);
    }
    if (v.level === "territory" && v.territory_id !== null && v.value_pct === null) {
      const t = territoryIndex.get(v.territory_id);
      if (t !== undefined) noData[v.indicator_id]![y]!.push(t);
    }
    if (v.is_lagging !== true || v.value_pct === null || (v.level !== "territory" && v.level !== "organisation")) continue;
    const streak = lagStreak(histories.get(unitKey(v))!, v.year);
    if (v.level === "territory" && v.territory_id !== null) {
      const t = territoryIndex.get(v.territory_id);
      if (t !== undefined) lagging.territory[v.indicator_id]![y]!.push([t, v.value_pct, streak]);
    } else if (v.level === "organisation" && v.org_key !== null) {
      lagging.organisation[v.indicator_id]![y]!.push([organisationOf(v), v.value_pct, streak]);
    }
  }
  process.stderr.write(`lagging: ${indicators.length} indicators, ${territories.length} territories, ${organisations.length} lagging organisations\n`);
  return { years, indicators, territories, org_types: orgTypes, organisations, lagging, no_data: noData };
}
