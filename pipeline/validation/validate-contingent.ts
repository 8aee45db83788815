import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { pathWithoutContingentFolders, readContingentFile } from '../sources/contingent.ts';
import { fieldText } from '../sources/raw-submission.ts';
import { readSubmissionFile } from '../sources/read-file.ts';
import { finding } from '../reference/finding.ts';
import { contextFromPath } from './path-context.ts';
import { type OrgYearSubmission, measuresById, submissionOf, validateBlock } from './validate-block.ts';
import type { ValidatedFile } from './validated-file.ts';

/** The block of measures.csv a contingent may carry: the organisation's totals, the denominators of the shares. */
const TOTALS = 'totals';

/**
 * Checks a contingent file (see sources/contingent.ts): the same wide table and the same per-organisation checks as
 * a municipality summary (validateBlock), plus the contingent's own rules: only totals columns (any other measure is
 * an error for that column, whose values are not loaded), a territory is not needed when the ИНН is given (the
 * organisation is matched by it), the type is optional, and one organisation appears once per year in a file.
 */
export async function validateContingentFile(
  relativePath: string,
  buffer: Buffer,
  normaliser: Normaliser,
  ref: Reference,
  now: Date,
): Promise<ValidatedFile> {
  const read = buffer.length === 0 ? null : await readContingentFile(relativePath, buffer, normaliser);
  if (read === null) {
    const unsupported = await readSubmissionFile(relativePath, buffer, normaliser);
    return { format: null, submissions: [], findings: unsupported.findings, rejected: true, contingent: true };
  }
  const findings = [...read.findings];
  if (findings.some((f) => f.severity === 'error'))
    return { format: read.format, submissions: [], findings, rejected: true, contingent: true };

  const measures = measuresById(ref);
  const totalsNames = ref.measures
    .filter((m) => m.block === TOTALS)
    .sort((a, b) => a.sort_order - b.sort_order)
    .map((m) => m.name.toLowerCase());
  const kept = new Set<string>();
  for (const column of read.columns ?? []) {
    const at = { sheet: read.blocks[0]?.at.sheet ?? null, row: column.row, column: column.name };
    const m = normaliser.measure(column.measure);
    const measure = m.id === null ? null : measures.get(m.id)!;
    if (measure !== null && measure.block === TOTALS && column.form === null) {
      kept.add(column.name);
    } else if (m.id === null && column.form === null) {
      findings.push(
        finding(
          'warning',
          'measure_unknown',
          `Столбец не распознан как численность и не загружен: ${m.reason}`,
          at,
          column.name,
        ),
      );
    } else {
      const what = measure === null ? 'показатель по форме наставничества' : `«${measure.name}»`;
      findings.push(
        finding(
          'error',
          'contingent_not_totals',
          `В файле контингента допустимы только численности (${totalsNames.join('; ')}): столбец ${what} не загружен — показатели форм, чек-листа и анкетирования присылаются в форме мониторинга`,
          at,
          column.name,
        ),
      );
    }
  }
  if (kept.size === 0) {
    findings.push(
      finding(
        'error',
        'contingent_no_totals',
        `В файле контингента нет ни одного столбца численностей (${totalsNames.join('; ')}): файл не загружен`,
        { sheet: read.blocks[0]?.at.sheet ?? null, row: read.columns?.[0]?.row ?? 1, column: null },
      ),
    );
    return { format: read.format, submissions: [], findings, rejected: true, contingent: true };
  }
  if (read.blocks.length === 0) {
    findings.push(finding('warning', 'contingent_empty', 'В файле контингента нет ни одной организации'));
  }

  const pathContext = contextFromPath(pathWithoutContingentFolders(relativePath), normaliser);
  const seen = new Map<string, number>();
  const submissions: OrgYearSubmission[] = read.blocks.map((block) => {
    const s = validateBlock(
      { ...block, values: block.values.filter((v) => kept.has(v.value.at.column ?? '')) },
      pathContext,
      normaliser,
      ref,
      now,
    );
    const noTerritoryGiven = fieldText(block.territory) === '' && pathContext.territoryId === null;
    const own = s.findings.filter((f) => {
      // the type is optional: the organisation's forms give it
      if (f.code === 'org_type_unknown') return false;
      // a territory is needed to match by name only: with an ИНН the organisation is found by it
      if (f.code === 'territory_unknown' && noTerritoryGiven && s.inn !== null) return false;
      return true;
    });
    if (s.year !== null && s.orgNameKey !== '') {
      const key = `${s.year}|${s.inn ?? `${s.territoryId ?? ''}|${s.orgNameKey}`}`;
      const before = seen.get(key);
      if (before !== undefined) {
        own.push(
          finding(
            'error',
            'contingent_duplicate',
            `Организация «${s.orgName}»${s.inn ? ` (ИНН ${s.inn})` : ''} за ${s.year} год уже указана в строке ${before} этого файла: повторная строка не загружена`,
            block.orgName?.at ?? block.at,
            s.orgName,
          ),
        );
      } else if (block.at.row !== null) {
        seen.set(key, block.at.row);
      }
    }
    return { ...submissionOf(s, s.sheet, s.values, own), row: block.at.row };
  });
  return { format: read.format, submissions, findings, rejected: false, contingent: true };
}
