import type { Rng } from './random.ts';

export const DAY = 86_400_000;
/** Khabarovsk keeps UTC+10 all year, so a fixed offset is exact. */
const OFFSET = 10 * 3_600_000;

/** ISO-8601 with the Khabarovsk offset, e.g. 2024-03-01T10:00:00+10:00. */
export function khabarovskIso(date: Date): string {
  return new Date(date.getTime() + OFFSET).toISOString().replace(/\.\d{3}Z$/, '+10:00');
}

/** The calendar date in Khabarovsk, e.g. 2022-05-20. */
export function khabarovskDate(date: Date): string {
  return khabarovskIso(date).slice(0, 10);
}

/** A moment on a Khabarovsk calendar day given as a UTC midnight, at a time of day in seconds. */
export function atKhabarovsk(dayUtcMidnight: number, secondsOfDay: number): Date {
  return new Date(dayUtcMidnight + secondsOfDay * 1000 - OFFSET);
}

/** A working-hours moment in January–March after the reporting year, when submissions come in. */
export function submissionTime(rng: Rng, year: number): Date {
  return atKhabarovsk(Date.UTC(year + 1, 0, 10) + rng.int(0, 78) * DAY, rng.int(9 * 3600, 17 * 3600));
}
