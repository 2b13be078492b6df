/** Cells a spreadsheet would evaluate as a formula start with one of these. */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 cell: quoted when it holds a quote, comma or line break (quotes doubled), and
 * prefixed with `'` when a spreadsheet would read it as a formula (CSV injection).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
