import ExcelJS from 'exceljs';
import type { Reference } from '../reference/reference.ts';
import { SECTION_TITLES, SHEET_NAME } from '../sources/form-layout.ts';
import { repackZip, STORED_ENTRIES } from '../contract/repack-zip.ts';
import {
  blockMeasures,
  writeOrganisationForm,
  type CellValue,
  type OrganisationFormData,
} from '../template/write-template.ts';
import { randomPerson, randomPhone, fullName } from './people.ts';
import type { Entry, Submission } from './plan.ts';
import type { Profile } from './profile.ts';
import type { Rng } from './random.ts';
import { formSpelling, measureLabel, orgTypeSpelling } from './spelling.ts';

export const WORKBOOK_CREATOR = 'Наставничество·Мониторинг (синтетические данные)';
/** The sample's forms say on their face that they are synthetic. */
export const FORM_TITLE = 'Показатели эффективности реализации целевой модели наставничества (синтетические данные)';

/** An .xlsx file of one worksheet written by writeOrganisationForm, byte-stable for a given date. */
export async function organisationWorkbook(data: OrganisationFormData, date: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = WORKBOOK_CREATOR;
  wb.lastModifiedBy = WORKBOOK_CREATOR;
  wb.created = date;
  wb.modified = date;
  writeOrganisationForm(wb.addWorksheet(SHEET_NAME), data);
  return Buffer.from(await repackZip(new Uint8Array(await wb.xlsx.writeBuffer(STORED_ENTRIES)), date));
}

/** What one organisation's file shows, with the spelling habits drawn for this file. */
export function entryFormData(
  ref: Reference,
  profile: Profile,
  sub: Submission,
  entry: Entry,
  rng: Rng,
): OrganisationFormData {
  const org = entry.traits.org;
  const asText = rng.chance(profile.submissions.numbersAsTextShare);
  const variantShare = rng.chance(0.2) ? 0.5 : 0;
  const header = sub.fileDefect === 'unknown-territory' || rng.chance(profile.submissions.headerBlockShare);
  const cell = (formId: string | null, measureId: string, value: number | undefined, kind: string): CellValue => {
    if (entry.text && entry.text.formId === formId && entry.text.measureId === measureId) return entry.text.text;
    if (value === undefined) return null;
    if (kind === 'flag') return value === 1 ? 'да' : 'нет';
    return asText ? String(value) : value;
  };

  const columns = entry.values.forms.map((f) => ({
    formId: f.formId as string | null,
    label: formSpelling(rng, ref, f.formId, org.orgTypeId),
    values: f.values,
  }));
  if (entry.unknownForm)
    columns.push({ formId: null, label: entry.unknownForm.label, values: entry.unknownForm.values });
  const section = (block: 'totals' | 'checklist' | 'survey') =>
    blockMeasures(ref, block).map((m) => ({
      label: measureLabel(rng, ref, m.measure_id, variantShare),
      kind: m.kind,
      value: cell(null, m.measure_id, entry.values.org[m.measure_id], m.kind),
    }));
  const person = randomPerson(rng);
  return {
    title: FORM_TITLE,
    orgLine: { name: org.name },
    header: header
      ? [
          { field: 'inn', value: org.inn },
          { field: 'orgType', value: orgTypeSpelling(rng, org.orgTypeId) },
          { field: 'territory', value: sub.territoryText },
          { field: 'year', value: entry.year },
        ]
      : [],
    formNames: columns.map((c) => c.label),
    formRows: blockMeasures(ref, 'form').map((m) => ({
      label: m.name,
      kind: m.kind,
      cells: columns.map((c) => cell(c.formId, m.measure_id, c.values[m.measure_id], m.kind)),
    })),
    sections: [
      { title: SECTION_TITLES.totals, rows: section('totals') },
      { title: SECTION_TITLES.checklist, rows: section('checklist') },
      { title: SECTION_TITLES.survey, rows: section('survey') },
    ],
    responsible: { name: fullName(person), phone: randomPhone(rng) },
  };
}

export async function xlsxSubmission(ref: Reference, profile: Profile, sub: Submission, rng: Rng): Promise<Buffer> {
  const entry = sub.entries[0];
  if (!entry || sub.entries.length !== 1)
    throw new Error(`${sub.fileName}: an XLSX file holds exactly one organisation`);
  return organisationWorkbook(entryFormData(ref, profile, sub, entry, rng), sub.mtime);
}
