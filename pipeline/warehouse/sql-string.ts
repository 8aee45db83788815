/** A text as an SQL string literal, for the few statements DuckDB cannot take parameters in (COPY, ATTACH, read_csv). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
