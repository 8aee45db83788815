import { Normaliser } from '../reference/normaliser.ts';
import { territoryNameIn, type Reference } from '../reference/reference.ts';
import type { OrgTypeId } from './profile.ts';
import type { Rng } from './random.ts';

/**
 * Short column labels of the form-block measures in municipal summaries; each satisfies its measure's keywords.
 * The en dash is what a Russian word processor puts in "10–18".
 */
export const FORM_MEASURE_SHORT: Readonly<Record<string, string>> = {
  mentees_students: 'Наставляемые обучающиеся 10–18 лет',
  mentors_students: 'Наставники-обучающиеся 15–18 лет',
  mentees_young_teachers: 'Молодые педагоги – наставляемые',
  enterprises_mentors: 'Предприятия, предоставившие наставников',
};

/** Wordings people use instead of the measures.csv name; all still meet the measure's keywords. */
export const LABEL_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  students_total: ['Общая численность обучающихся (чел.)', 'Численность обучающихся, всего', 'Контингент обучающихся'],
  students_15_19: ['Численность обучающихся 15–19 лет', 'Численность обучающихся в возрасте 15-19 лет, чел.'],
  young_teachers_total: [
    'Численность молодых педагогов (до 35 лет, стаж до 3 лет)',
    'Учителя до 35 лет в первые 3 лет работы',
  ],
  partner_enterprises: ['Количество предприятий – социальных партнёров', 'Число организаций-партнёров'],
  has_web_page: ['Раздел о наставничестве на официальном сайте', 'Страница «Наставничество» на сайте ОУ'],
  has_regulation: ['Положение о наставничестве утверждено', 'Положение о системе наставничества'],
  has_roadmap: ['Дорожная карта внедрения ЦМН утверждена'],
  has_curator: ['Назначен куратор внедрения целевой модели', 'Приказ о назначении куратора'],
  has_pairs_act: ['Приказ о закреплении наставнических пар', 'Закрепление пар наставник – наставляемый'],
  has_mentor_database: ['База наставников сформирована', 'Наличие базы наставников'],
  has_incentives: ['Меры поощрения наставников', 'Система мотивации наставников'],
  has_personal_programmes: ['Разработаны персонализированные программы наставничества'],
  personal_programmes_count: ['Число персонализированных программ', 'Количество персонализированных программ, ед.'],
  has_trained_mentors: [
    'Наставники прошли курсы повышения квалификации',
    'Повышение квалификации наставников и кураторов',
  ],
  survey_mentees_respondents: ['Число опрошенных наставляемых, чел.', 'Количество респондентов-наставляемых'],
  satisfaction_mentees_pct: [
    'Удовлетворённость наставляемых, %',
    'Удовлетворенность наставляемых участием в программах, %',
  ],
  survey_mentors_respondents: ['Число опрошенных наставников, чел.', 'Количество респондентов-наставников'],
  satisfaction_mentors_pct: [
    'Удовлетворённость наставников, %',
    'Удовлетворенность наставников участием в программах, %',
  ],
};

/** The measures.csv name, or in some rows a colloquial wording. */
export function measureLabel(rng: Rng, ref: Reference, measureId: string, variantShare: number): string {
  const measure = ref.measures.find((m) => m.measure_id === measureId);
  if (!measure) throw new Error(`measures.csv: no measure ${measureId}`);
  const variants = LABEL_VARIANTS[measureId] ?? [];
  return variants.length > 0 && rng.chance(variantShare) ? rng.pick(variants) : measure.name;
}

/** Every spelling of a territory that its year allows: renamed territories go by the name valid in that year. */
export function territorySpellings(ref: Reference, territoryId: string, year: number): string[] {
  const names = ref.territoryNames.filter((n) => n.territory_id === territoryId);
  if (names.length > 1) return [territoryNameIn(ref, territoryId, year).name];
  const short = ref.territories.find((t) => t.territory_id === territoryId)?.short_name;
  const all = [
    ...names.map((n) => n.name),
    ...(short ? [short] : []),
    ...ref.territoryAliases.filter((a) => a.territory_id === territoryId).map((a) => a.alias),
  ];
  return [...new Set(all)];
}

export function territorySpelling(rng: Rng, ref: Reference, territoryId: string, year: number): string {
  return rng.pick(territorySpellings(ref, territoryId, year));
}

/** The folder a territory's files arrive in; regional organisations always come through one folder («Краевые организации»). */
export function territoryFolder(rng: Rng, ref: Reference, territoryId: string, year: number): string {
  const regional = ref.territoryNames.some((n) => n.territory_id === territoryId && n.kind === 'regional');
  const short = ref.territories.find((t) => t.territory_id === territoryId)?.short_name;
  return regional && short ? short : territorySpelling(rng, ref, territoryId, year);
}

const TYPE_WORDS: Readonly<Record<OrgTypeId, readonly string[]>> = {
  OO: ['ученик', 'учитель'],
  SPO: ['студент'],
  DO: ['обучающ', 'педагог'],
};
const DASHES = [' – ', ' - ', '-', ' — ', '—', ' – ', ' – '];

/**
 * A form name as a person of this organisation type would type it: colleges say «студент», dashes and case
 * vary, some put it in quotes.
 */
export function formSpelling(rng: Rng, ref: Reference, formId: string, orgType: OrgTypeId | null): string {
  const form = ref.forms.find((f) => f.form_id === formId);
  if (!form) throw new Error(`forms.csv: no form ${formId}`);
  const all = [form.name, ...form.synonyms];
  const words = orgType ? TYPE_WORDS[orgType] : [];
  const fitting = all.filter((s) => words.some((w) => s.includes(w)));
  const base = rng.chance(0.8) && fitting.length > 0 ? rng.pick(fitting) : rng.chance(0.7) ? form.name : rng.pick(all);
  let text = base.replace(/ – /g, rng.pick(DASHES));
  const casing = rng.float();
  if (casing < 0.45) text = text[0]!.toUpperCase() + text.slice(1);
  else if (casing < 0.55)
    text = text.replace(/(^|[\s–—-])([а-яё])/g, (_m, p: string, c: string) => p + c.toUpperCase());
  if (rng.chance(0.15)) text = `«${text}»`;
  return text;
}

export function orgTypeSpelling(rng: Rng, orgType: OrgTypeId): string {
  if (orgType === 'DO') return rng.chance(0.3) ? 'ДОО' : 'ДО';
  return orgType === 'OO' ? 'ОО' : 'СПО';
}

/**
 * Fails fast when the reference changed under the generator: every label and spelling it can write must map back
 * to the id it stands for, or the sample would test the normaliser against data it can never read.
 */
export function assertSpellingsReadable(
  ref: Reference,
  years: readonly number[],
  normaliser: Normaliser = new Normaliser(ref),
): void {
  const problems: string[] = [];
  const expect = (what: string, got: string | null, want: string) => {
    if (got !== want) problems.push(`${what} → ${got ?? 'null'} (ожидалось ${want})`);
  };
  for (const [id, label] of Object.entries(FORM_MEASURE_SHORT)) expect(label, normaliser.measure(label).id, id);
  for (const [id, labels] of Object.entries(LABEL_VARIANTS))
    for (const l of labels) expect(l, normaliser.measure(l).id, id);
  for (const m of ref.measures) expect(m.name, normaliser.measure(m.name).id, m.measure_id);
  for (const f of ref.forms) {
    for (const s of [f.name, ...f.synonyms])
      for (const d of DASHES) expect(s.replace(/ – /g, d), normaliser.form(s.replace(/ – /g, d)).id, f.form_id);
  }
  for (const t of ref.territories) {
    for (const year of years)
      for (const s of territorySpellings(ref, t.territory_id, year))
        expect(s, normaliser.territory(s).id, t.territory_id);
  }
  for (const type of ['OO', 'SPO', 'DO'] as const)
    for (const s of ['ОО', 'СПО', 'ДО', 'ДОО']) if (orgTypeIdOf(s) === type) expect(s, normaliser.orgType(s).id, type);
  if (problems.length > 0)
    throw new Error(`Генератор примера: написания не распознаются справочником:\n  ${problems.join('\n  ')}`);
}

function orgTypeIdOf(spelling: string): OrgTypeId {
  return spelling === 'ОО' ? 'OO' : spelling === 'СПО' ? 'SPO' : 'DO';
}
