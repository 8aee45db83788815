import fc from 'fast-check';
import { vi } from 'vitest';

// What the property tests share: the fixed seed, the broken-text rule and a walk over every text of a value.

/** One seed for every property: CI runs the same cases; fast-check prints the seed, path and counterexample on failure. */
export const SEED = Number(process.env.PROPERTY_SEED || 20_261_206);
/** PROPERTY_RUNS=2000 explores further (and slower) than CI does. */
export const RUNS = Number(process.env.PROPERTY_RUNS || 150);
/** A property's own number of runs, scaled with PROPERTY_RUNS. */
export const runs = (n: number) => (process.env.PROPERTY_RUNS ? RUNS : n);
fc.configureGlobal({ seed: SEED, numRuns: RUNS, endOnFailure: false });

/**
 * Text that leaked from code into a page, a chart or the note. The rule, plus «к -1» written so that it can
 * match after a space (JavaScript's \b knows only ASCII letters, so `\bк -1\b` never matches Cyrillic «к»).
 */
const BROKEN = /\b(null|undefined|NaN|Infinity)\b|-Infinity|\bк -1\b|No results/;
const BROKEN_RU = /(^|[^\p{L}])к [-−]1(?!\d)/u;

/** The broken part of a text, or null. */
export function brokenText(text: string): string | null {
  const m = BROKEN.exec(text) ?? BROKEN_RU.exec(text);
  if (!m) return null;
  const at = m.index;
  return `«${m[0].trim()}» in «${text.slice(Math.max(0, at - 60), at + 60)}»`;
}

/** Every string inside a value (object values and array items, not keys), with its path. */
export function* stringsOf(value: unknown, at = '$'): Generator<[string, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsOf(value[i], `${at}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* stringsOf(v, `${at}.${k}`);
}

/** Throws naming the first broken text of `value` (a string or any JSON-like value). */
export function expectNoBrokenText(where: string, value: unknown): void {
  for (const [at, text] of stringsOf(value)) {
    const broken = brokenText(text);
    if (broken) throw new Error(`${where}: broken text at ${at}: ${broken}`);
  }
}

/** A message is Russian: it has Cyrillic words and nothing that leaked from code. */
export function expectRussianMessage(where: string, message: string): void {
  if (!/[А-Яа-яЁё]{3,}/.test(message)) throw new Error(`${where}: message is not Russian: «${message}»`);
  const broken = brokenText(message);
  if (broken) throw new Error(`${where}: message has broken text: ${broken}`);
}

/** The loaders report to stderr: silence them so that a run of hundreds of cases stays readable. */
export function silenceStderr(): void {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
}

/**
 * happy-dom has no canvas (getContext returns null): Plot's colour-ramp legends draw on one and chart-frame measures
 * text with one. A 2D context that accepts everything and measures ~0.55 em a character stands in, so that a
 * failure is the chart's, not the test DOM's.
 */
export function stubCanvas(): void {
  const context = new Proxy({} as Record<string | symbol, unknown>, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText')
        return (text: string) => ({
          width: String(text).length * 7,
          actualBoundingBoxAscent: 9,
          actualBoundingBoxDescent: 3,
        });
      if (key === 'getImageData')
        return (_x: number, _y: number, w: number, h: number) => ({
          width: w,
          height: h,
          data: new Uint8ClampedArray(Math.max(0, w * h * 4)),
        });
      if (key === 'createLinearGradient' || key === 'createRadialGradient') return () => ({ addColorStop() {} });
      return () => undefined;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  const proto = (globalThis as unknown as { HTMLCanvasElement?: { prototype: Record<string, unknown> } })
    .HTMLCanvasElement?.prototype;
  if (!proto) return;
  proto.getContext = () => context;
  proto.toDataURL = () => 'data:image/png;base64,';
}
