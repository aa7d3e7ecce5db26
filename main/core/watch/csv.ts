// A small RFC 4180 CSV reader and writer: quoted fields may hold commas, quotes and line breaks, and every
// record keeps the line it starts on, so import errors can point at it.

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; error: string };

/**
 * OWASP's rule against CSV formula injection: a cell a spreadsheet would read as a formula (it starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets show as text. Cells
 * that already start with quotes before such a character get one more, so `restoreFormulaCell` is exact.
 */
export function neutraliseFormulaCell(value: string): string {
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The inverse of `neutraliseFormulaCell`, applied to every cell an import reads. */
export function restoreFormulaCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Quotes a cell only when it must be: separators, quotes, line breaks, or blank space at either end. */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CRLF between records, as RFC 4180 asks and spreadsheets expect. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function readCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const src = text.replace(/^\uFEFF/, '');
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') endCell();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (quoted)
    return {
      ok: false,
      line: quoteLine,
      error: `a quoted field opened on line ${quoteLine} is never closed`,
    };
  if (cell !== '' || cells.length) endRecord();
  return { ok: true, records };
}
