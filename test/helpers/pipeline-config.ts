import path from 'node:path';
import { REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import type { PipelineConfig } from '../../pipeline/run-pipeline.ts';
import { regionTimeZone } from '../../pipeline/config.ts';

/** The region's time zone, which the pipeline opens the warehouse in. */
export const REGION_TIME_ZONE = regionTimeZone(REFERENCE_DIR);

/** A pipeline configuration whose warehouse, archive and snapshot live in `dir`, reading `inbox`. */
export function pipelineConfigIn(
  dir: string,
  inbox = path.join(dir, 'inbox'),
  overrides: Partial<PipelineConfig> = {},
): PipelineConfig {
  return {
    INBOX_DIR: inbox,
    WAREHOUSE_PATH: path.join(dir, 'warehouse.duckdb'),
    ARCHIVE_DIR: path.join(dir, 'archive'),
    SNAPSHOT_DIR: path.join(dir, 'snapshot'),
    REFERENCE_DIR,
    DATA_IS_SYNTHETIC: false,
    ...overrides,
  };
}
