import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.
// Inputs of the marts that are not file submissions: the optional reference list of organisations, and the
// one definition of when a registry mentor counts.

export async function up(db: Kysely<any>): Promise<void> {
  // The organisations expected to report (data/reference/organisations.csv, optional); empty when the region
  // keeps no such list, and coverage then expects those seen in earlier years.
  await db.schema
    .createTable('core_reference_organisations')
    .ifNotExists()
    .addColumn('org_key', 'varchar', (c) => c.notNull())
    .addColumn('inn', 'varchar')
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('name_key', 'varchar', (c) => c.notNull())
    .addColumn('territory_id', 'varchar', (c) => c.notNull())
    .addColumn('org_type_id', 'varchar', (c) => c.notNull())
    .addColumn('valid_from', 'integer')
    .addColumn('valid_to', 'integer')
    .execute();
  // A mentor counts in year Y when registered by 31 December of Y and not deleted; is trained in Y when
  // trained by then (a trained mentor with no date counts as trained from registration). Every count of
  // mentors per year reads this view, so the registry aggregates and the marts cannot disagree.
  await sql`
    create or replace view core_live_mentors as
    select
      mentor_id,
      territory_id,
      org_type_id,
      has_personalised_programme,
      year(registered_at)::integer as counted_from_year,
      case when is_trained then greatest(year(registered_at), year(coalesce(trained_at, registered_at))) end::integer as trained_from_year
    from core_mentors
    where not is_deleted`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists core_live_mentors`.execute(db);
  await db.schema.dropTable('core_reference_organisations').ifExists().execute();
}
