import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The committed generator profile: who exists where, how fast they grow, who sends what. Data, not code. */
export const PROFILE_PATH = path.resolve(import.meta.dirname, '../../data/sample/profile.json');

export const SubmissionFormat = z.enum(['xlsx', 'summary-csv', 'long-csv']);
export type SubmissionFormat = z.infer<typeof SubmissionFormat>;

export const DefectKind = z.enum([
  'negative',
  'fractional',
  'inconsistent',
  'text-in-number',
  'unknown-form',
  'pct-over-100',
  'unknown-territory',
  'empty-file',
]);
export type DefectKind = z.infer<typeof DefectKind>;

const range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, 'min > max');
const typeCounts = z.object({ OO: z.number().int().min(0), SPO: z.number().int().min(0), DO: z.number().int().min(0) });
const formGroups = z.object({
  peer: z.array(z.string()).min(1),
  teacher: z.array(z.string()).min(1),
  enterprise: z.array(z.string()).min(1),
  extra: z.array(z.string()),
});

export const TerritoryProfile = z.object({
  counts: typeCounts,
  pupils: range,
  format: SubmissionFormat,
  growth: z.string(),
  pace: z.number().positive(),
  innPrefix: z.array(z.string().regex(/^27\d\d$/)).min(1),
  placeAdjective: z.string().min(1),
  missingYears: z.array(z.number().int()).default([]),
});

export const Profile = z.object({
  years: z.array(z.number().int()).min(2),
  regionName: z.string(),
  growthCurves: z.record(z.string(), z.union([z.array(z.number()), z.string()])),
  territories: z.record(z.string(), TerritoryProfile),
  englishHeaderTerritory: z.string(),
  orgSize: z.object({
    SPO: z.object({ students: range, share15to19: range, youngTeachers: range, partners: range }),
    DO: z.object({ students: range, share15to19: range, youngTeachers: range, partners: range }),
    OO: z.object({ share15to19: range, youngTeachers: range, partners: range }),
  }),
  forms: z.object({ OO: formGroups, SPO: formGroups, DO: formGroups }),
  formRoles: z.object({ studentMentors: z.array(z.string()), enterpriseMentors: z.array(z.string()) }),
  checklistAdoption: z.record(z.string(), z.union([z.array(z.number().min(0).max(1)), z.string()])),
  submissions: z.object({
    headerBlockShare: z.number().min(0).max(1),
    numbersAsTextShare: z.number().min(0).max(1),
    thousandsSeparatorShare: z.number().min(0).max(1),
    longCsvBomShare: z.number().min(0).max(1),
    resubmissions: z.record(SubmissionFormat, z.number().int().min(0)),
    defects: z.record(DefectKind, SubmissionFormat),
    resubmittedDefect: DefectKind,
    unknownTerritory: z.object({
      name: z.string(),
      shortName: z.string(),
      sizeLike: z.string(),
      innPrefix: z.string().regex(/^\d{4}$/),
      organisations: z.number().int().min(1),
    }),
    unknownFormName: z.string(),
  }),
  registry: z.object({
    mentors: z.number().int().min(1),
    changes: z.number().int().min(1),
    deletedShareOfChanges: z.number().min(0).max(1),
    newShareOfChanges: z.number().min(0).max(1),
    unmappableMunicipalityShare: z.number().min(0).max(1),
    unmappableMunicipalities: z.array(z.string()).min(1),
    registeredYears: z.array(z.number().int()).min(1),
    registeredWeights: z.array(z.number().nonnegative()).min(1),
  }),
});
export type Profile = z.infer<typeof Profile>;
export type TerritoryProfile = z.infer<typeof TerritoryProfile>;
export type OrgTypeId = keyof Profile['forms'];
export const ORG_TYPES: readonly OrgTypeId[] = ['OO', 'SPO', 'DO'];

/** A year's value of a per-year series, checked against the profile's years. */
export function yearValue(profile: Profile, series: readonly number[], year: number): number {
  const i = profile.years.indexOf(year);
  const v = series[i];
  if (v === undefined) throw new Error(`profile.json: no value for ${year}`);
  return v;
}

/** Numeric series of a record whose "$comment" keys are notes for people. */
export function series(record: Record<string, number[] | string>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, number[]] => Array.isArray(e[1])));
}

/** Reads and checks profile.json; a bad field stops generation with its path named. */
export function loadProfile(file: string = PROFILE_PATH): Profile {
  const result = Profile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`Профиль примера ${file}, поле «${issue.path.join('.')}»: ${issue.message}`);
  }
  const profile = result.data;
  const curves = series(profile.growthCurves);
  for (const [id, t] of Object.entries(profile.territories)) {
    if (!curves[t.growth]) throw new Error(`Профиль примера: у «${id}» неизвестная кривая роста «${t.growth}»`);
  }
  const foreign = profile.submissions.unknownTerritory.sizeLike;
  if (!profile.territories[foreign])
    throw new Error(`Профиль примера: submissions.unknownTerritory.sizeLike — неизвестная территория «${foreign}»`);
  for (const [name, curve] of Object.entries(curves)) {
    if (curve.length !== profile.years.length) throw new Error(`Профиль примера: кривая «${name}» не по числу лет`);
  }
  return profile;
}
