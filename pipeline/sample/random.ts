import { randomLcg } from 'd3-random';

/** FNV-1a over UTF-16 code units: turns a stream label into a seed without another source of randomness. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A seeded random stream over d3-random's LCG. Forks are keyed by label, so what one part of the generator draws
 * does not shift what another part gets (an organisation keeps its values whatever the scale).
 * @example new Rng(1).fork('org:lazo:OO:3').int(1, 6)
 */
export class Rng {
  private readonly uniform: () => number;

  constructor(readonly seed: number) {
    this.uniform = randomLcg(seed);
  }

  fork(label: string): Rng {
    return new Rng(hash32(`${this.seed}/${label}`));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uniform();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((s, w) => s + w, 0);
    let x = this.uniform() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Box–Muller normal deviate. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Rounds up with probability equal to the fraction, so small expected counts stay unbiased in sums. */
  roundStochastic(x: number): number {
    const floor = Math.floor(x);
    return floor + (this.uniform() < x - floor ? 1 : 0);
  }

  /** Splits a total into integer parts proportional to random weights (largest remainder, deterministic). */
  split(total: number, parts: number, minWeight = 0.2): number[] {
    if (parts <= 0) return [];
    const weights = Array.from({ length: parts }, () => minWeight + this.uniform());
    const sum = weights.reduce((s, w) => s + w, 0);
    const exact = weights.map((w) => (total * w) / sum);
    const out = exact.map(Math.floor);
    let rest = total - out.reduce((s, x) => s + x, 0);
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) {
      if (rest <= 0) break;
      out[i]! += 1;
      rest -= 1;
    }
    return out;
  }
}
