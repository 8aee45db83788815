import type { Kysely } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.

export async function up(db: Kysely<any>): Promise<void> {
  // Operations: runs and the findings they produced.
  await db.schema
    .createTable('ops_runs')
    .ifNotExists()
    .addColumn('run_id', 'varchar', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'varchar', (c) => c.notNull())
    .addColumn('inbox_dir', 'varchar', (c) => c.notNull())
    .addColumn('files_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_loaded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'varchar')
    .execute();
  await db.schema
    .createTable('ops_findings')
    .ifNotExists()
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('file_sha256', 'varchar')
    .addColumn('file_name', 'varchar')
    .addColumn('sheet', 'varchar')
    .addColumn('row_number', 'integer')
    .addColumn('column_name', 'varchar')
    .addColumn('value', 'varchar')
    .addColumn('severity', 'varchar', (c) => c.notNull())
    .addColumn('code', 'varchar', (c) => c.notNull())
    .addColumn('message', 'varchar', (c) => c.notNull())
    .execute();

  // Raw: what was received, one row per distinct content.
  await db.schema
    .createTable('raw_files')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.primaryKey())
    .addColumn('source_path', 'varchar', (c) => c.notNull())
    .addColumn('file_name', 'varchar', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('file_modified_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('archived_path', 'varchar', (c) => c.notNull())
    .addColumn('format', 'varchar')
    .addColumn('status', 'varchar', (c) => c.notNull())
    .addColumn('org_years_accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('org_years_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Staging: accepted values cast to the warehouse's types, one row per value received.
  await db.schema
    .createTable('stg_submissions')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('sheet', 'varchar')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar', (c) => c.notNull())
    .addColumn('org_name_key', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('is_accepted', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('stg_values')
    .ifNotExists()
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('org_name_key', 'varchar', (c) => c.notNull())
    .addColumn('form_id', 'varchar')
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('sheet', 'varchar')
    .addColumn('row_number', 'integer')
    .addColumn('column_name', 'varchar')
    .execute();

  // Core: reference data, organisations and the facts that count.
  await db.schema
    .createTable('core_territories')
    .ifNotExists()
    .addColumn('territory_id', 'varchar', (c) => c.primaryKey())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('short_name', 'varchar', (c) => c.notNull())
    .addColumn('kind', 'varchar', (c) => c.notNull())
    .addColumn('oktmo', 'varchar')
    .addColumn('tile_col', 'integer', (c) => c.notNull())
    .addColumn('tile_row', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_territory_names')
    .ifNotExists()
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('kind', 'varchar', (c) => c.notNull())
    .addColumn('oktmo', 'varchar')
    .addColumn('valid_from', 'integer')
    .addColumn('valid_to', 'integer')
    .execute();
  await db.schema
    .createTable('core_org_types')
    .ifNotExists()
    .addColumn('org_type_id', 'varchar', (c) => c.primaryKey())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('short_name', 'varchar', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_forms')
    .ifNotExists()
    .addColumn('form_id', 'varchar', (c) => c.primaryKey())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('mentee_group', 'varchar', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_measures')
    .ifNotExists()
    .addColumn('measure_id', 'varchar', (c) => c.primaryKey())
    .addColumn('block', 'varchar', (c) => c.notNull())
    .addColumn('kind', 'varchar', (c) => c.notNull())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_indicators')
    .ifNotExists()
    .addColumn('indicator_id', 'varchar', (c) => c.primaryKey())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('short_name', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar')
    .addColumn('method', 'varchar', (c) => c.notNull())
    .addColumn('numerator_measure', 'varchar', (c) => c.notNull())
    .addColumn('denominator_measure', 'varchar', (c) => c.notNull())
    .addColumn('baseline_year', 'integer', (c) => c.notNull())
    .addColumn('baseline_pct', 'double precision', (c) => c.notNull())
    .addColumn('target_year', 'integer', (c) => c.notNull())
    .addColumn('target_pct', 'double precision', (c) => c.notNull())
    .addColumn('source', 'varchar', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_checklist_criteria')
    .ifNotExists()
    .addColumn('criterion_id', 'varchar', (c) => c.primaryKey())
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('short_name', 'varchar', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_organisations')
    .ifNotExists()
    .addColumn('org_key', 'varchar', (c) => c.primaryKey())
    .addColumn('inn', 'varchar')
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar')
    .addColumn('first_year', 'integer', (c) => c.notNull())
    .addColumn('last_year', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_submissions')
    .ifNotExists()
    .addColumn('org_key', 'varchar', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar')
    .addColumn('file_sha256', 'varchar', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('is_current', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_facts')
    .ifNotExists()
    .addColumn('org_key', 'varchar', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('form_id', 'varchar', (c) => c.notNull())
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())

    .execute();
  await db.schema
    .createTable('core_org_facts')
    .ifNotExists()
    .addColumn('org_key', 'varchar', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('measure_id', 'varchar', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())

    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'core_org_facts',
    'core_facts',
    'core_submissions',
    'core_organisations',
    'core_checklist_criteria',
    'core_indicators',
    'core_measures',
    'core_forms',
    'core_org_types',
    'core_territory_names',
    'core_territories',
    'stg_values',
    'stg_submissions',
    'raw_files',
    'ops_findings',
    'ops_runs',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
