import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Reference } from '../reference/reference.ts';
import { formMeasures } from './model.ts';
import type { Entry, Submission } from './plan.ts';
import type { OrgTypeId, Profile } from './profile.ts';
import type { Rng } from './random.ts';
import { FORM_MEASURE_SHORT, formSpelling, orgTypeSpelling } from './spelling.ts';
import { blockMeasures } from '../template/write-template.ts';

export const SUMMARY_FIXED_COLUMNS = ['Организация', 'ИНН', 'Тип организации'] as const;
export const LONG_HEADER_RU = [
  'год',
  'муниципалитет',
  'организация',
  'ИНН',
  'тип',
  'форма',
  'показатель',
  'значение',
] as const;
export const LONG_HEADER_EN = [
  'year',
  'municipality',
  'organisation',
  'inn',
  'type',
  'form',
  'measure',
  'value',
] as const;
const FORM_BLOCK_ORDER = ['mentees_students', 'mentors_students', 'mentees_young_teachers', 'enterprises_mentors'];
const NBSP = '\u00a0';

/** A number as people type it: decimal comma or point, and in some cells a space between thousands. */
export function formatNumber(value: number, decimal: ',' | '.', thousands: string | null = null): string {
  const [int, frac] = String(Math.abs(value)).split('.');
  const grouped = thousands && int!.length > 3 ? int!.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : int!;
  return `${value < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : decimal + frac}`;
}

function formatValue(value: number, kind: string, decimal: ',' | '.', thousands: string | null): string {
  if (kind === 'flag') return value === 1 ? 'да' : 'нет';
  return formatNumber(value, decimal, thousands);
}

function orgMeasures(ref: Reference) {
  return [...blockMeasures(ref, 'totals'), ...blockMeasures(ref, 'checklist'), ...blockMeasures(ref, 'survey')];
}

function textFor(entry: Entry, formId: string | null, measureId: string): string | undefined {
  return entry.text && entry.text.formId === formId && entry.text.measureId === measureId ? entry.text.text : undefined;
}

/** Windows-1251 bytes; refuses text that would silently turn into "?" in that code page. */
export function encodeCp1251(text: string): Buffer {
  const bytes = iconv.encode(text, 'win1251');
  if (iconv.decode(bytes, 'win1251') !== text) throw new Error('Text has characters that Windows-1251 cannot hold');
  return bytes;
}

/**
 * The municipality's summary: one row per organisation, organisation-level measures then one column per form and
 * measure, headed «<short label> (<form>)». Windows-1251, ";", CRLF, decimal comma, as Excel saves it.
 */
export function summaryCsv(ref: Reference, profile: Profile, sub: Submission, rng: Rng): Buffer {
  const measures = orgMeasures(ref);
  const formOrder = new Map(ref.forms.map((f) => [f.form_id, f.sort_order]));
  const formIds = [...new Set(sub.entries.flatMap((e) => e.values.forms.map((f) => f.formId)))].sort(
    (a, b) => formOrder.get(a)! - formOrder.get(b)!,
  );
  const formColumns = formIds.flatMap((formId) => {
    const label = formSpelling(rng, ref, formId, null);
    return formMeasures(ref, profile, formId).map((m) => ({
      formId: formId as string | null,
      unknown: null as string | null,
      measureId: m,
      header: `${FORM_MEASURE_SHORT[m]} (${label})`,
    }));
  });
  for (const label of [...new Set(sub.entries.flatMap((e) => (e.unknownForm ? [e.unknownForm.label] : [])))]) {
    const ids = new Set(
      sub.entries.flatMap((e) => (e.unknownForm?.label === label ? Object.keys(e.unknownForm.values) : [])),
    );
    for (const m of FORM_BLOCK_ORDER.filter((x) => ids.has(x)))
      formColumns.push({ formId: null, unknown: label, measureId: m, header: `${FORM_MEASURE_SHORT[m]} (${label})` });
  }

  const thousands = () => (rng.chance(profile.submissions.thousandsSeparatorShare) ? rng.pick([' ', NBSP]) : null);
  const rows = sub.entries.map((entry) => {
    const org = entry.traits.org;
    const row: string[] = [org.name, org.inn, orgTypeSpelling(rng, org.orgTypeId)];
    for (const m of measures) {
      const v = entry.values.org[m.measure_id];
      row.push(textFor(entry, null, m.measure_id) ?? (v === undefined ? '' : formatValue(v, m.kind, ',', thousands())));
    }
    for (const col of formColumns) {
      const values =
        col.unknown !== null
          ? entry.unknownForm?.label === col.unknown
            ? entry.unknownForm.values
            : undefined
          : entry.values.forms.find((f) => f.formId === col.formId)?.values;
      const v = values?.[col.measureId];
      const text = col.formId !== null ? textFor(entry, col.formId, col.measureId) : undefined;
      row.push(text ?? (v === undefined ? '' : formatValue(v, 'count', ',', thousands())));
    }
    return row;
  });
  const fields = [...SUMMARY_FIXED_COLUMNS, ...measures.map((m) => m.name), ...formColumns.map((c) => c.header)];
  return encodeCp1251(Papa.unparse({ fields, data: rows }, { delimiter: ';', newline: '\r\n' }) + '\r\n');
}

/**
 * One value per row. UTF-8 (some files with a BOM), ";" and decimal comma; one territory's files come from a script
 * with English headers, "," and decimal point.
 */
export function longCsv(ref: Reference, profile: Profile, sub: Submission, rng: Rng): Buffer {
  const english = sub.territoryId === profile.englishHeaderTerritory;
  const decimal = english ? '.' : ',';
  const bom = rng.chance(profile.submissions.longCsvBomShare);
  const formLabels = new Map<string, string>();
  const formLabel = (formId: string, orgType: OrgTypeId) => {
    const key = `${orgType}:${formId}`;
    if (!formLabels.has(key)) formLabels.set(key, formSpelling(rng, ref, formId, orgType));
    return formLabels.get(key)!;
  };
  const measureName = new Map(ref.measures.map((m) => [m.measure_id, m.name]));
  const rows: string[][] = [];
  for (const entry of sub.entries) {
    const org = entry.traits.org;
    const lead = [String(entry.year), sub.territoryText, org.name, org.inn, orgTypeSpelling(rng, org.orgTypeId)];
    for (const m of orgMeasures(ref)) {
      const v = entry.values.org[m.measure_id];
      const text = textFor(entry, null, m.measure_id);
      if (text !== undefined || v !== undefined)
        rows.push([...lead, '', m.name, text ?? formatValue(v!, m.kind, decimal, null)]);
    }
    const forms = entry.values.forms.map((f) => ({
      formId: f.formId as string | null,
      label: formLabel(f.formId, org.orgTypeId),
      values: f.values,
    }));
    if (entry.unknownForm)
      forms.push({ formId: null, label: entry.unknownForm.label, values: entry.unknownForm.values });
    for (const f of forms) {
      for (const m of FORM_BLOCK_ORDER) {
        const v = f.values[m];
        const text = f.formId !== null ? textFor(entry, f.formId, m) : undefined;
        if (text !== undefined || v !== undefined)
          rows.push([...lead, f.label, measureName.get(m)!, text ?? formatNumber(v!, decimal)]);
      }
    }
  }
  const fields = [...(english ? LONG_HEADER_EN : LONG_HEADER_RU)];
  const text =
    Papa.unparse({ fields, data: rows }, { delimiter: english ? ',' : ';', newline: english ? '\n' : '\r\n' }) +
    (english ? '\n' : '\r\n');
  return Buffer.from((bom ? '\ufeff' : '') + text, 'utf8');
}
