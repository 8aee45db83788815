import { shareReason, shortShareReason } from "../contract/share-reason.ts";
import { measureNames, reference, siteYears } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// «Муниципалитеты»: every territory's series of every indicator, year by year. One object per indicator × territory
// with arrays aligned with `years` keeps the file small (the page needs all years for the sparklines anyway).
export function territoriesData() {
  const values = readSnapshot("mart_indicator_values");
  // every year with a form, whether or not a share could be computed in it
  const years = siteYears();
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const empty = <T>() => years.map((): T | null => null);

  const measures = measureNames();
  const indicators = reference("ref_indicators", ["indicator_id", "name", "short_name", "method", "numerator_measure", "denominator_measure", "target_year", "target_pct"])
    .map((d) => ({
      ...d,
      // the trajectory is one line per indicator, whatever the level: taken from the region's rows
      trajectory_pct: empty<number>(),
      region_pct: empty<number>(),
      region_change_pp: empty<number>(),
      // the indicator's count (its numerator, everyone who reported it) and why the share is missing or partial
      region_count: empty<number>(),
      region_reason: empty<string>()
    }));
  const denominatorOf = (indicatorId: string) => {
    const id = byIndicator.get(indicatorId)?.denominator_measure;
    return measures.find((m) => m.measure_id === id) ?? null;
  };
  const byIndicator = new Map(indicators.map((d) => [d.indicator_id, d]));

  const territories = reference("ref_territories", ["territory_id", "name", "short_name", "tile_col", "tile_row"]);

  type Series = {
    indicator_id: string;
    territory_id: string;
    value_pct: Array<number | null>;
    change_pp: Array<number | null>;
    is_lagging: Array<boolean | null>;
    rank: Array<number | null>;
    count: Array<number | null>;
    reason: Array<string | null>;
  };
  const series = new Map<string, Series>();
  for (const v of values) {
    const i = yearIndex.get(v.year);
    const indicator = byIndicator.get(v.indicator_id);
    if (!indicator || i === undefined) continue;
    const reason = v.value_pct == null ? shortShareReason(v, denominatorOf(v.indicator_id)) : null;
    if (v.level === "region") {
      indicator.trajectory_pct[i] = v.trajectory_pct;
      indicator.region_pct[i] = v.value_pct;
      indicator.region_change_pp[i] = v.change_pp;
      indicator.region_count[i] = v.numerator_reported;
      indicator.region_reason[i] = shareReason(v, denominatorOf(v.indicator_id), v.year);
    } else if (v.level === "territory" && v.territory_id !== null) {
      const key = `${v.indicator_id}\u0000${v.territory_id}`;
      let s = series.get(key);
      if (!s) {
        s = { indicator_id: v.indicator_id, territory_id: v.territory_id, value_pct: empty(), change_pp: empty(), is_lagging: empty(), rank: empty(), count: empty(), reason: empty() };
        series.set(key, s);
      }
      s.value_pct[i] = v.value_pct;
      s.change_pp[i] = v.change_pp;
      s.is_lagging[i] = v.is_lagging;
      s.rank[i] = v.rank_among_territories;
      s.count[i] = v.numerator_reported;
      s.reason[i] = reason;
    }
  }
  // each territory's coverage by year, for its coverage chart's embed page (the territory page has its own copy)
  const coverage = readSnapshot("mart_coverage")
    .toSorted((a, b) => a.year - b.year)
    .map((c) => ({
      territory_id: c.territory_id, year: c.year, expected: c.organisations_expected, reported: c.organisations_reported,
      missing: c.organisations_missing, unlisted: c.organisations_unlisted, share_pct: c.share_reported_pct
    }));
  process.stderr.write(`territories: ${indicators.length} indicators, ${territories.length} territories, ${series.size} series\n`);
  return { years, indicators, measures, territories, series: [...series.values()], coverage };
}
