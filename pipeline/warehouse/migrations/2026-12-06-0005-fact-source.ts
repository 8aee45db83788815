import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.
// Where an organisation-level fact came from: the organisation's own form ('form') or the region's contingent
// export ('contingent'), which fills only what the form lacks. Measures get the short name pages show and the
// genitive a missing figure is named in («нет численности обучающихся»).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table core_org_facts add column if not exists source varchar default 'form'`.execute(db);
  await sql`alter table core_org_facts alter column source set not null`.execute(db);
  await sql`alter table core_measures add column if not exists short_name varchar`.execute(db);
  await sql`alter table core_measures add column if not exists name_genitive varchar`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table core_org_facts drop column if exists source`.execute(db);
  await sql`alter table core_measures drop column if exists short_name`.execute(db);
  await sql`alter table core_measures drop column if exists name_genitive`.execute(db);
}
