import { describe, expect, it } from 'vitest';
import {
  countOf,
  dateRu,
  listRu,
  NOUN,
  num,
  pct,
  pluralRu,
  pp,
  ppDistance,
  quote,
  sentence,
} from '../../pipeline/note/typography.ts';

const NBSP = '\u00a0';

describe('Russian typography of the note', () => {
  it('chooses the plural form: 1 организация, 2 организации, 5 организаций, 11, 21, 111', () => {
    expect(countOf(1, NOUN.organisation)).toBe(`1${NBSP}организация`);
    expect(countOf(2, NOUN.organisation)).toBe(`2${NBSP}организации`);
    expect(countOf(5, NOUN.organisation)).toBe(`5${NBSP}организаций`);
    expect(countOf(11, NOUN.organisation)).toBe(`11${NBSP}организаций`);
    expect(countOf(21, NOUN.organisation)).toBe(`21${NBSP}организация`);
    expect(countOf(111, NOUN.organisation)).toBe(`111${NBSP}организаций`);
    expect([0, 3, 4, 12, 14, 22, 25, 101, 112].map((n) => pluralRu(n, NOUN.territory))).toEqual([
      'муниципалитетов',
      'муниципалитета',
      'муниципалитета',
      'муниципалитетов',
      'муниципалитетов',
      'муниципалитета',
      'муниципалитетов',
      'муниципалитет',
      'муниципалитетов',
    ]);
    expect(countOf(1234, NOUN.mentor)).toBe(`1${NBSP}234${NBSP}наставника`);
  });

  it('writes numbers with non-breaking spaces and a decimal comma, percent with a space before the sign', () => {
    expect(num(12345)).toBe(`12${NBSP}345`);
    expect(num(2.5, 1)).toBe('2,5');
    expect(pct(45.63)).toBe(`45,6${NBSP}%`);
    expect(pct(1234.5)).toBe(`1${NBSP}234,5${NBSP}%`);
    expect(pct(null)).toBe('—');
  });

  it('writes percentage points as «п. п.» with a sign, and a distance without one', () => {
    expect(pp(3.21)).toBe(`+3,2${NBSP}п.${NBSP}п.`);
    expect(pp(-1.26)).toBe(`\u22121,3${NBSP}п.${NBSP}п.`);
    expect(pp(0.04)).toBe(`0,0${NBSP}п.${NBSP}п.`);
    expect(ppDistance(-1.66)).toBe(`1,7${NBSP}п.${NBSP}п.`);
  });

  it('quotes with «ёлочки» and nests „лапки“ inside', () => {
    expect(quote('Наставник')).toBe('«Наставник»');
    expect(quote('МБОУ «СОШ № 1»')).toBe('«МБОУ „СОШ № 1“»');
    expect(quote('форма "учитель – ученик"')).toBe('«форма „учитель – ученик“»');
  });

  it("writes dates with the month in the genitive, in the region's time zone", () => {
    expect(dateRu('2026-11-30T05:00:00Z', 'Asia/Vladivostok')).toBe(`30${NBSP}ноября 2026${NBSP}г.`);
    expect(dateRu('2026-11-30T20:48:00Z', 'Asia/Vladivostok')).toBe(`1${NBSP}декабря 2026${NBSP}г.`);
    expect(dateRu('2027-03-08T00:00:00Z', 'UTC')).toBe(`8${NBSP}марта 2027${NBSP}г.`);
    expect(dateRu('2027-05-01T00:00:00Z', 'UTC')).toBe(`1${NBSP}мая 2027${NBSP}г.`);
  });

  it('ends a sentence once, after an abbreviation too, and joins lists with «и»', () => {
    expect(sentence(`ниже на 1,7${NBSP}п.${NBSP}п.`)).toBe(`ниже на 1,7${NBSP}п.${NBSP}п.`);
    expect(sentence('выше траектории')).toBe('выше траектории.');
    expect(listRu(['ОО', 'СПО', 'ДО'])).toBe('ОО, СПО и ДО');
    expect(listRu(['ОО'])).toBe('ОО');
  });
});
