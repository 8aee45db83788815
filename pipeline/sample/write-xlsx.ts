import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Reference } from '../reference/reference.ts';
import { randomPerson, randomPhone, fullName } from './people.ts';
import type { Entry, Submission } from './plan.ts';
import type { Profile } from './profile.ts';
import type { Rng } from './random.ts';
import { formSpelling, measureLabel, orgTypeSpelling } from './spelling.ts';
import { blockMeasures, SECTION_TITLES, SHEET_NAME, writeOrganisationForm, type CellValue, type OrganisationFormData } from './xlsx-form.ts';

export const WORKBOOK_CREATOR = 'Наставничество·Мониторинг (синтетические данные)';

/**
 * Rebuilds a zip with one fixed date on every entry: ExcelJS stamps entries with the current time, which would make
 * the same seed give different bytes.
 */
export async function repackZip(buffer: Uint8Array, date: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const out = new JSZip();
  for (const [name, file] of Object.entries(source.files)) {
    if (file.dir) out.file(name, null, { dir: true, date });
    else out.file(name, await file.async('uint8array'), { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** An .xlsx file of one worksheet written by writeOrganisationForm, byte-stable for a given date. */
export async function organisationWorkbook(data: OrganisationFormData, date: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = WORKBOOK_CREATOR;
  wb.lastModifiedBy = WORKBOOK_CREATOR;
  wb.created = date;
  wb.modified = date;
  writeOrganisationForm(wb.addWorksheet(SHEET_NAME), data);
  return repackZip(new Uint8Array(await wb.xlsx.writeBuffer()), date);
}

/** What one organisation's file shows, with the spelling habits drawn for this file. */
export function entryFormData(ref: Reference, profile: Profile, sub: Submission, entry: Entry, rng: Rng): OrganisationFormData {
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

  const columns = entry.values.forms.map((f) => ({ formId: f.formId as string | null, label: formSpelling(rng, ref, f.formId, org.orgTypeId), values: f.values }));
  if (entry.unknownForm) columns.push({ formId: null, label: entry.unknownForm.label, values: entry.unknownForm.values });
  const section = (block: 'totals' | 'checklist' | 'survey') =>
    blockMeasures(ref, block).map((m) => ({ label: measureLabel(rng, ref, m.measure_id, variantShare), value: cell(null, m.measure_id, entry.values.org[m.measure_id], m.kind) }));
  const person = randomPerson(rng);
  return {
    orgName: org.name,
    header: header ? { inn: org.inn, orgType: orgTypeSpelling(rng, org.orgTypeId), territory: sub.territoryText, year: entry.year } : null,
    formNames: columns.map((c) => c.label),
    formRows: blockMeasures(ref, 'form').map((m) => ({ label: m.name, cells: columns.map((c) => cell(c.formId, m.measure_id, c.values[m.measure_id], m.kind)) })),
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
  if (!entry || sub.entries.length !== 1) throw new Error(`${sub.fileName}: an XLSX file holds exactly one organisation`);
  return organisationWorkbook(entryFormData(ref, profile, sub, entry, rng), sub.mtime);
}
