import type { Kysely } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.
// The mentors' registry (REGISTRY_API.md). No table has a column for a person's name, e-mail or phone.

export async function up(db: Kysely<any>): Promise<void> {
  // State of each pulled source after its last successful sync; a failed sync does not touch it.
  await db.schema
    .createTable('ops_sources')
    .ifNotExists()
    .addColumn('source', 'varchar', (c) => c.primaryKey())
    .addColumn('watermark', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_run_id', 'varchar', (c) => c.notNull())
    .addColumn('records_fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('records_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Staging of one sync: filled and emptied inside the sync's transaction.
  await db.schema
    .createTable('stg_registry_mentors')
    .ifNotExists()
    .addColumn('mentor_id', 'varchar', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('is_deleted', 'boolean', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar')
    .addColumn('org_type_id', 'varchar')
    .addColumn('has_personalised_programme', 'boolean', (c) => c.notNull())
    .addColumn('is_trained', 'boolean', (c) => c.notNull())
    .addColumn('trained_at', 'varchar')
    .addColumn('registered_at', 'varchar', (c) => c.notNull())
    .addColumn('form_ids', 'varchar', (c) => c.notNull())
    .addColumn('is_new_version', 'boolean', (c) => c.notNull())
    .addColumn('is_current', 'boolean', (c) => c.notNull())
    .execute();

  // Every version of every mentor ever received.
  await db.schema
    .createTable('core_mentor_versions')
    .ifNotExists()
    .addColumn('mentor_id', 'varchar', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('is_deleted', 'boolean', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar')
    .addColumn('org_type_id', 'varchar')
    .addColumn('has_personalised_programme', 'boolean', (c) => c.notNull())
    .addColumn('is_trained', 'boolean', (c) => c.notNull())
    .addColumn('trained_at', 'date')
    .addColumn('registered_at', 'date', (c) => c.notNull())
    .addColumn('form_ids', 'varchar', (c) => c.notNull())
    .addPrimaryKeyConstraint('core_mentor_versions_pk', ['mentor_id', 'updated_at'])
    .execute();

  // The current version of each mentor (deleted ones stay, marked).
  await db.schema
    .createTable('core_mentors')
    .ifNotExists()
    .addColumn('mentor_id', 'varchar', (c) => c.primaryKey())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('is_deleted', 'boolean', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_inn', 'varchar')
    .addColumn('org_name', 'varchar')
    .addColumn('org_type_id', 'varchar')
    .addColumn('has_personalised_programme', 'boolean', (c) => c.notNull())
    .addColumn('is_trained', 'boolean', (c) => c.notNull())
    .addColumn('trained_at', 'date')
    .addColumn('registered_at', 'date', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('core_mentor_forms')
    .ifNotExists()
    .addColumn('mentor_id', 'varchar', (c) => c.notNull())
    .addColumn('form_id', 'varchar', (c) => c.notNull())
    .addPrimaryKeyConstraint('core_mentor_forms_pk', ['mentor_id', 'form_id'])
    .execute();

  // Aggregate: year × territory × organisation type × form, rebuilt after every sync.
  await db.schema
    .createTable('core_registry_counts')
    .ifNotExists()
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('territory_id', 'varchar')
    .addColumn('org_type_id', 'varchar')
    .addColumn('form_id', 'varchar')
    .addColumn('mentors_registered', 'integer', (c) => c.notNull())
    .addColumn('mentors_with_programme', 'integer', (c) => c.notNull())
    .addColumn('mentors_trained', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'core_registry_counts',
    'core_mentor_forms',
    'core_mentors',
    'core_mentor_versions',
    'stg_registry_mentors',
    'ops_sources',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
