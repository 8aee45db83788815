import type { Reference } from '../reference/reference.ts';
import { withInnCheckDigit } from '../reference/inn.ts';
import { uniqueOrgName } from './org-names.ts';
import { ORG_TYPES, series, yearValue, type OrgTypeId, type Profile, type TerritoryProfile } from './profile.ts';
import type { Rng } from './random.ts';
import type { MeasureValues, OrgYearValues, SampleOrganisation } from './types.ts';

/** What stays fixed about an organisation from year to year; the yearly values are drawn around it. */
export interface OrgTraits {
  org: SampleOrganisation;
  territory: TerritoryProfile;
  baseStudents: number;
  studentsTrend: number;
  share15to19: number;
  youngTeachers: number;
  partners: number;
  /** Multipliers of the territory's progress per indicator: organisations differ around their district. */
  factor: { students: number; youth: number; teachers: number; enterprises: number };
  /** One uniform draw per checklist flag: a flag is set once adoption passes it, so flags never switch off. */
  flagLatent: Record<string, number>;
  satisfactionOffset: { mentees: number; mentors: number };
}

export interface World {
  organisations: OrgTraits[];
  byTerritory: Map<string, OrgTraits[]>;
}

const STUDENT_MENTEE_CAP = 0.97;

/** Shrinks a count keeping every type a territory has, so small samples still cover every case. */
export function scaledCount(n: number, scale: number): number {
  return n === 0 ? 0 : Math.max(1, Math.round(n * scale));
}

function pickForms(rng: Rng, profile: Profile, ref: Reference, orgType: OrgTypeId, partners: number): string[] {
  const groups = profile.forms[orgType];
  const chosen = new Set<string>([
    rng.pick(groups.peer),
    rng.weighted(
      groups.teacher,
      groups.teacher.map((_, i) => (i === 0 ? 4 : 1)),
    ),
  ]);
  if (partners > 0) chosen.add(rng.pick(groups.enterprise));
  const extras = rng.shuffle(groups.extra).slice(0, rng.weighted([0, 1, 2], [0.4, 0.4, 0.2]));
  for (const f of extras) if (chosen.size < 5) chosen.add(f);
  const order = new Map(ref.forms.map((f) => [f.form_id, f.sort_order]));
  return [...chosen].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** Creates one organisation with its fixed traits from its own random stream. */
export function makeOrganisation(
  rng: Rng,
  ctx: {
    ref: Reference;
    profile: Profile;
    territoryId: string;
    territory: TerritoryProfile;
    orgType: OrgTypeId;
    index: number;
  },
  usedNames: Set<string>,
  usedInns: Set<string>,
  innPrefixes: readonly string[],
): OrgTraits {
  const { ref, profile, territoryId, territory, orgType, index } = ctx;
  const kinds = new Set(ref.territoryNames.filter((n) => n.territory_id === territoryId).map((n) => n.kind));
  const regional = kinds.has('regional');
  const city = kinds.has('city_okrug');
  const { name, shortName } = uniqueOrgName(
    rng.fork('name'),
    orgType,
    { regional, city, placeAdjective: territory.placeAdjective },
    usedNames,
  );

  const innRng = rng.fork('inn');
  let inn = '';
  do inn = withInnCheckDigit(innRng.pick(innPrefixes) + String(innRng.int(0, 99999)).padStart(5, '0'));
  while (usedInns.has(inn));
  usedInns.add(inn);

  const size = profile.orgSize;
  let baseStudents: number;
  let share15to19: number;
  let youngTeachers: number;
  let partners: number;
  if (orgType === 'OO') {
    const [lo, hi] = territory.pupils;
    baseStudents = Math.round(lo + (hi - lo) * rng.float() ** 1.3);
    share15to19 = rng.between(...size.OO.share15to19);
    const ytMax = Math.max(
      size.OO.youngTeachers[0],
      Math.round(size.OO.youngTeachers[1] * Math.min(1, Math.max(0.2, baseStudents / 1000))),
    );
    youngTeachers = rng.int(size.OO.youngTeachers[0], ytMax);
    partners = rng.chance(0.2) ? 0 : rng.int(Math.max(1, size.OO.partners[0]), size.OO.partners[1]);
  } else {
    const s = size[orgType];
    baseStudents = Math.round(rng.between(...s.students) * (regional ? 0.6 : 1));
    share15to19 = rng.between(...s.share15to19);
    youngTeachers = rng.int(...s.youngTeachers);
    partners = rng.int(...s.partners);
  }
  const factor = () => rng.between(0.75, 1.25);
  const flagLatent: Record<string, number> = {};
  for (const measure of Object.keys(series(profile.checklistAdoption))) flagLatent[measure] = rng.float();

  return {
    org: {
      key: `${territoryId}-${orgType}-${String(index + 1).padStart(3, '0')}`,
      territoryId,
      orgTypeId: orgType,
      name,
      shortName,
      inn,
      formIds: pickForms(rng.fork('forms'), profile, ref, orgType, partners),
    },
    territory,
    baseStudents,
    studentsTrend: rng.between(-0.02, 0.03),
    share15to19,
    youngTeachers,
    partners,
    factor: { students: factor(), youth: factor(), teachers: factor(), enterprises: factor() },
    flagLatent,
    satisfactionOffset: { mentees: rng.normal(0, 4), mentors: rng.normal(0, 4) },
  };
}

/** All organisations of the profile at a scale, territory by territory in reference order. */
export function buildWorld(ref: Reference, profile: Profile, rng: Rng, scale: number): World {
  const usedInns = new Set<string>();
  const organisations: OrgTraits[] = [];
  const byTerritory = new Map<string, OrgTraits[]>();
  for (const t of [...ref.territories].sort((a, b) => a.sort_order - b.sort_order)) {
    const territory = profile.territories[t.territory_id];
    if (!territory) throw new Error(`profile.json: no territory «${t.territory_id}»`);
    const usedNames = new Set<string>();
    const list: OrgTraits[] = [];
    for (const orgType of ORG_TYPES) {
      const n = scaledCount(territory.counts[orgType], scale);
      for (let i = 0; i < n; i++) {
        const orgRng = rng.fork(`org:${t.territory_id}:${orgType}:${i}`);
        list.push(
          makeOrganisation(
            orgRng,
            { ref, profile, territoryId: t.territory_id, territory, orgType, index: i },
            usedNames,
            usedInns,
            territory.innPrefix,
          ),
        );
      }
    }
    byTerritory.set(t.territory_id, list);
    organisations.push(...list);
  }
  return { organisations, byTerritory };
}

function indicatorRange(ref: Reference, numerator: string, orgType: OrgTypeId): { base: number; target: number } {
  const ind =
    ref.indicators.find((i) => i.numerator_measure === numerator && i.org_type_id === orgType) ??
    ref.indicators.find((i) => i.numerator_measure === numerator && i.org_type_id === null);
  if (!ind) throw new Error(`indicators.csv: no indicator for ${numerator}`);
  return { base: ind.baseline_pct / 100, target: ind.target_pct / 100 };
}

/** How far along the baseline→target path the organisation's territory is in a year (1 = at target). */
export function territoryProgress(profile: Profile, territory: TerritoryProfile, year: number): number {
  const curve = series(profile.growthCurves)[territory.growth]!;
  return yearValue(profile, curve, year) * territory.pace;
}

function shareAt(
  range: { base: number; target: number },
  progress: number,
  factor: number,
  noise: number,
  cap: number,
): number {
  const share = (range.base + (range.target - range.base) * progress) * factor * noise;
  return Math.min(cap, Math.max(0, share));
}

const clampPct = (x: number) => Math.round(Math.min(99.5, Math.max(15, x)) * 10) / 10;

/** Which form-block measures a form carries: pupils or young teachers as mentees, students or enterprises as mentors. */
export function formMeasures(ref: Reference, profile: Profile, formId: string): string[] {
  const form = ref.forms.find((f) => f.form_id === formId);
  if (!form) throw new Error(`forms.csv: no form ${formId}`);
  const out = [form.mentee_group === 'pupils' ? 'mentees_students' : 'mentees_young_teachers'];
  if (profile.formRoles.studentMentors.includes(formId)) out.push('mentors_students');
  if (profile.formRoles.enterpriseMentors.includes(formId)) out.push('enterprises_mentors');
  const order = ['mentees_students', 'mentors_students', 'mentees_young_teachers', 'enterprises_mentors'];
  return out.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * The true values of one organisation in one year. Numerators are drawn as shares of the year's totals and split
 * over the forms that carry them, so every sum over forms stays within its total by construction.
 */
export function orgYearValues(
  ref: Reference,
  profile: Profile,
  traits: OrgTraits,
  year: number,
  rng: Rng,
): OrgYearValues {
  const yi = profile.years.indexOf(year);
  const orgType = traits.org.orgTypeId;
  const progress = territoryProgress(profile, traits.territory, year);

  const studentsTotal = Math.max(
    20,
    Math.round(traits.baseStudents * (1 + traits.studentsTrend) ** yi * rng.between(0.97, 1.03)),
  );
  const students15to19 = Math.min(
    studentsTotal - 1,
    Math.round(studentsTotal * traits.share15to19 * rng.between(0.97, 1.03)),
  );
  const youngTeachersTotal = Math.min(15, Math.max(0, traits.youngTeachers + rng.int(-1, 1)));
  const partners = traits.partners === 0 ? 0 : Math.min(20, traits.partners + Math.floor(yi * rng.between(0, 0.8)));

  const noise = () => rng.between(0.9, 1.1);
  const f = traits.factor;
  const menteesStudents = Math.min(
    studentsTotal,
    rng.roundStochastic(
      studentsTotal *
        shareAt(indicatorRange(ref, 'mentees_students', orgType), progress, f.students, noise(), STUDENT_MENTEE_CAP),
    ),
  );
  const mentorsStudents = Math.min(
    students15to19,
    rng.roundStochastic(
      students15to19 * shareAt(indicatorRange(ref, 'mentors_students', orgType), progress, f.youth, noise(), 0.5),
    ),
  );
  const menteesTeachers = Math.min(
    youngTeachersTotal,
    rng.roundStochastic(
      youngTeachersTotal *
        shareAt(indicatorRange(ref, 'mentees_young_teachers', orgType), progress, f.teachers, noise(), 1),
    ),
  );
  const enterprises = Math.min(
    partners,
    rng.roundStochastic(
      partners * shareAt(indicatorRange(ref, 'enterprises_mentors', orgType), progress, f.enterprises, noise(), 1),
    ),
  );
  const numerators: Record<string, number> = {
    mentees_students: menteesStudents,
    mentors_students: mentorsStudents,
    mentees_young_teachers: menteesTeachers,
    enterprises_mentors: enterprises,
  };

  const forms = traits.org.formIds.map((formId) => ({ formId, values: {} as MeasureValues }));
  for (const [measure, total] of Object.entries(numerators)) {
    const carriers = forms.filter((x) => formMeasures(ref, profile, x.formId).includes(measure));
    const parts = rng.split(total, carriers.length);
    carriers.forEach((x, i) => (x.values[measure] = parts[i]!));
  }

  const org: MeasureValues = {
    students_total: studentsTotal,
    students_15_19: students15to19,
    young_teachers_total: youngTeachersTotal,
    partner_enterprises: partners,
  };
  // Lagging districts adopt the checklist later too; fast ones earlier.
  const curves = series(profile.growthCurves);
  const last = profile.years.length - 1;
  const adoptionPace =
    0.6 + 0.4 * ((curves[traits.territory.growth]![last]! * traits.territory.pace) / (curves.steady?.[last] ?? 1));
  for (const [measure, adoption] of Object.entries(series(profile.checklistAdoption))) {
    org[measure] =
      traits.flagLatent[measure]! < Math.min(0.99, yearValue(profile, adoption, year) * adoptionPace) ? 1 : 0;
  }
  org.personal_programmes_count =
    org.has_personal_programmes === 1
      ? Math.max(1, Math.min(60, rng.roundStochastic(menteesStudents * rng.between(0.01, 0.08))))
      : 0;

  const mentees = menteesStudents + menteesTeachers;
  const mentors = mentorsStudents + menteesTeachers + enterprises * 2 + rng.int(1, 8);
  const sat = indicatorRange(ref, 'satisfaction_mentees_pct', orgType);
  const satMentors = indicatorRange(ref, 'satisfaction_mentors_pct', orgType);
  org.survey_mentees_respondents = mentees > 0 ? Math.max(1, Math.round(mentees * rng.between(0.3, 0.85))) : 0;
  if (org.survey_mentees_respondents > 0) {
    org.satisfaction_mentees_pct = clampPct(
      100 * (sat.base + (sat.target - sat.base) * progress) + traits.satisfactionOffset.mentees + rng.normal(0, 3),
    );
  }
  org.survey_mentors_respondents = Math.max(1, Math.round(mentors * rng.between(0.4, 0.9)));
  org.satisfaction_mentors_pct = clampPct(
    100 * (satMentors.base + (satMentors.target - satMentors.base) * progress) +
      traits.satisfactionOffset.mentors +
      rng.normal(0, 3),
  );

  return { org, forms };
}
