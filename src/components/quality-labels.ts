import { formatNumber, formatYear } from '../contract/format.js';

/** Russian names of the pipeline's codes, for «Качество данных». An unknown code is shown as it is. */

export const RUN_STATUS: Readonly<Record<string, string>> = {
  success: 'успешно',
  partial: 'частично',
  failed: 'ошибка',
  interrupted: 'прерван',
  running: 'выполняется',
};

export const STEP_STATUS: Readonly<Record<string, string>> = {
  ...RUN_STATUS,
  skipped: 'пропущен',
};

/** The run's named steps (pipeline/run-pipeline.ts STEPS), in Russian. */
export const STEP: Readonly<Record<string, string>> = {
  reference: 'Справочники',
  inbox: 'Файлы мониторинга',
  reprocess: 'Перечитывание архива',
  registry: 'Реестр наставников',
  core: 'Ядро хранилища',
  marts: 'Витрины и проверки данных',
  snapshot: 'Снимок витрин для сайта',
  site: 'Сборка сайта',
};

export const FILE_STATUS: Readonly<Record<string, string>> = {
  loaded: 'принят',
  partial: 'принят частично',
  rejected: 'отклонён',
};

export const SEVERITY: Readonly<Record<string, string>> = {
  error: 'ошибка',
  warning: 'предупреждение',
};

export const SOURCE: Readonly<Record<string, string>> = {
  inbox: 'Файлы мониторинга',
  reprocess: 'Перечитывание архива',
  mentors_registry: 'Реестр наставников',
};

/** What became of a contingent total (mart_contingent.status). */
export const CONTINGENT_STATUS: Readonly<Record<string, string>> = {
  used: 'дополнило форму',
  form_value_kept: 'в форме своё значение',
  no_submission: 'формы за год нет',
  unmatched: 'организация не найдена',
  below_count: 'меньше числа из формы',
  superseded: 'заменено новым файлом',
};

export const VALUE_FINDING_CODE: Readonly<Record<string, string>> = {
  denominator_missing: 'знаменатель не указан',
  denominator_zero: 'знаменатель равен нулю',
};

/** The Russian name of a code from one of the tables above. */
export function label(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code == null) return '—';
  return table[code] ?? code;
}

const n = (value: unknown) => formatNumber(Number(value));

/**
 * What a step did, from its detail (ops_run_steps.detail: the counts it returned, or its error), in one Russian line.
 * @example describeStep("core", { organisations: 812, submissions: 790 }) // "организаций: 812, форм в расчёте: 790"
 */
export function describeStep(step: string, detail: Readonly<Record<string, unknown>> | null): string {
  if (detail == null) return '—';
  if (typeof detail.error === 'string') return detail.error;
  if (typeof detail.reason === 'string') return detail.reason;
  switch (step) {
    case 'reference':
      return `муниципалитетов: ${n(detail.territories)}, показателей: ${n(detail.indicators)}`;
    case 'inbox':
      return (
        `файлов: ${n(detail.seen)} — принято ${n(detail.loaded)}, частично ${n(detail.partial)}, отклонено ${n(detail.rejected)}, ` +
        `уже загружено ранее ${n(detail.skipped)}; ошибок ${n(detail.errors)}, предупреждений ${n(detail.warnings)}`
      );
    case 'reprocess':
      return `перечитано файлов: ${n(detail.read)}, изменилось: ${n(detail.changed)}, из них теперь приняты отклонённые: ${n(detail.now_loaded)}`;
    case 'registry':
      return (
        `получено записей: ${n(detail.fetched)}, применено: ${n(detail.applied)} (новых ${n(detail.added)}, удалено ${n(detail.deleted)}); ` +
        `без муниципалитета: ${n(detail.unmapped)}`
      );
    case 'core':
      return `организаций: ${n(detail.organisations)}, форм в расчёте: ${n(detail.submissions)}`;
    case 'marts':
      return `значений показателей: ${n(detail.indicator_values)}, проверок данных пройдено: ${n(detail.checks)}`;
    case 'snapshot':
      return Array.isArray(detail.years) && detail.years.length > 0
        ? `годы: ${formatYear(Math.min(...detail.years))}–${formatYear(Math.max(...detail.years))}`
        : 'данных за годы нет';
    case 'site':
      return `собран за ${formatNumber(Number(detail.seconds), 1)} с`;
    default:
      return '—';
  }
}

/** The row and column of what could not be attributed: a file that could not be read, or names no territory or year. */
export const UNKNOWN_TERRITORY = 'муниципалитет не определён';
export const UNKNOWN_YEAR = 'год не определён';
