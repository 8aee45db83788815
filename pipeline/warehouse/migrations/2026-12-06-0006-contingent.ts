import type { Kysely } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.
// The contingent (organisation × year totals from the statistical forms or the region's contingent system) is staged
// in tables of its own, apart from stg_submissions/stg_values: no query of the forms' staging (coverage, years, files,
// supersession) can count it by forgetting a filter. core_contingent records what became of every staged value.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per organisation × year read from a contingent file, accepted or not.
  await db.schema
    .createTable('stg_contingent_rows')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('sheet', 'varchar')
    .addColumn('row_number', 'integer')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar', (c) => c.notNull())
    .addColumn('org_name_key', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('is_accepted', 'boolean', (c) => c.notNull())
    .execute();
  // One row per accepted total: file × organisation row × measure.
  await db.schema
    .createTable('stg_contingent_values')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('sheet', 'varchar')
    .addColumn('row_number', 'integer')
    .addColumn('column_name', 'varchar')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar', (c) => c.notNull())
    .addColumn('org_name_key', 'varchar', (c) => c.notNull())
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The outcome of every staged contingent value, rebuilt with core.
  await db.schema
    .createTable('core_contingent')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('file_name', 'varchar')
    .addColumn('sheet', 'varchar')
    .addColumn('row_number', 'integer')
    .addColumn('column_name', 'varchar')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar', (c) => c.notNull())
    .addColumn('org_key', 'varchar')
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('status', 'varchar', (c) => c.notNull())
    .addColumn('form_value', 'double precision')
    .addColumn('count_measure_id', 'varchar')
    .addColumn('count_value', 'double precision')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('core_contingent').ifExists().execute();
  await db.schema.dropTable('stg_contingent_values').ifExists().execute();
  await db.schema.dropTable('stg_contingent_rows').ifExists().execute();
}
