import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as layers from './migrations/2026-11-22-0001-layers.ts';
import * as registry from './migrations/2026-11-22-0002-registry.ts';
import * as martsInputs from './migrations/2026-11-22-0003-marts-inputs.ts';
import * as runSteps from './migrations/2026-11-22-0004-run-steps.ts';
import * as factSource from './migrations/2026-12-06-0005-fact-source.ts';
import * as contingent from './migrations/2026-12-06-0006-contingent.ts';

/** Migrations in the order they apply; names are frozen once released. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-0001-layers': layers,
  '2026-11-22-0002-registry': registry,
  '2026-11-22-0003-marts-inputs': martsInputs,
  '2026-11-22-0004-run-steps': runSteps,
  '2026-12-06-0005-fact-source': factSource,
  '2026-12-06-0006-contingent': contingent,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; a no-op on an up-to-date warehouse. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Миграция хранилища не выполнена (${failed?.migrationName ?? 'неизвестно'}): ${String(error)}`);
  }
}
