import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrarySnapshot } from '../fixtures/arbitrary-snapshot.ts';
import './helpers.ts';

// The arbitrary itself: every generated snapshot passes the zod contract (snapshotOf parses every file) and is one the
// pipeline could publish.
describe('arbitrary snapshot', () => {
  it('is consistent the way the marts are', () => {
    fc.assert(
      fc.property(arbitrarySnapshot, ({ snapshot: s }) => {
        const years = s.meta.years;
        expect(years).toEqual([...new Set(years)].sort((a, b) => a - b));
        for (const ind of s.ref_indicators) {
          for (const year of years) {
            expect(
              s.mart_indicator_values.filter(
                (v) => v.indicator_id === ind.indicator_id && v.year === year && v.level === 'region',
              ),
            ).toHaveLength(1);
            for (const t of s.ref_territories) {
              expect(
                s.mart_indicator_values.filter(
                  (v) =>
                    v.indicator_id === ind.indicator_id &&
                    v.year === year &&
                    v.level === 'territory' &&
                    v.territory_id === t.territory_id,
                ),
              ).toHaveLength(1);
            }
          }
        }
        for (const v of s.mart_indicator_values) {
          expect(years).toContain(v.year);
          if (v.level !== 'form') {
            expect(
              v.organisations_counted + v.organisations_denominator_missing + v.organisations_denominator_zero,
            ).toBe(v.organisations_reporting);
          }
          if (v.value_basis === 'sums') expect(v.denominator).toBeGreaterThan(0);
          if (v.value_pct == null) expect(v.is_lagging).toBeNull();
        }
        expect(s.mart_coverage.length).toBeGreaterThanOrEqual(years.length * s.ref_territories.length);
        const countMeasures = s.ref_measures.filter((m) => m.kind === 'count');
        expect(s.mart_counts.filter((c) => c.level === 'region')).toHaveLength(countMeasures.length * years.length);
      }),
    );
  });

  it('reaches the shapes the properties are about', () => {
    const samples = fc.sample(arbitrarySnapshot, { numRuns: 300, seed: 1 }).map((x) => x.snapshot);
    expect(samples.some((s) => s.meta.years.length === 0)).toBe(true);
    expect(samples.some((s) => s.meta.years.length >= 3)).toBe(true);
    expect(
      samples.some((s) =>
        s.mart_indicator_values.some(
          (v) => v.level === 'region' && v.value_pct == null && v.organisations_reporting > 0,
        ),
      ),
    ).toBe(true);
    expect(samples.some((s) => s.mart_indicator_values.some((v) => v.value_basis === 'unweighted_mean'))).toBe(true);
    expect(
      samples.some(
        (s) =>
          s.mart_coverage.some((c) => c.organisations_expected === 0 && c.organisations_reported === 0) &&
          s.meta.years.length > 0,
      ),
    ).toBe(true);
    expect(samples.some((s) => s.mart_checklist.length > 0)).toBe(true);
    expect(samples.some((s) => s.mart_registry.some((r) => r.mentors_registered > 0))).toBe(true);
    expect(samples.some((s) => s.mart_forms.length > 0)).toBe(true);
  });
});
