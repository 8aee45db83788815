import { describe, expect, it } from 'vitest';
import { parseRussianNumber, parseValue } from '../../pipeline/validation/values.ts';
import { isValidInn, withInnCheckDigit } from '../../pipeline/validation/inn.ts';

describe('numbers as Russian files write them', () => {
  it.each([
    ['1 234', 1234], ['1\u00a0234\u00a0567', 1234567], ['12,5', 12.5], ['78,5 %', 78.5], [' 42 ', 42], ['0,5', 0.5], ['-3', -3], [7, 7],
  ] as [string | number, number][])('%s → %s', (raw, n) => {
    expect(parseRussianNumber(raw)).toBe(n);
  });
  it.each(['1 05', 'abc', '', '1.234,5', '12 шт'])('«%s» is not a number', (raw) => {
    expect(parseRussianNumber(raw)).toBeNaN();
  });
});

describe('value contract by measure kind', () => {
  it('counts are non-negative integers', () => {
    expect(parseValue('count', '12')).toEqual({ ok: true, value: 12 });
    expect(parseValue('count', -1)).toEqual({ ok: false, message: 'число не может быть отрицательным' });
    expect(parseValue('count', '12,5')).toEqual({ ok: false, message: 'количество должно быть целым числом' });
    expect(parseValue('count', 'нет данных')).toEqual({ ok: false, message: '«нет данных» — не число' });
  });
  it('percentages lie within 0–100', () => {
    expect(parseValue('pct', '78,5')).toEqual({ ok: true, value: 78.5 });
    expect(parseValue('pct', 120)).toEqual({ ok: false, message: 'процент не может быть больше 100' });
  });
  it('flags are yes or no', () => {
    expect(parseValue('flag', 'Да')).toEqual({ ok: true, value: 1 });
    expect(parseValue('flag', 'нет')).toEqual({ ok: true, value: 0 });
    expect(parseValue('flag', true)).toEqual({ ok: true, value: 1 });
    expect(parseValue('flag', 'возможно')).toEqual({ ok: false, message: '«возможно» — ожидается «да» или «нет»' });
  });
});

describe('ИНН', () => {
  it('checks control digits', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('27210000')).toBe(false);
    expect(isValidInn(withInnCheckDigit('272100001'))).toBe(true);
  });
});
