import { describe, expect, it } from 'vitest';
import { brokenText, expectRussianMessage } from './helpers.ts';

// The checks the properties rest on bite where they should, and only there.
describe('broken-text rule', () => {
  it('finds what leaked from code', () => {
    for (const text of [
      'Значение: null',
      'undefined год',
      'NaN %',
      'Infinity п.п.',
      '-Infinity',
      'изменение к -1',
      'No results',
      'рост к −1 году',
    ]) {
      expect(brokenText(text), text).not.toBeNull();
    }
  });
  it('leaves Russian text alone', () => {
    for (const text of [
      'нет данных за 2024 год',
      'к 2023 году: +1,5 п.п.',
      'Nullность',
      '12 345',
      'из 3 организаций',
      'к -12',
    ]) {
      expect(brokenText(text), text).toBeNull();
    }
  });
  it('asks a message to be Russian', () => {
    expect(() => expectRussianMessage('m', 'Cannot read properties of undefined')).toThrow();
    expect(() => expectRussianMessage('m', 'Нет данных за undefined год')).toThrow();
    expect(() => expectRussianMessage('m', 'Нет данных за 2019 год: есть 2020, 2021')).not.toThrow();
  });
});
