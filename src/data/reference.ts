import { readSnapshot, type SnapshotFile } from "../contract/snapshot.ts";

// The reference tables as the loaders ship them. Every list, legend and table of the site follows the reference's
// sort_order, and a loader ships only the columns its page uses, so both rules live here once.

type ReferenceName = "ref_territories" | "ref_indicators" | "ref_measures" | "ref_org_types" | "ref_forms" | "ref_checklist_criteria";
type ReferenceRow<N extends ReferenceName> = SnapshotFile<N>[number];

/**
 * A reference table in sort_order, cut to `columns`.
 * @example reference("ref_forms", ["form_id", "name"]) // [{ form_id, name }, …] in sort_order
 */
export function reference<N extends ReferenceName, C extends keyof ReferenceRow<N>>(
  name: N,
  columns: readonly C[]
): Array<Pick<ReferenceRow<N>, C>> {
  const rows: ReadonlyArray<ReferenceRow<N>> = readSnapshot(name);
  return rows
    .toSorted((a, b) => a.sort_order - b.sort_order)
    .map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])) as Pick<ReferenceRow<N>, C>);
}

/** Territories as labels of charts and tables. */
export function territoryLabels() {
  return reference("ref_territories", ["territory_id", "short_name"]);
}

/** Organisation types as labels (short_name) of charts and tables. */
export function orgTypeLabels() {
  return reference("ref_org_types", ["org_type_id", "short_name"]);
}

/** Organisation types where a page also spells the type out (name). */
export function orgTypeNames() {
  return reference("ref_org_types", ["org_type_id", "name", "short_name"]);
}

/** Indicators with their type, baseline and target: what a page needs to draw one against its trajectory. */
export function indicatorTargets() {
  return reference("ref_indicators", ["indicator_id", "name", "short_name", "org_type_id", "baseline_year", "baseline_pct", "target_year", "target_pct"]);
}

/** Measures as pages name them: a short name, and the genitive a missing figure is named in («нет численности обучающихся»). */
export function measureNames() {
  return reference("ref_measures", ["measure_id", "block", "kind", "short_name", "name_genitive"]);
}

/** The years of the site: every year with an accepted form (meta.json), whether or not any share could be computed. */
export function siteYears(): number[] {
  return [...readSnapshot("meta").years].sort((a, b) => a - b);
}
