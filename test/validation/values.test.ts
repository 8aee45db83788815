import { describe, expect, it } from 'vitest';
import { parseRussianNumber, parseValue } from '../../pipeline/validation/values.ts';
import { isValidInn, withInnCheckDigit } from '../../pipeline/reference/inn.ts';

describe('numbers as Russian files write them', () => {
  it.each([
    ['1 234', 1234],
    ['1\u00a0234\u00a0567', 1234567],
    ['12,5', 12.5],
    ['78,5 %', 78.5],
    [' 42 ', 42],
    ['0,5', 0.5],
    ['-3', -3],
    [7, 7],
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
    expect(parseValue('count', -1)).toEqual({ ok: false, message: 'число не может быть отрицательным', value: '-1' });
    expect(parseValue('count', '12,5')).toEqual({
      ok: false,
      message: 'количество должно быть целым числом',
      value: '12,5',
    });
    // a text is described, never quoted: it may be a person's name
    expect(parseValue('count', 'нет данных')).toEqual({
      ok: false,
      message: 'ожидалось целое число; в ячейке текст, 10 символов',
      value: 'текст, 10 символов',
    });
    expect(parseValue('count', false)).toEqual({
      ok: false,
      message: 'ожидалось целое число; в ячейке логическое значение ЛОЖЬ',
      value: 'ЛОЖЬ',
    });
    expect(parseValue('count', '5 %')).toEqual({
      ok: false,
      message: 'ожидалось целое число, а в ячейке процент (5 %): укажите количество без знака %',
      value: '5 %',
    });
    expect(parseValue('count', '#REF!')).toEqual({
      ok: false,
      message: 'ячейка содержит ошибку Excel (#REF!) — исправьте формулу',
      value: '#REF!',
    });
  });
  it('percentages lie within 0–100', () => {
    expect(parseValue('pct', '78,5')).toEqual({ ok: true, value: 78.5 });
    expect(parseValue('pct', '78,5 %')).toEqual({ ok: true, value: 78.5 });
    expect(parseValue('pct', 120)).toEqual({ ok: false, message: 'процент не может быть больше 100', value: '120' });
    expect(parseValue('pct', true)).toEqual({
      ok: false,
      message: 'ожидалось число от 0 до 100; в ячейке логическое значение ИСТИНА',
      value: 'ИСТИНА',
    });
  });
  it('flags are yes or no', () => {
    expect(parseValue('flag', 'Да')).toEqual({ ok: true, value: 1 });
    expect(parseValue('flag', 'нет')).toEqual({ ok: true, value: 0 });
    expect(parseValue('flag', true)).toEqual({ ok: true, value: 1 });
    expect(parseValue('flag', 'возможно')).toEqual({
      ok: false,
      message: 'ожидалось «да» или «нет»; в ячейке текст, 8 символов',
      value: 'текст, 8 символов',
    });
    expect(parseValue('flag', '#N/A')).toEqual({
      ok: false,
      message: 'ячейка содержит ошибку Excel (#N/A) — исправьте формулу',
      value: '#N/A',
    });
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
