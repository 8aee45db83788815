import type { Normaliser } from '../reference/normaliser.ts';
import type { Measure, Reference } from '../reference/reference.ts';
import { textKey } from '../reference/text-key.ts';
import { type RawOrgBlock, fieldText } from '../sources/raw-submission.ts';
import { type CellRef, type Finding, finding } from './finding.ts';
import { isValidInn } from './inn.ts';
import type { PathContext } from './path-context.ts';
import { isBlank, parseValue } from './values.ts';

export interface AcceptedValue {
  formId: string | null;
  measureId: string;
  value: number;
  at: CellRef;
}

/** One organisation's report for one year from one file, interpreted and checked. */
export interface OrgYearSubmission {
  accepted: boolean;
  sheet: string | null;
  year: number | null;
  territoryId: string | null;
  orgName: string;
  orgNameKey: string;
  inn: string | null;
  orgTypeId: string | null;
  values: AcceptedValue[];
  findings: Omit<Finding, 'file'>[];
}

/** Sums that may not exceed a total: [per-form measure, organisation total, what a person reads]. */
const CONSISTENCY: [string, string, string][] = [
  ['mentees_students', 'students_total', 'наставляемых обучающихся больше, чем всего обучающихся'],
  ['mentors_students', 'students_15_19', 'наставников-обучающихся больше, чем обучающихся 15–19 лет'],
  ['students_15_19', 'students_total', 'обучающихся 15–19 лет больше, чем всего обучающихся'],
  ['mentees_young_teachers', 'young_teachers_total', 'наставляемых молодых педагогов больше, чем молодых педагогов всего'],
  ['enterprises_mentors', 'partner_enterprises', 'предприятий, предоставивших наставников, больше, чем предприятий-партнёров'],
];

const MIN_YEAR = 2015;

function parseYear(text: string): number | null {
  const m = /(?:^|[^\d])((?:19|20)\d\d)(?:[^\d]|$)/.exec(text);
  return m ? Number(m[1]) : null;
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
  const findings: Omit<Finding, 'file'>[] = [];
  const error = (code: string, message: string, at: CellRef, value?: unknown) => findings.push(finding('error', code, message, at, value));
  const warn = (code: string, message: string, at: CellRef, value?: unknown) => findings.push(finding('warning', code, message, at, value));
  const measures = new Map<string, Measure>(ref.measures.map((m) => [m.measure_id, m]));

  const orgName = fieldText(block.orgName);
  if (orgName === '') error('org_name_missing', 'Не указано наименование организации', block.orgName?.at ?? block.at);

  let year: number | null = null;
  const yearText = fieldText(block.year);
  if (yearText !== '') {
    year = parseYear(yearText);
    if (year === null) error('year_invalid', `Не удалось прочитать отчётный год «${yearText}»`, block.year!.at, yearText);
  } else {
    year = pathContext.year;
    if (year === null) error('year_missing', 'Отчётный год не указан ни в файле, ни в пути к нему (ожидается папка вида inbox/2024/…)', block.at);
  }
  if (year !== null && (year < MIN_YEAR || year > now.getFullYear() + 1)) {
    error('year_out_of_range', `Отчётный год ${year} вне допустимого диапазона ${MIN_YEAR}–${now.getFullYear() + 1}`, block.year?.at ?? block.at, year);
  }

  let territoryId: string | null = null;
  const territoryText = fieldText(block.territory);
  if (territoryText !== '') {
    const m = normaliser.territory(territoryText);
    territoryId = m.id;
    if (m.id === null) error('territory_unknown', `${m.reason}: проверьте написание по справочнику муниципалитетов`, block.territory!.at, territoryText);
  } else if (pathContext.territoryId !== null) {
    territoryId = pathContext.territoryId;
  } else {
    const where = pathContext.territoryText ? `папка «${pathContext.territoryText}» не распознана как муниципалитет` : 'муниципалитет не указан ни в файле, ни в пути к нему';
    error('territory_unknown', `Не удалось определить муниципалитет: ${where}`, block.territory?.at ?? block.at, pathContext.territoryText);
  }

  let inn: string | null = fieldText(block.inn).replace(/\s/g, '') || null;
  if (inn !== null && !isValidInn(inn)) {
    warn('inn_invalid', `ИНН «${inn}» некорректен (неверная длина или контрольная цифра): организация сопоставлена по наименованию`, block.inn!.at, inn);
    inn = null;
  }

  let orgTypeId: string | null = null;
  const typeText = fieldText(block.orgType);
  const typeMatch = typeText !== '' ? normaliser.orgType(typeText) : normaliser.orgTypeFromName(orgName);
  orgTypeId = typeMatch.id;
  if (typeMatch.id === null && orgName !== '') error('org_type_unknown', typeMatch.reason, block.orgType?.at ?? block.orgName?.at ?? block.at, typeText || orgName);

  const values: AcceptedValue[] = [];
  const seen = new Map<string, AcceptedValue>();
  for (const raw of block.values) {
    if (isBlank(raw.value.text)) continue;
    const label = fieldText(raw.measure);
    const m = normaliser.measure(label);
    if (m.id === null) {
      warn('measure_unknown', `Строка не распознана как показатель и не загружена: ${m.reason}`, raw.measure.at, label);
      continue;
    }
    const measure = measures.get(m.id)!;
    let formId: string | null = null;
    if (measure.block === 'form') {
      if (raw.form === null) {
        error('form_missing', `Для показателя «${measure.name}» не указана форма наставничества`, raw.measure.at, label);
        continue;
      }
      const f = normaliser.form(fieldText(raw.form));
      if (f.id === null) {
        error('form_unknown', `${f.reason}: укажите форму из перечня целевой модели`, raw.form.at, fieldText(raw.form));
        continue;
      }
      formId = f.id;
    } else if (raw.form !== null && fieldText(raw.form) !== '') {
      warn('form_ignored', `Показатель «${measure.name}» относится к организации в целом: форма наставничества не учитывается`, raw.form.at, fieldText(raw.form));
    }
    const parsed = parseValue(measure.kind, raw.value.text as string | number | boolean);
    if (!parsed.ok) {
      error('value_invalid', `«${measure.name}»: ${parsed.message}`, raw.value.at, raw.value.text);
      continue;
    }
    const k = `${formId ?? ''}|${m.id}`;
    const before = seen.get(k);
    if (before) {
      if (before.value !== parsed.value) {
        error('value_conflict', `Показатель «${measure.name}» указан дважды с разными значениями (${before.value} и ${parsed.value})`, raw.value.at, raw.value.text);
      } else {
        warn('value_duplicate', `Показатель «${measure.name}» повторяется; учтено одно значение`, raw.value.at, raw.value.text);
      }
      continue;
    }
    const accepted = { formId, measureId: m.id, value: parsed.value, at: raw.value.at };
    seen.set(k, accepted);
    values.push(accepted);
  }

  const total = (measureId: string): number | null => {
    const vs = values.filter((v) => v.measureId === measureId);
    return vs.length === 0 ? null : vs.reduce((s, v) => s + v.value, 0);
  };
  for (const [part, whole, message] of CONSISTENCY) {
    const p = total(part);
    const w = total(whole);
    if (p !== null && w !== null && p > w) {
      const at = values.find((v) => v.measureId === whole)!.at;
      error('inconsistent', `Несогласованные данные: ${message} (${p} > ${w})`, at, p);
    }
  }
  if (values.length === 0 && findings.every((f) => f.severity !== 'error')) {
    warn('no_values', 'В форме нет ни одного заполненного показателя', block.at);
  }

  return {
    accepted: !findings.some((f) => f.severity === 'error'),
    sheet: block.at.sheet,
    year,
    territoryId,
    orgName,
    orgNameKey: textKey(orgName),
    inn,
    orgTypeId,
    values,
    findings,
  };
}
