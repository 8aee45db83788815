import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlScript } from '../warehouse/run-sql-file.ts';
import { runDataChecks } from './data-checks.ts';

/** The published marts, in build order; each `sql/<name>.sql` replaces its table from core. */
export const MARTS = [
  'mart_indicator_values',
  'mart_counts',
  'mart_value_findings',
  'mart_contingent',
  'mart_coverage_organisations',
  'mart_coverage',
  'mart_forms',
  'mart_checklist',
  'mart_registry',
] as const;
export type MartName = (typeof MARTS)[number];

/**
 * The order a mart's rows are published in, where its SQL does not set one: sorting 1.7 million rows at national
 * scale costs more than the snapshot's sort of what a region publishes, and readers of the table query it anyway.
 */
export const PUBLISHED_ORDER: Partial<Record<MartName, string>> = {
  mart_indicator_values: 'indicator_id, year, level, territory_id, org_type_id, form_id, org_key',
};

/** Tries of dropping the unchecked tables after a stop (each ends at the next interrupt at worst, 50 ms apart). */
const DROP_ATTEMPTS = 20;

const isMart = (name: string): name is MartName => (MARTS as readonly string[]).includes(name);

/** The name a mart is built under before its data checks pass (any other table keeps its name). */
export const unchecked = (table: string): string => (isMart(table) ? `${table}__unchecked` : table);

/**
 * A mart's SQL building it under its unchecked name, and reading the other marts under theirs. A `mart_…` name that
 * is no mart is refused: left as it is, it would read a published table, checked but from the run before.
 */
export function martSql(mart: MartName): string {
  return readFileSync(path.join(import.meta.dirname, 'sql', `${mart}.sql`), 'utf8').replace(/\bmart_\w+/gi, (name) => {
    if (!isMart(name)) throw new Error(`${mart}.sql: ${name} is not a mart (${MARTS.join(', ')})`);
    return unchecked(name);
  });
}

/**
 * Rebuilds every mart under its unchecked name, runs the data checks on them, and only then swaps them in under the
 * published names: when a check fails, the marts stay as they were (so the published snapshot is never replaced by
 * numbers that break a rule) and this throws. The checks run after the build is committed because DuckDB reads a
 * table written in the open transaction on one thread: at national scale the checks took twice as long inside.
 * A crash before the swap leaves unchecked tables beside the published ones, which the next build replaces.
 */
export async function buildMarts(connection: DuckDBConnection, signal?: AbortSignal): Promise<void> {
  await inTransaction(connection, async () => {
    for (const mart of MARTS) await runSqlScript(connection, martSql(mart), signal);
  });
  // A stop interrupts the step's statements until the step has ended, so it may end a try of this cleanup too: each
  // try is one transaction, repeated until one gets through between two interrupts.
  const dropUnchecked = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(connection, async () => {
          for (const mart of MARTS) await connection.run(`drop table if exists ${unchecked(mart)}`);
        });
      } catch (e) {
        if (attempt >= DROP_ATTEMPTS || !/^INTERRUPT Error/.test((e as Error).message)) throw e;
      }
    }
  };
  const failures = await runDataChecks(connection, unchecked, signal).catch(async (e: unknown) => {
    await dropUnchecked().catch(() => {});
    throw e;
  });
  if (failures.length > 0) {
    await dropUnchecked();
    throw new Error(
      `Проверки витрин не пройдены, витрины и снимок оставлены прежними: ${failures.map((f) => `${f.check} — строк: ${f.rows}`).join('; ')}`,
    );
  }
  signal?.throwIfAborted();
  await inTransaction(connection, async () => {
    for (const mart of MARTS) {
      await connection.run(`drop table if exists ${mart}`);
      await connection.run(`alter table ${unchecked(mart)} rename to ${mart}`);
    }
  });
}
