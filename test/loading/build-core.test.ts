import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCore } from '../../pipeline/loading/build-core.ts';
import { openWarehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';

describe('core rebuild', () => {
  it('refuses to break the grain of core_facts and leaves core as it was', async () => {
    const wh = await openWarehouse(path.join(tempDir(), 'w.duckdb'), REGION_TIME_ZONE);
    const c = await wh.connect();
    try {
      await c.run(
        `insert into stg_submissions values ('f1', null, 2024, 'lazo', null, 'СОШ 1', 'сош 1', 'OO', '2025-01-20', true)`,
      );
      await c.run(
        `insert into stg_values values ('f1', 2024, 'lazo', 'сош 1', 'pupil_pupil', 'mentees_students', 5, null, 2, 'значение')`,
      );
      await buildCore(c);
      expect((await c.runAndReadAll('select org_key, value from core_facts')).getRowObjectsJson()).toEqual([
        { org_key: 'name:lazo:сош 1', value: 5 },
      ]);
      // a second value for the same organisation × year × form × measure can only come from a staging bug
      await c.run(
        `insert into stg_values values ('f1', 2024, 'lazo', 'сош 1', 'pupil_pupil', 'mentees_students', 6, null, 3, 'значение')`,
      );
      await expect(buildCore(c)).rejects.toThrow(
        'core rebuild broke the grain of core_facts (org_key × year × form_id × measure_id): 1 duplicate keys; rolled back',
      );
      expect((await c.runAndReadAll('select org_key, value from core_facts')).getRowObjectsJson()).toEqual([
        { org_key: 'name:lazo:сош 1', value: 5 },
      ]);
    } finally {
      c.closeSync();
      await wh.close();
    }
  });
});
