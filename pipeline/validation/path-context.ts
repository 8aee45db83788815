import path from 'node:path';
import type { Normaliser } from '../reference/normaliser.ts';

/** Year and territory a file's location says: `inbox/<year>/<territory>/…` or words of its name. */
export interface PathContext {
  year: number | null;
  territoryId: string | null;
  territoryText: string | null;
}

const YEAR = /(?:^|[^\d])((?:19|20)\d\d)(?:[^\d]|$)/;

export function contextFromPath(relativePath: string, normaliser: Normaliser): PathContext {
  const dirs = path
    .dirname(relativePath)
    .split(/[\\/]/)
    .filter((s) => s !== '.' && s !== '');
  const name = path.basename(relativePath).replace(/\.[^.]+$/, '');
  let year: number | null = null;
  for (const d of [...dirs].reverse()) {
    if (/^(19|20)\d\d$/.test(d)) {
      year = Number(d);
      break;
    }
  }
  if (year === null) {
    const m = YEAR.exec(name);
    if (m) year = Number(m[1]);
  }
  for (const d of [...dirs].reverse()) {
    const match = normaliser.territory(d);
    if (match.id !== null) return { year, territoryId: match.id, territoryText: d };
  }
  for (const part of name.split(/[_]+/)) {
    const match = normaliser.territory(part);
    if (match.id !== null) return { year, territoryId: match.id, territoryText: part };
  }
  const unknown = [...dirs].reverse().find((d) => !/^(19|20)\d\d$/.test(d)) ?? null;
  return { year, territoryId: null, territoryText: unknown };
}
