import type { Normaliser } from '../reference/normaliser.ts';
import type { Measure, Reference } from '../reference/reference.ts';
import { textKey } from '../reference/text-key.ts';
import { type RawOrgBlock, fieldText } from '../sources/raw-submission.ts';
import { type CellRef, type Finding, finding } from '../reference/finding.ts';
import { isValidInn } from '../reference/inn.ts';
import type { PathContext } from './path-context.ts';
import { describeText, formatNumber, isBlank, parseValue } from './values.ts';

export interface AcceptedValue {
  formId: string | null;
  measureId: string;
  value: number;
  at: CellRef;
}

type PlacedFinding = Omit<Finding, 'file'>;

/** One organisation's report for one year from one file, interpreted and checked. */
export interface OrgYearSubmission extends OrgContext {
  accepted: boolean;
  sheet: string | null;
  /** The row of a wide table (summary, contingent) the organisation was read from. */
  row?: number | null;
  values: AcceptedValue[];
}

/**
 * An organisation-year is staged (accepted or not) only when its year, territory and name are known; an accepted one
 * always is (a missing one is an error).
 */
export function isLocated(s: OrgContext): boolean {
  return s.year !== null && s.territoryId !== null && s.orgNameKey !== '';
}

/** Sums that may not exceed a total: [per-form measure, organisation total, what a person reads]. */
const CONSISTENCY: [string, string, string][] = [
  ['mentees_students', 'students_total', 'наставляемых обучающихся больше, чем всего обучающихся'],
  ['mentors_students', 'students_15_19', 'наставников-обучающихся больше, чем обучающихся 15–19 лет'],
  ['students_15_19', 'students_total', 'обучающихся 15–19 лет больше, чем всего обучающихся'],
  [
    'mentees_young_teachers',
    'young_teachers_total',
    'наставляемых молодых педагогов больше, чем молодых педагогов всего',
  ],
  [
    'enterprises_mentors',
    'partner_enterprises',
    'предприятий, предоставивших наставников, больше, чем предприятий-партнёров',
  ],
];
/** [part, whole] of each consistency rule: the bulk path lets DuckDB find the organisations to check. */
export const CONSISTENCY_PAIRS = CONSISTENCY.map(([part, whole]) => [part, whole] as const);

const MIN_YEAR = 2015;

function parseYear(text: string): number | null {
  const m = /(?:^|[^\d])((?:19|20)\d\d)(?:[^\d]|$)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Who reports, where and for which year, with the findings about it. */
export interface OrgContext {
  year: number | null;
  territoryId: string | null;
  orgName: string;
  orgNameKey: string;
  inn: string | null;
  orgTypeId: string | null;
  findings: PlacedFinding[];
}

/** Who reports, where and for which year: from the block's own cells, else from the file's path. */
export function resolveContext(
  block: RawOrgBlock,
  pathContext: PathContext,
  normaliser: Normaliser,
  now: Date,
): OrgContext {
  const findings: PlacedFinding[] = [];
  const error = (code: string, message: string, at: CellRef, value?: unknown) =>
    findings.push(finding('error', code, message, at, value));

  const orgName = fieldText(block.orgName);
  const orgNameKey = textKey(orgName);
  // a name of dashes or brackets only names no one: as good as none, and such an organisation could not be staged
  if (orgNameKey === '')
    error(
      'org_name_missing',
      'Не указано наименование организации',
      block.orgName?.at ?? block.at,
      orgName || undefined,
    );

  let year: number | null = null;
  const yearText = fieldText(block.year);
  if (yearText !== '') {
    year = parseYear(yearText);
    if (year === null) {
      if (mayHoldPersonalData(yearText))
        error(
          'year_invalid',
          `Не удалось прочитать отчётный год (в ячейке ${describeText(yearText)})`,
          block.year!.at,
          describeText(yearText),
        );
      else error('year_invalid', `Не удалось прочитать отчётный год «${yearText}»`, block.year!.at, yearText);
    }
  } else {
    year = pathContext.year;
    if (year === null)
      error(
        'year_missing',
        'Отчётный год не указан ни в файле, ни в пути к нему (ожидается папка вида inbox/2024/…)',
        block.at,
      );
  }
  if (year !== null && (year < MIN_YEAR || year > now.getFullYear() + 1)) {
    error(
      'year_out_of_range',
      `Отчётный год ${year} вне допустимого диапазона ${MIN_YEAR}–${now.getFullYear() + 1}`,
      block.year?.at ?? block.at,
      year,
    );
  }

  let territoryId: string | null = null;
  const territoryText = fieldText(block.territory);
  if (territoryText !== '') {
    const m = normaliser.territory(territoryText);
    territoryId = m.id;
    if (m.id === null && mayHoldPersonalData(territoryText)) {
      error(
        'territory_unknown',
        `Муниципалитет не распознан (в ячейке ${describeText(territoryText)}): проверьте написание по справочнику муниципалитетов`,
        block.territory!.at,
        describeText(territoryText),
      );
    } else if (m.id === null)
      error(
        'territory_unknown',
        `${m.reason}: проверьте написание по справочнику муниципалитетов`,
        block.territory!.at,
        territoryText,
      );
  } else if (pathContext.territoryId !== null) {
    territoryId = pathContext.territoryId;
  } else {
    const where = pathContext.territoryText
      ? `папка «${pathContext.territoryText}» не распознана как муниципалитет`
      : 'муниципалитет не указан ни в файле, ни в пути к нему';
    error(
      'territory_unknown',
      `Не удалось определить муниципалитет: ${where}`,
      block.territory?.at ?? block.at,
      pathContext.territoryText,
    );
  }

  let inn: string | null = fieldText(block.inn).replace(/\s/g, '') || null;
  if (inn !== null && !isValidInn(inn)) {
    findings.push(
      finding(
        'warning',
        'inn_invalid',
        `ИНН «${inn}» некорректен (неверная длина или контрольная цифра): организация сопоставлена по наименованию`,
        block.inn!.at,
        inn,
      ),
    );
    inn = null;
  }

  const typeText = fieldText(block.orgType);
  const typeMatch = typeText !== '' ? normaliser.orgType(typeText) : normaliser.orgTypeFromName(orgName);
  if (typeMatch.id === null && orgName !== '')
    error(
      'org_type_unknown',
      typeMatch.reason,
      block.orgType?.at ?? block.orgName?.at ?? block.at,
      typeText || orgName,
    );

  return { year, territoryId, orgName, orgNameKey, inn, orgTypeId: typeMatch.id, findings };
}

/** Which cell of a value's row a finding points at. */
export type ValueCell = 'measure' | 'form' | 'value';
export interface ValueFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  on: ValueCell;
  /** What the finding shows of the cell: null or a description where the text may not be quoted. */
  value: string | null;
}
export type ValueCheck =
  | { kind: 'blank' }
  | { kind: 'accepted'; formId: string | null; measureId: string; value: number; warning: ValueFinding | null }
  | { kind: 'refused'; finding: ValueFinding };

/**
 * One reported value on its own: which measure and form it is and whether the value fits the measure.
 * A pure function of the three texts, so a file repeating the same texts can be checked once per kind.
 */
export function checkValue(
  label: string,
  formText: string | null,
  raw: string | number | boolean | null,
  normaliser: Normaliser,
  measures: ReadonlyMap<string, Measure>,
): ValueCheck {
  if (isBlank(raw)) return { kind: 'blank' };
  const refuse = (
    severity: ValueFinding['severity'],
    code: string,
    message: string,
    on: ValueCell,
    value: string | null,
  ): ValueCheck => ({ kind: 'refused', finding: { severity, code, message, on, value } });
  const m = normaliser.measure(label);
  if (m.id === null) {
    // a label may be anything typed beside a value («Исполнитель: Иванова И.И.»): quoted only when it names no one
    if (mayHoldPersonalData(label))
      return refuse(
        'warning',
        'measure_unknown',
        `Строка не распознана как показатель и не загружена (в ячейке ${describeText(label)})`,
        'measure',
        describeText(label),
      );
    return refuse(
      'warning',
      'measure_unknown',
      `Строка не распознана как показатель и не загружена: ${m.reason}`,
      'measure',
      label,
    );
  }
  const measure = measures.get(m.id)!;
  let formId: string | null = null;
  let warning: ValueFinding | null = null;
  if (measure.block === 'form') {
    if (formText === null)
      return refuse(
        'error',
        'form_missing',
        `Для показателя «${measure.name}» не указана форма наставничества`,
        'measure',
        label,
      );
    const f = normaliser.form(formText);
    if (f.id === null) {
      if (mayHoldPersonalData(formText))
        return refuse(
          'error',
          'form_unknown',
          `Форма наставничества не распознана (в ячейке ${describeText(formText)}): укажите форму из перечня целевой модели`,
          'form',
          describeText(formText),
        );
      return refuse('error', 'form_unknown', `${f.reason}: укажите форму из перечня целевой модели`, 'form', formText);
    }
    formId = f.id;
  } else if (formText !== null && formText !== '') {
    warning = {
      severity: 'warning',
      code: 'form_ignored',
      message: `Показатель «${measure.name}» относится к организации в целом: форма наставничества не учитывается`,
      on: 'form',
      value: formText,
    };
  }
  const parsed = parseValue(measure.kind, raw as string | number | boolean);
  // the value cell is never quoted as typed: a name typed into it would reach the site (parseValue says what it holds)
  if (!parsed.ok)
    return refuse('error', 'value_invalid', `«${measure.name}»: ${parsed.message}`, 'value', parsed.value);
  if (parsed.value > measure.max_value) {
    return refuse(
      'error',
      'value_out_of_range',
      `«${measure.name}»: ${formatNumber(parsed.value)} — больше, чем может быть у одной организации (не более ${formatNumber(measure.max_value)}): проверьте число`,
      'value',
      String(parsed.value),
    );
  }
  return { kind: 'accepted', formId, measureId: m.id, value: parsed.value, warning };
}

/**
 * Whether a label-like text may name a person, so that a finding should describe it rather than quote it: initials
 * («Иванова И.И.», «И. И. Иванова»), an e-mail address or a phone number. Labels of measures and forms are quoted
 * otherwise: the sender needs to see which wording was not recognised.
 */
export function mayHoldPersonalData(text: string): boolean {
  return (
    /[А-ЯЁA-Z][а-яёa-z]+\s+[А-ЯЁA-Z]\.\s*([А-ЯЁA-Z]\.)?/u.test(text) ||
    /(^|[\s(])[А-ЯЁA-Z]\.\s*([А-ЯЁA-Z]\.\s*)?[А-ЯЁA-Z][а-яёa-z]+/u.test(text) ||
    /@/.test(text) ||
    /(\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}/.test(text) ||
    /(исполнител|ответственн|фио|ф\.и\.о|контактн|телефон|тел\.)/i.test(text)
  );
}

/** The same form × measure given twice: once more is noise, two different values are a conflict. */
export function duplicateFinding(
  measureName: string,
  first: number,
  again: number,
): Pick<ValueFinding, 'severity' | 'code' | 'message'> {
  return first !== again
    ? {
        severity: 'error',
        code: 'value_conflict',
        message: `Показатель «${measureName}» указан дважды с разными значениями (${first} и ${again})`,
      }
    : {
        severity: 'warning',
        code: 'value_duplicate',
        message: `Показатель «${measureName}» повторяется; учтено одно значение`,
      };
}

/** Parts that exceed their whole, given the organisation's sum of each measure (null when not reported). */
export function inconsistencies(
  total: (measureId: string) => number | null,
): { whole: string; part: number; message: string }[] {
  const found: { whole: string; part: number; message: string }[] = [];
  for (const [part, whole, message] of CONSISTENCY) {
    const p = total(part);
    const w = total(whole);
    if (p !== null && w !== null && p > w)
      found.push({ whole, part: p, message: `Несогласованные данные: ${message} (${p} > ${w})` });
  }
  return found;
}

/**
 * Interprets one organisation's block: resolves year, territory, type, forms and measures through the
 * normaliser, parses values by the measure's kind, and checks that parts do not exceed wholes.
 * Any error rejects the whole organisation-year: a share with a numerator but no denominator misleads.
 */
export function validateBlock(
  block: RawOrgBlock,
  pathContext: PathContext,
  normaliser: Normaliser,
  ref: Reference,
  now: Date = new Date(),
): OrgYearSubmission {
  const context = resolveContext(block, pathContext, normaliser, now);
  const findings = [...context.findings];
  const measures = measuresById(ref);
  const values: AcceptedValue[] = [];
  const seen = new Map<string, AcceptedValue>();
  for (const raw of block.values) {
    const check = checkValue(
      fieldText(raw.measure),
      raw.form === null ? null : fieldText(raw.form),
      raw.value.text,
      normaliser,
      measures,
    );
    const cellOf = (on: ValueCell) => (on === 'form' ? raw.form!.at : on === 'measure' ? raw.measure.at : raw.value.at);
    if (check.kind === 'blank') continue;
    if (check.kind === 'refused') {
      findings.push(
        finding(
          check.finding.severity,
          check.finding.code,
          check.finding.message,
          cellOf(check.finding.on),
          check.finding.value,
        ),
      );
      continue;
    }
    if (check.warning)
      findings.push(
        finding(
          check.warning.severity,
          check.warning.code,
          check.warning.message,
          cellOf(check.warning.on),
          check.warning.value,
        ),
      );
    const key = `${check.formId ?? ''}|${check.measureId}`;
    const before = seen.get(key);
    if (before) {
      const d = duplicateFinding(measures.get(check.measureId)!.name, before.value, check.value);
      findings.push(finding(d.severity, d.code, d.message, raw.value.at, raw.value.text));
      continue;
    }
    const accepted = { formId: check.formId, measureId: check.measureId, value: check.value, at: raw.value.at };
    seen.set(key, accepted);
    values.push(accepted);
  }
  const total = (measureId: string): number | null => {
    const vs = values.filter((v) => v.measureId === measureId);
    return vs.length === 0 ? null : vs.reduce((s, v) => s + v.value, 0);
  };
  for (const i of inconsistencies(total)) {
    findings.push(finding('error', 'inconsistent', i.message, values.find((v) => v.measureId === i.whole)!.at, i.part));
  }
  if (values.length === 0 && findings.every((f) => f.severity !== 'error')) {
    findings.push(finding('warning', 'no_values', 'В форме нет ни одного заполненного показателя', block.at));
  }
  return submissionOf(context, block.at.sheet, values, findings);
}

/**
 * An organisation-year with its values and all its findings (the context's among them): accepted unless one is an
 * error. Its fields are written out rather than spread from the context: V8 makes an object spread with further
 * fields slowly (about 10 µs each on the CI machine, 0.4 s for the 43,000 organisations of a large CSV).
 */
export function submissionOf(
  context: OrgContext,
  sheet: string | null,
  values: AcceptedValue[],
  findings: PlacedFinding[],
): OrgYearSubmission {
  const { year, territoryId, orgName, orgNameKey, inn, orgTypeId } = context;
  const accepted = !findings.some((f) => f.severity === 'error');
  return { year, territoryId, orgName, orgNameKey, inn, orgTypeId, findings, accepted, sheet, values };
}

const measureMaps = new WeakMap<Reference, Map<string, Measure>>();
/** Measures by id, built once per reference. */
export function measuresById(ref: Reference): ReadonlyMap<string, Measure> {
  let map = measureMaps.get(ref);
  if (!map) measureMaps.set(ref, (map = new Map(ref.measures.map((m) => [m.measure_id, m]))));
  return map;
}
