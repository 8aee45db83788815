import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatGapPp,
  formatNumber,
  formatPct,
  formatPctVs,
  formatPp,
  formatYear,
} from '../../pipeline/contract/format.ts';

const NBSP = '\u00a0';

describe('Russian formats', () => {
  it('groups thousands with a non-breaking space', () => {
    expect(formatNumber(12345)).toBe(`12${NBSP}345`);
    expect(formatNumber(1234567.891, 2)).toBe(`1${NBSP}234${NBSP}567,89`);
    expect(formatNumber(-5)).toBe('\u22125');
    expect(formatNumber(null)).toBe('—');
  });

  it('writes percent with a decimal comma and a space before the sign', () => {
    expect(formatPct(45.63)).toBe(`45,6${NBSP}%`);
    expect(formatPct(70)).toBe(`70,0${NBSP}%`);
    expect(formatPct(1234.5)).toBe(`1${NBSP}234,5${NBSP}%`);
    expect(formatPct(undefined)).toBe('—');
    expect(formatPct(Number.NaN)).toBe('—');
  });

  it('writes percentage points with their sign, none for zero', () => {
    expect(formatPp(3.2)).toBe(`+3,2${NBSP}п.п.`);
    expect(formatPp(-1.26)).toBe(`\u22121,3${NBSP}п.п.`);
    expect(formatPp(0.01)).toBe(`0,0${NBSP}п.п.`);
    expect(formatPp(-0.04)).toBe(`0,0${NBSP}п.п.`);
    expect(formatPp(null)).toBe('—');
  });

  it('shows a second decimal where one would print a value and its trajectory alike though they differ', () => {
    // 84,96 % is below a trajectory of 85 %: «85,0 %» beside «85,0 %» would hide it
    expect(formatPctVs(84.96, 85)).toBe(`84,96${NBSP}%`);
    expect(formatPctVs(85, 84.96)).toBe(`85,00${NBSP}%`);
    expect(formatPctVs(84.6, 85)).toBe(`84,6${NBSP}%`);
    expect(formatPctVs(85, 85)).toBe(`85,0${NBSP}%`);
    expect(formatPctVs(84.96, null)).toBe(`85,0${NBSP}%`);
    expect(formatPctVs(null, 85)).toBe('—');
    // a distance below the trajectory keeps its sign
    expect(formatGapPp(-0.04)).toBe(`\u22120,04${NBSP}п.п.`);
    expect(formatGapPp(0.03)).toBe(`+0,03${NBSP}п.п.`);
    expect(formatGapPp(-0.001)).toBe(`\u22120,00${NBSP}п.п.`);
    expect(formatGapPp(-1.26)).toBe(`\u22121,3${NBSP}п.п.`);
    expect(formatGapPp(0)).toBe(`0,0${NBSP}п.п.`);
    expect(formatGapPp(undefined)).toBe('—');
  });

  it('writes years without separators', () => {
    expect(formatYear(2024)).toBe('2024');
  });

  it('writes a moment in Khabarovsk time with the month in words', () => {
    expect(formatDateTime('2026-11-22T05:00:00.000Z', 'Asia/Vladivostok')).toBe('22 ноября 2026, 15:00');
    expect(formatDateTime('2026-12-31T14:05:00Z', 'Asia/Vladivostok')).toBe('1 января 2027, 00:05');
    expect(formatDateTime('2026-03-08T00:00:00Z', 'UTC')).toBe('8 марта 2026, 00:00');
    expect(formatDateTime('not a date', 'Asia/Vladivostok')).toBe('—');
  });
});
