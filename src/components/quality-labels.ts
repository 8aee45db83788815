/** Russian names of the pipeline's codes, for «Качество данных». An unknown code is shown as it is. */

export const RUN_STATUS: Readonly<Record<string, string>> = {
  success: "успешно",
  partial: "частично",
  failed: "ошибка",
  interrupted: "прерван",
  running: "выполняется"
};

export const FILE_STATUS: Readonly<Record<string, string>> = {
  loaded: "принят",
  partial: "принят частично",
  rejected: "отклонён"
};

export const SEVERITY: Readonly<Record<string, string>> = {
  error: "ошибка",
  warning: "предупреждение"
};

export const SOURCE: Readonly<Record<string, string>> = {
  inbox: "Файлы мониторинга",
  mentors_registry: "Реестр наставников"
};

export const VALUE_FINDING_CODE: Readonly<Record<string, string>> = {
  denominator_missing: "знаменатель не указан",
  denominator_zero: "знаменатель равен нулю"
};

/** The Russian name of a code from one of the tables above. */
export function label(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code == null) return "—";
  return table[code] ?? code;
}
