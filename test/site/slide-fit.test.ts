import { describe, expect, it } from 'vitest';
import { OTHER_FORMS, topForms } from '../../src/components/forms-charts.ts';
import { MIN_ROW_STEP, rowStep } from '../../src/components/plot-defaults.ts';

// How a chart makes room for large type on a slide: rows drawn closer within the frame's room, and the forms of
// mentoring beyond the largest summed as «прочие». Hand-made figures.

describe('rows in a slide’s frame', () => {
  it('keep their step on a page and stand closer in a frame, never closer than MIN_ROW_STEP', () => {
    expect(rowStep(20, 28, undefined)).toBe(28);
    // 8 indicators in 373 px, 50 of them axis: (373 − 50) / 8 = 40,4
    expect(rowStep(8, 44, 373, 50)).toBe(40);
    // room to spare: the page's step, not more
    expect(rowStep(3, 28, 373)).toBe(28);
    // 20 territories in 353 px, 56 of axis and margins: 14,85 → the floor
    expect(MIN_ROW_STEP).toBe(15);
    expect(rowStep(20, 28, 353, 56)).toBe(15);
    expect(rowStep(20, 28, 100, 56)).toBe(15);
  });
});

const rows = (values: Record<string, [number | null, number | null]>) =>
  Object.entries(values).flatMap(([form, [y2023, y2024]]) => [
    { form, year: 2023, value: y2023 },
    { form, year: 2024, value: y2024 },
  ]);

describe('the forms on a slide', () => {
  it('are the five largest of the year, the others summed as «прочие» year by year', () => {
    const { forms, rows: out } = topForms(
      rows({ А: [40, 50], Б: [25, 20], В: [10, 10], Г: [9, 8], Д: [5, 6], Е: [7, 4], Ж: [4, 2] }),
      2024,
    );
    expect(forms).toEqual(['А', 'Б', 'В', 'Г', 'Д', OTHER_FORMS]);
    expect(out.filter((d) => d.form === OTHER_FORMS)).toEqual([
      { form: OTHER_FORMS, year: 2023, value: 11 },
      { form: OTHER_FORMS, year: 2024, value: 6 },
    ]);
    expect(out.filter((d) => d.form === 'Е' || d.form === 'Ж')).toEqual([]);
  });

  it('leave out of the named ones a form under 3 % of the year, and take the latest year when none is given', () => {
    // 2024: А 90, Б 5 of 100; В, Г, Д 2, 2, 1 — under 3 %
    const { forms, rows: out } = topForms(
      rows({ А: [80, 90], Б: [10, 5], В: [5, 2], Г: [null, 2], Д: [1, 1] }),
      undefined,
    );
    expect(forms).toEqual(['А', 'Б', OTHER_FORMS]);
    expect(out.filter((d) => d.form === OTHER_FORMS).map((d) => d.value)).toEqual([6, 5]);
  });

  it('name a single form left over instead of calling it «прочие», and sum nothing when a year has none', () => {
    const one = topForms(rows({ А: [6, 6], Б: [5, 5], В: [4, 4], Г: [3, 3], Д: [2, 2], Е: [1, 1] }), 2024);
    expect(one.forms).toEqual(['А', 'Б', 'В', 'Г', 'Д', 'Е']);
    expect(one.rows).toHaveLength(12);
    const gap = topForms(rows({ А: [null, 50], Б: [null, 40], В: [null, 1], Г: [null, 1] }), 2024);
    expect(gap.forms).toEqual(['А', 'Б', OTHER_FORMS]);
    expect(gap.rows.filter((d) => d.form === OTHER_FORMS)).toEqual([
      { form: OTHER_FORMS, year: 2023, value: null },
      { form: OTHER_FORMS, year: 2024, value: 2 },
    ]);
  });
});
