import { describe, expect, it } from 'vitest';
import { bandLabels, fitLabel, labelMargin } from '../../src/components/plot-layout.ts';

describe('the label column of a bar chart', () => {
  const names = ['Ванинский', 'Комсомольский']; // the longest: 13 characters

  it('is as wide as the longest label on a wide screen, up to its cap', () => {
    expect(labelMargin(names, 1280)).toBe(115); // 16 + 7.6 × 13 = 114.8
    expect(labelMargin(names, 1280, { max: 100 })).toBe(100);
    expect(labelMargin([], 1280)).toBe(16);
  });

  it('gives way on a phone, so the marks keep their room and no bar gets a negative width', () => {
    const forms = ['Работодатель – студент (обучающийся СПО)', 'Педагог – педагог']; // 40 characters
    // wanted 20 + 7.8 × 40 = 332; at 390 px: 390 − 140 − 120 = 130 left for the labels
    expect(labelMargin(forms, 390, { perChar: 7.8, pad: 20, max: 440, marginRight: 140 })).toBe(130);
    expect(labelMargin(forms, 1440, { perChar: 7.8, pad: 20, max: 440, marginRight: 140 })).toBe(332);
    // never below zero, however narrow
    expect(labelMargin(forms, 100, { marginRight: 140 })).toBe(0);
  });

  it('cuts a label to what fits, with «…», and leaves one that fits whole', () => {
    expect(fitLabel('Комсомольский муниципальный район', 120)).toBe('Комсомольски…'); // (120 − 16) / 7.6 → 13
    expect(fitLabel('Комсомольский', 115)).toBe('Комсомольский');
    // (130 − 20) / 7.8 → 14 characters fit of 17: 13 and «…»
    expect(fitLabel('Педагог – педагог', 130, { perChar: 7.8, pad: 20 })).toBe('Педагог – пед…');
  });
});

describe('labels above the bars', () => {
  const forms = ['ученик – ученик', 'педагог вуза/колледжа – молодой педагог']; // 15 and 39 characters
  const options = { perChar: 7.8, pad: 20, max: 440, marginRight: 140, rowHeight: 30 };

  it('on a wide screen: a column as wide as the longest label, which is not cut', () => {
    const band = bandLabels(forms, 1440, options);
    expect(band).toMatchObject({ above: false, marginLeft: 325, rowHeight: 30, insetTop: 4 }); // 20 + 7.8 × 39 = 324.2
    expect(forms.map(band.axis.tickFormat!)).toEqual(forms);
    expect(band.labels('x')).toEqual([]);
  });

  it('on a phone: each label on its own line above its bar, the rows taller, no label column', () => {
    // the column would get 330 − 140 − 120 = 70 px of the 325 it wants
    const band = bandLabels(forms, 330, options);
    expect(band).toMatchObject({ above: true, marginLeft: 8, rowHeight: 48, insetTop: 20, axis: { axis: null } });
    expect(band.labels('x')).toHaveLength(1);
  });
});
