// Import and export of the watchlist as JSON and CSV. Every item of an import is judged on its own and keeps
// its line number, so the report says which line failed and why while the good ones are added.
import { z } from 'zod';
import type { AddReport, LineReport } from '../../shared/contract';
import { neutraliseFormulaCell, readCsv, restoreFormulaCell, writeCsv } from './csv';
import type { WatchEntry } from '../../shared/model';
import { arrayItemStarts } from './store/json-scan';
import { describeIssue } from './store/schema';
import {
  addEntries,
  addReport,
  parseBulk,
  type AddResult,
  type EntryDeps,
  type EntryInput,
} from './watchlist';

export const CSV_COLUMNS = [
  'target',
  'label',
  'tags',
  'owner',
  'runbookUrl',
  'notes',
  'starttls',
  'sni',
  'warningDays',
  'criticalDays',
  'intervalMinutes',
  'enabled',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

export const JSON_FORMAT = 'certwatch-watchlist';

/** What an export keeps of an entry: what a person chose, not ids, timestamps or check results. */
export function toInput(e: WatchEntry): EntryInput {
  return {
    target: e.target,
    ...(e.label !== undefined ? { label: e.label } : {}),
    tags: [...e.tags],
    ...(e.owner !== undefined ? { owner: e.owner } : {}),
    ...(e.runbookUrl !== undefined ? { runbookUrl: e.runbookUrl } : {}),
    ...(e.notes !== undefined ? { notes: e.notes } : {}),
    ...(e.starttls ? { starttls: e.starttls } : {}),
    ...(e.sni ? { sni: e.sni } : {}),
    ...(e.thresholds ? { thresholds: { ...e.thresholds } } : {}),
    ...(e.intervalMinutes !== undefined ? { intervalMinutes: e.intervalMinutes } : {}),
    enabled: e.enabled,
  };
}

export function exportJson(entries: readonly WatchEntry[]): string {
  return JSON.stringify({ format: JSON_FORMAT, version: 1, entries: entries.map(toInput) }, null, 2) + '\n';
}

export function exportCsv(entries: readonly WatchEntry[]): string {
  const rows = entries.map((e) => {
    const cell: Record<Column, string> = {
      target: e.target,
      label: e.label ?? '',
      tags: e.tags.join(';'),
      owner: e.owner ?? '',
      runbookUrl: e.runbookUrl ?? '',
      notes: e.notes ?? '',
      starttls: e.starttls ?? '',
      sni: e.sni ?? '',
      warningDays: e.thresholds?.warningDays?.toString() ?? '',
      criticalDays: e.thresholds?.criticalDays?.toString() ?? '',
      intervalMinutes: e.intervalMinutes?.toString() ?? '',
      enabled: String(e.enabled),
    };
    return CSV_COLUMNS.map((c) => neutraliseFormulaCell(cell[c]));
  });
  return writeCsv([[...CSV_COLUMNS], ...rows]);
}

export type ImportFormat = 'json' | 'csv' | 'auto';
export type ImportError = LineReport & { ok: false; error: string };
export interface ImportedText {
  /** The format actually read (`lines`: one target per line, as pasted). */
  format: 'json' | 'csv' | 'lines';
  inputs: EntryInput[];
  /** Items that could not even be read as an entry; the rest go to addEntries. */
  errors: ImportError[];
}

const fail = (line: number, input: string, error: string): ImportError => ({ line, input, ok: false, error });

/** Line numbers of ascending offsets, in one pass over the text. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let pos = 0;
  for (const offset of offsets) {
    for (; pos < offset && pos < text.length; pos++) if (text[pos] === '\n') line++;
    lines.push(line);
  }
  return lines;
}

const optionalText = z.string().nullish();
const jsonItem = z.object({
  target: z.string({ error: 'must be text such as "example.com:443"' }),
  label: optionalText,
  tags: z.union([z.array(z.string()), z.string()]).nullish(),
  owner: optionalText,
  runbookUrl: optionalText,
  notes: optionalText,
  starttls: optionalText,
  sni: optionalText,
  thresholds: z.object({ warningDays: z.number().optional(), criticalDays: z.number().optional() }).nullish(),
  warningDays: z.number().nullish(),
  criticalDays: z.number().nullish(),
  intervalMinutes: z.number().nullish(),
  enabled: z.boolean().nullish(),
});

function inputFromJson(item: z.output<typeof jsonItem>, line: number): EntryInput {
  const thresholds = {
    ...(item.thresholds ?? {}),
    ...(item.warningDays != null ? { warningDays: item.warningDays } : {}),
    ...(item.criticalDays != null ? { criticalDays: item.criticalDays } : {}),
  };
  const tags = typeof item.tags === 'string' ? item.tags.split(';') : (item.tags ?? undefined);
  const input: EntryInput = { target: item.target, line };
  for (const key of ['label', 'owner', 'runbookUrl', 'notes', 'starttls', 'sni'] as const) {
    const value = item[key];
    if (value != null) input[key] = value;
  }
  if (tags) input.tags = tags;
  if (Object.keys(thresholds).length) input.thresholds = thresholds;
  if (item.intervalMinutes != null) input.intervalMinutes = item.intervalMinutes;
  if (item.enabled != null) input.enabled = item.enabled;
  return input;
}

/** Our export, a store file (anything with `entries`), or a bare array of targets or entry objects. */
function readJson(text: string): ImportedText {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? (linesAt(text, [Number(at[1])])[0] ?? 1) : 1;
    return {
      format: 'json',
      inputs: [],
      errors: [fail(line, '', `The file is not valid JSON: ${message}.`)],
    };
  }
  const wrapped = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'entries' in doc;
  const items = wrapped ? (doc as { entries: unknown }).entries : doc;
  if (!Array.isArray(items)) {
    return {
      format: 'json',
      inputs: [],
      errors: [
        fail(1, '', 'The JSON holds no watchlist: expected a list of entries, or an object with "entries".'),
      ],
    };
  }
  const lines = linesAt(text, arrayItemStarts(text, wrapped ? 'entries' : undefined));
  const result: ImportedText = { format: 'json', inputs: [], errors: [] };
  items.forEach((item, i) => {
    const line = lines[i] ?? i + 1;
    if (typeof item === 'string') {
      result.inputs.push({ target: item, line });
      return;
    }
    const parsed = jsonItem.safeParse(item);
    if (parsed.success) {
      result.inputs.push(inputFromJson(parsed.data, line));
      return;
    }
    const raw = typeof item === 'object' && item !== null ? (item as { target?: unknown }).target : undefined;
    const target = typeof raw === 'string' ? raw : '';
    const why =
      typeof item === 'object' && item !== null
        ? describeIssue(parsed.error)
        : 'it is neither a target nor an entry';
    result.errors.push(fail(line, target, `Item ${i + 1} could not be read: ${why}.`));
  });
  return result;
}

function parseCount(name: string, raw: string): number | undefined | { error: string } {
  if (!raw.trim()) return undefined;
  if (!/^\s*\d+\s*$/.test(raw)) return { error: `${name} "${raw}" is not a whole number` };
  return Number(raw);
}

function parseEnabled(raw: string): boolean | undefined | { error: string } {
  const v = raw.trim().toLowerCase();
  if (!v) return undefined;
  if (['true', 'yes', 'y', '1', 'on'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(v)) return false;
  return { error: `enabled "${raw}" should be true or false` };
}

/** With a header row, columns may come in any order and any subset; without one, in CSV_COLUMNS order. */
function readCsvText(text: string): ImportedText {
  const parsed = readCsv(text);
  const result: ImportedText = { format: 'csv', inputs: [], errors: [] };
  if (!parsed.ok) {
    result.errors.push(fail(parsed.line, '', `The CSV cannot be read: ${parsed.error}.`));
    return result;
  }
  const records = parsed.records.filter(
    (r) => r.cells.some((c) => c.trim()) && !r.cells[0]?.trim().startsWith('#'),
  );
  const first = records[0];
  const hasHeader = first?.cells[0]?.trim().toLowerCase() === 'target';
  let columns: (Column | undefined)[] = [...CSV_COLUMNS];
  if (first && hasHeader) {
    const known = new Map(CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
    columns = first.cells.map((name) => known.get(name.trim().toLowerCase()));
    first.cells.forEach((name, i) => {
      if (!columns[i]) {
        result.errors.push(
          fail(
            first.line,
            name,
            `The column "${name}" is not one Certwatch knows; it was ignored (known: ${CSV_COLUMNS.join(', ')}).`,
          ),
        );
      }
    });
  }
  for (const record of hasHeader ? records.slice(1) : records) {
    const row: Partial<Record<Column, string>> = {};
    record.cells.forEach((cell, i) => {
      const column = columns[i];
      if (column) row[column] = restoreFormulaCell(cell);
    });
    const target = row.target?.trim() ?? '';
    const problem = (error: string) => result.errors.push(fail(record.line, target, error));
    if (record.cells.length > columns.length) {
      problem(
        `This line has ${record.cells.length} fields but there are ${columns.length} columns; check its quoting.`,
      );
      continue;
    }
    const numbers: Partial<Record<'warningDays' | 'criticalDays' | 'intervalMinutes', number>> = {};
    let bad: string | undefined;
    for (const key of ['warningDays', 'criticalDays', 'intervalMinutes'] as const) {
      const n = parseCount(key, row[key] ?? '');
      if (typeof n === 'object') bad ??= n.error;
      else if (n !== undefined) numbers[key] = n;
    }
    const enabled = parseEnabled(row.enabled ?? '');
    if (typeof enabled === 'object') bad ??= enabled.error;
    if (bad) {
      problem(`Invalid entry "${target}": ${bad}.`);
      continue;
    }
    const input: EntryInput = { target, line: record.line };
    for (const key of ['label', 'owner', 'runbookUrl', 'notes', 'starttls', 'sni'] as const) {
      if (row[key]) input[key] = row[key];
    }
    if (row.tags) input.tags = row.tags.split(';');
    const { warningDays, criticalDays, intervalMinutes } = numbers;
    if (warningDays !== undefined || criticalDays !== undefined)
      input.thresholds = { warningDays, criticalDays };
    if (intervalMinutes !== undefined) input.intervalMinutes = intervalMinutes;
    if (typeof enabled === 'boolean') input.enabled = enabled;
    result.inputs.push(input);
  }
  return result;
}

/** `auto`: JSON when it starts like JSON, CSV when it has a header or commas, else one target per line. */
export function importText(text: string, format: ImportFormat): ImportedText {
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'json') return readJson(body);
  if (format === 'csv') return readCsvText(body);
  const start = body.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return readJson(body);
  const firstLine = start.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  if (/^"?target"?\s*(,|$)/i.test(firstLine) || firstLine.includes(',')) return readCsvText(body);
  return { format: 'lines', inputs: parseBulk(body), errors: [] };
}

/** Reads, adds what it can, and reports every line in order. Existing entries are never changed. */
export function importEntries(
  entries: readonly WatchEntry[],
  text: string,
  format: ImportFormat,
  deps: EntryDeps,
): { entries: WatchEntry[]; results: AddResult[]; report: AddReport } {
  const read = importText(text, format);
  const added = addEntries(entries, read.inputs, deps);
  const lines: LineReport[] = [...read.errors, ...addReport(added.results).lines].sort(
    (a, b) => a.line - b.line,
  );
  return {
    entries: added.entries,
    results: added.results,
    report: { added: added.results.filter((r) => r.ok).length, lines },
  };
}
