import type { Kysely } from 'kysely';

// Frozen in time: this migration must not import from the rest of the code.
// The run log's steps: every named step of every run (reference, inbox, registry, core, marts, snapshot, site)
// with its times, how it ended and a short JSON of its counts or error.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ops_run_steps')
    .ifNotExists()
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('step', 'varchar', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    // running | success | failed | skipped | interrupted
    .addColumn('status', 'varchar', (c) => c.notNull())
    .addColumn('detail', 'varchar')
    .addPrimaryKeyConstraint('ops_run_steps_pk', ['run_id', 'step'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ops_run_steps').ifExists().execute();
}
