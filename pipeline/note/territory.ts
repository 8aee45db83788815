import { existsSync } from 'node:fs';
import path from 'node:path';
import { Normaliser } from '../reference/normaliser.ts';
import { loadReference } from '../reference/reference.ts';
import { textKey } from '../reference/text-key.ts';
import type { NoteData } from './note-data.ts';
import { quote } from './typography.ts';

/**
 * The territory_id a user named: a code, short or official name of the snapshot, or any spelling the region's
 * normaliser knows («Лазо», «р-н им. Лазо», an OKTMO) when the reference folder is at hand. A Russian error otherwise.
 * @example resolveTerritory(data, "р-н им. Лазо", config.REFERENCE_DIR) // "lazo"
 */
export function resolveTerritory(data: NoteData, text: string, referenceDir?: string): string {
  const key = textKey(text);
  const direct = data.ref_territories.find((t) =>
    [t.territory_id, t.short_name, t.name].some((s) => textKey(s) === key),
  );
  if (direct) return direct.territory_id;
  if (referenceDir !== undefined && existsSync(path.join(referenceDir, 'territories.csv'))) {
    const match = new Normaliser(loadReference(referenceDir)).territory(text);
    if (match.id !== null && data.ref_territories.some((t) => t.territory_id === match.id)) return match.id;
  }
  const known = data.ref_territories
    .toSorted((a, b) => a.sort_order - b.sort_order)
    .map((t) => t.short_name)
    .join(', ');
  throw new Error(`Муниципалитет ${quote(text)} не найден в снимке витрин. Есть: ${known}.`);
}
