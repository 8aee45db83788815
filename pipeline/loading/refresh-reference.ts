import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { type Reference, territoryNameIn } from '../reference/reference.ts';
import { textKey } from '../reference/text-key.ts';
import type { Database } from '../warehouse/database.ts';
import { inTransaction, runCompiled } from '../warehouse/run-compiled.ts';

/** Replaces the core's reference tables with the reference files, so that editing a file is enough. */
export async function refreshReference(
  connection: DuckDBConnection,
  db: Kysely<Database>,
  ref: Reference,
): Promise<void> {
  await inTransaction(connection, async () => {
    for (const table of [
      'core_territories',
      'core_territory_names',
      'core_org_types',
      'core_forms',
      'core_measures',
      'core_indicators',
      'core_checklist_criteria',
      'core_reference_organisations',
    ] as const) {
      await runCompiled(connection, db.deleteFrom(table));
    }
    await runCompiled(
      connection,
      db.insertInto('core_territories').values(
        ref.territories.map((t) => {
          const current = territoryNameIn(ref, t.territory_id);
          const oktmo =
            ref.territoryNames.filter((n) => n.territory_id === t.territory_id && n.oktmo !== '').at(-1)?.oktmo ?? null;
          return {
            territory_id: t.territory_id,
            name: current.name,
            short_name: t.short_name,
            kind: current.kind,
            oktmo,
            tile_col: t.tile_col,
            tile_row: t.tile_row,
            sort_order: t.sort_order,
          };
        }),
      ),
    );
    await runCompiled(
      connection,
      db.insertInto('core_territory_names').values(
        ref.territoryNames.map((n) => ({
          territory_id: n.territory_id,
          name: n.name,
          kind: n.kind,
          oktmo: n.oktmo || null,
          valid_from: n.valid_from,
          valid_to: n.valid_to,
        })),
      ),
    );
    await runCompiled(
      connection,
      db.insertInto('core_org_types').values(
        ref.orgTypes.map(({ org_type_id, name, short_name, sort_order }) => ({
          org_type_id,
          name,
          short_name,
          sort_order,
        })),
      ),
    );
    await runCompiled(
      connection,
      db
        .insertInto('core_forms')
        .values(
          ref.forms.map(({ form_id, name, mentee_group, sort_order }) => ({ form_id, name, mentee_group, sort_order })),
        ),
    );
    await runCompiled(
      connection,
      db.insertInto('core_measures').values(
        ref.measures.map(({ measure_id, block, kind, name, short_name, name_genitive, sort_order }) => ({
          measure_id,
          block,
          kind,
          name,
          short_name,
          name_genitive,
          sort_order,
        })),
      ),
    );
    await runCompiled(connection, db.insertInto('core_indicators').values(ref.indicators));
    await runCompiled(connection, db.insertInto('core_checklist_criteria').values(ref.checklistCriteria));
    if (ref.organisations.length > 0) {
      await runCompiled(
        connection,
        // org_key is set by the core build, with the same rule as for submissions
        db
          .insertInto('core_reference_organisations')
          .values(ref.organisations.map((o) => ({ ...o, org_key: '', name_key: textKey(o.name) }))),
      );
    }
  });
}
