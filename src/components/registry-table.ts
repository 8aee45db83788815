import { formatNumber, formatPct } from '../contract/format.js';
import { type DownloadName, withTableExport } from './table-export.js';
import { type TableColumn, tableElement } from './table-element.js';
import type { ExportColumn } from './table-sheet.js';

/** A row of the registry table: a territory, the mentors of no recognised municipality, or the region. */
export interface RegistryTableRow {
  name: string;
  kind: 'territory' | 'unknown' | 'region';
  mentors_registered: number;
  mentors_with_programme: number;
  mentors_trained: number;
  programmes_reported: number | null;
  organisations_reporting_programmes: number;
  registry_to_reported_pct: number | null;
}

export interface RegistryTableOptions {
  /** Rows whose ratio is below this are marked (a symbol and a tint, not colour alone). */
  threshold_pct: number;
  /** «Скачать XLSX / CSV» above the table, with this file name. */
  download?: DownloadName;
  /** Only the figures of the forms (programmes reported), for a registry that was never loaded. */
  formsOnly?: boolean;
}

/** The columns that come from the monitoring forms, not from the registry. */
const FORMS_COLUMNS: ReadonlySet<keyof RegistryTableRow> = new Set([
  'programmes_reported',
  'organisations_reporting_programmes',
]);

/** Whether the registry was ever synced (ops_sources), and how its step of the latest run ended (ops_run_steps). */
export interface RegistryStatus {
  loaded: boolean;
  /** When the registry was last synced, if ever. */
  last_success_at: string | null;
  /** The latest run's «registry» step: success, skipped, failed…, and its reason in Russian. */
  last_step: { status: string; reason: string | null } | null;
}

/**
 * Why the registry has no figures, in Russian; null when it was loaded.
 * @example registryAbsence({ loaded: false, last_success_at: null, last_step: { status: "skipped", reason: "не задан REGISTRY_URL" } })
 * // "Реестр наставников не загружался: не задан адрес реестра (REGISTRY_URL)."
 */
export function registryAbsence(status: RegistryStatus): string | null {
  if (status.loaded) return null;
  const step = status.last_step;
  const reason = step?.reason?.trim().replace(/[.。]+$/, '') || null;
  if (step == null) return 'Реестр наставников не загружался: в последнем запуске загрузки шаг реестра не выполнялся.';
  if (reason != null && /REGISTRY_URL/.test(reason))
    return 'Реестр наставников не загружался: не задан адрес реестра (REGISTRY_URL).';
  if (step.status === 'failed')
    return `Реестр наставников не загружался: последняя попытка не удалась${reason ? ` (${reason})` : ''}.`;
  if (step.status === 'interrupted')
    return 'Реестр наставников не загружался: последний запуск был прерван до конца синхронизации.';
  return `Реестр наставников не загружался${reason ? `: ${reason}` : ''}.`;
}

const COLUMNS: ReadonlyArray<{
  key: keyof RegistryTableRow;
  label: string;
  format: (v: number | null) => string;
  kind: 'integer' | 'pct';
}> = [
  { key: 'mentors_registered', label: 'В реестре', format: (v) => formatNumber(v), kind: 'integer' },
  { key: 'mentors_with_programme', label: 'С программой', format: (v) => formatNumber(v), kind: 'integer' },
  { key: 'mentors_trained', label: 'Обучены', format: (v) => formatNumber(v), kind: 'integer' },
  { key: 'programmes_reported', label: 'Программ по отчётам', format: (v) => formatNumber(v), kind: 'integer' },
  {
    key: 'organisations_reporting_programmes',
    label: 'Организаций указали',
    format: (v) => formatNumber(v),
    kind: 'integer',
  },
  { key: 'registry_to_reported_pct', label: 'На 100 программ, %', format: formatPct, kind: 'pct' },
];

/** The download's columns: every shown figure at full precision, a row's name as the first column. */
const EXPORT_COLUMNS: ReadonlyArray<ExportColumn<RegistryTableRow>> = [
  { header: 'Муниципалитет', kind: 'text', value: (row) => row.name },
  ...COLUMNS.map(({ key, label, kind }): ExportColumn<RegistryTableRow> => ({
    header: label,
    kind,
    value: (row) => row[key] as number | null,
  })),
];

/**
 * The registry by territory for one year as a table, territories in reference order, then the mentors whose
 * municipality was not recognised, then the region; rows far below the reported programmes are marked.
 * @example registryTable(rows, { threshold_pct: 50 })
 */
export function registryTable(
  rows: readonly RegistryTableRow[],
  { threshold_pct, download, formsOnly = false }: RegistryTableOptions,
): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'registry-table-wrap';
  const isLow = (row: RegistryTableRow) =>
    row.kind !== 'unknown' && row.registry_to_reported_pct != null && row.registry_to_reported_pct < threshold_pct;
  const lowMark = () => {
    const mark = document.createElement('span');
    mark.className = 'registry-low-mark';
    mark.title = `меньше порога ${formatPct(threshold_pct)}`;
    mark.textContent = '▼ ';
    return mark;
  };
  const columns: ReadonlyArray<TableColumn<RegistryTableRow>> = [
    { label: 'Муниципалитет', cell: (row) => row.name },
    ...COLUMNS.filter(({ key }) => !formsOnly || FORMS_COLUMNS.has(key)).map(
      ({ key, label, format }): TableColumn<RegistryTableRow> => ({
        label,
        cellClass: 'registry-num',
        cellData: { column: key },
        cell: (row) => {
          const text = format(row[key] as number | null);
          return key === 'registry_to_reported_pct' && isLow(row) ? [lowMark(), text] : text;
        },
      }),
    ),
  ];
  const rowAttributes = (row: RegistryTableRow) => ({
    className: [isLow(row) ? 'registry-row-low' : '', row.kind === 'territory' ? '' : `registry-row-${row.kind}`]
      .filter(Boolean)
      .join(' '),
    data: { kind: row.kind },
  });
  const table = tableElement(columns, rows, { className: 'registry-table', rowAttributes });
  const exportColumns = formsOnly
    ? EXPORT_COLUMNS.filter((c, i) => i === 0 || FORMS_COLUMNS.has(COLUMNS[i - 1]!.key))
    : EXPORT_COLUMNS;
  wrap.append(download ? withTableExport(table, { ...download, columns: exportColumns, rows }) : table);
  return wrap;
}

/** The registry's threshold as the page writes it: a whole number chosen by the user, "50 %", not "50,0 %". */
export const registryPercent = (value: number): string => `${formatNumber(value)}\u00a0%`;
