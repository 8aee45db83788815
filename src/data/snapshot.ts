import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { loadConfig } from "../../pipeline/config.ts";

// The marts snapshot the pipeline publishes: the site's only input. Loaders read it through this module.

const pct = z.number().nullable();

export const SnapshotMeta = z.object({
  generated_at: z.string().min(1),
  run_id: z.string(),
  years: z.array(z.number().int()),
  synthetic: z.boolean(),
  region: z.object({
    name: z.string().min(1),
    name_prepositional: z.string().min(1),
    time_zone: z.string().min(1),
    time_zone_city: z.string().min(1)
  })
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

export const RefTerritory = z.object({
  territory_id: z.string().min(1),
  name: z.string().min(1),
  short_name: z.string().min(1),
  kind: z.enum(["city_okrug", "municipal_district", "municipal_okrug", "regional"]),
  tile_col: z.number().int(),
  tile_row: z.number().int(),
  sort_order: z.number()
});
export type RefTerritory = z.infer<typeof RefTerritory>;

export const RefIndicator = z.object({
  indicator_id: z.string().min(1),
  name: z.string().min(1),
  short_name: z.string().min(1),
  org_type_id: z.string().nullable(),
  baseline_year: z.number().int(),
  baseline_pct: z.number(),
  target_year: z.number().int(),
  target_pct: z.number(),
  sort_order: z.number()
});
export type RefIndicator = z.infer<typeof RefIndicator>;

export const IndicatorValue = z.object({
  level: z.enum(["region", "territory", "org_type", "form", "territory_org_type", "organisation"]),
  territory_id: z.string().nullable(),
  year: z.number().int(),
  indicator_id: z.string().min(1),
  // null where a territory reported nothing for the year (the pipeline writes it so)
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value_pct: pct,
  prev_value_pct: pct,
  change_pp: pct,
  baseline_pct: z.number(),
  target_pct: z.number(),
  trajectory_pct: z.number(),
  is_lagging: z.boolean().nullable()
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const Coverage = z.object({
  territory_id: z.string().min(1),
  year: z.number().int(),
  organisations_reported: z.number(),
  files_loaded: z.number(),
  files_rejected: z.number()
});
export type Coverage = z.infer<typeof Coverage>;

/** Every file of the snapshot and the shape it must have. */
export const SnapshotFiles = {
  meta: SnapshotMeta,
  ref_territories: z.array(RefTerritory),
  ref_indicators: z.array(RefIndicator),
  mart_indicator_values: z.array(IndicatorValue),
  mart_coverage: z.array(Coverage)
} as const;
export type SnapshotFileName = keyof typeof SnapshotFiles;
export type SnapshotFile<K extends SnapshotFileName> = z.infer<(typeof SnapshotFiles)[K]>;

/** The snapshot folder: SNAPSHOT_DIR, by default `data/snapshot` of the project. */
export function snapshotDir(): string {
  return loadConfig().SNAPSHOT_DIR;
}

/**
 * Reads and checks one file of the snapshot; throws a Russian message naming the file when it is missing or
 * does not match the contract.
 * @example const territories = readSnapshot("ref_territories");
 */
export function readSnapshot<K extends SnapshotFileName>(name: K, dir = snapshotDir()): SnapshotFile<K> {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`Нет снимка витрин: не найден файл ${file}. Сначала запустите npm run pipeline (или укажите SNAPSHOT_DIR).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new Error(`Снимок витрин повреждён: ${file} не читается как JSON (${(error as Error).message}).`);
  }
  const result = SnapshotFiles[name].safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(корень)"}: ${i.message}`);
    throw new Error(`Снимок витрин не соответствует контракту: ${file}\n${issues.join("\n")}`);
  }
  return result.data as SnapshotFile<K>;
}

/**
 * Runs a loader: writes what `shape` returns to stdout as JSON, or the error to stderr with exit code 1.
 * @example emit(() => ({ years: readSnapshot("meta").years }));
 */
export function emit(shape: () => unknown): void {
  try {
    process.stdout.write(JSON.stringify(shape()));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
