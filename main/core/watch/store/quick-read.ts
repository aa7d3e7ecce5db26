// A quick read of the store file for `certwatch list`: the entries checked in full, and of each state only what a
// row shows (status, days, expiry, issuer, problems, last check). It reads the file as the writer lays it out
// (compact.ts: one entry, certificate or state per line) and parses neither the history nor the certificates no
// row names. Anything else (an older format to upgrade, damage to set aside, a layout it does not know) returns
// undefined, and the caller opens the store the full way (file-store.ts), which recovers, migrates and says so.
import { z } from 'zod';
import { STORE_VERSION, type WatchEntry } from '../../../shared/model';
import { STATUSES, type Problem } from '../../../shared/types';
import type { SummaryState } from '../summary';
import { readRaw } from './raw-read';
import { readEntries } from './recover';

const rowResultSchema = z.looseObject({
  status: z.enum(STATUSES),
  daysLeft: z.number().nullable(),
  notAfter: z.string().nullable(),
  checkedAt: z.string(),
  problems: z.array(z.looseObject({ code: z.string(), message: z.string() })),
  chain: z.array(z.tuple([z.string(), z.string(), z.number()])),
});

const rowStateSchema = z.looseObject({
  lastCheckedAt: z.string().optional(),
  lastResult: rowResultSchema.optional(),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface QuickList {
  entries: WatchEntry[];
  state: Record<string, SummaryState>;
}

/**
 * The writer's layout, split at its line breaks (a JSON string never holds a raw one, so each is structural):
 * the head up to the `certs` table, the table's lines by key, and the state lines by entry id. undefined for
 * any other layout.
 */
interface Layout {
  head: string;
  certLines: Map<string, string>;
  stateLines: Map<string, string>;
}

const CERTS_OPEN = '"certs":{';
const STATE_OPEN = '"state":{';

/** `"key":rest` with its trailing comma dropped, as [key, rest]; undefined when the line is not that. */
function keyed(line: string): [string, string] | undefined {
  const end = line.indexOf('":');
  if (!line.startsWith('"') || end < 1) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(line.slice(0, end + 1));
  } catch {
    return undefined;
  }
  const rest = line.endsWith(',') ? line.slice(end + 2, -1) : line.slice(end + 2);
  return typeof key === 'string' ? [key, rest] : undefined;
}

function layoutOf(text: string): Layout | undefined {
  const lines = text.split('\n');
  const certsAt = lines.indexOf(CERTS_OPEN);
  const stateAt = lines.indexOf(STATE_OPEN, certsAt + 1);
  // The file ends "}}" and a line break after the last state line: state is the last part, certs just before.
  if (certsAt < 2 || stateAt < 0 || lines.at(-1) !== '' || lines.at(-2) !== '}}') return undefined;
  if (lines[stateAt - 1] !== '},') return undefined;
  const certLines = new Map<string, string>();
  for (let i = certsAt + 1; i < stateAt - 1; i++) {
    const kv = keyed(lines[i]!);
    if (!kv) return undefined;
    certLines.set(kv[0], kv[1]);
  }
  const stateLines = new Map<string, string>();
  for (let i = stateAt + 1; i < lines.length - 2; i++) {
    const kv = keyed(lines[i]!);
    if (!kv) return undefined;
    stateLines.set(kv[0], kv[1]);
  }
  // The head: everything before the certs table, closed where the table began.
  const head = lines.slice(0, certsAt).join('\n').replace(/,$/, '') + '}';
  return { head, certLines, stateLines };
}

/** A state line without its history, the last key the writer puts in it (compact.ts, encodeState). */
function withoutHistory(line: string): string {
  const at = line.lastIndexOf(',"history":');
  return at < 0 ? line : line.slice(0, at) + '}';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function quickReadForList(file: string): QuickList | undefined {
  const read = readRaw(file);
  if (!read.raw) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.raw);
  } catch {
    return undefined;
  }
  const layout = layoutOf(text);
  if (!layout) return undefined;
  const doc = parse(layout.head);
  if (!isObject(doc) || doc.version !== STORE_VERSION || !Array.isArray(doc.entries)) return undefined;
  const messages: string[] = [];
  const entries = readEntries(doc.entries, messages);
  if (messages.length) return undefined;
  const certs = new Map<string, unknown>();
  const certOf = (key: string): unknown => {
    if (!certs.has(key)) {
      const line = layout.certLines.get(key);
      certs.set(key, line === undefined ? undefined : parse(line));
    }
    return certs.get(key);
  };
  const state: Record<string, SummaryState> = {};
  for (const entry of entries) {
    const line = layout.stateLines.get(entry.id);
    if (line === undefined) continue;
    const parsed = rowStateSchema.safeParse(parse(withoutHistory(line)));
    if (!parsed.success) return undefined;
    const { lastCheckedAt, lastResult } = parsed.data;
    let row: SummaryState['lastResult'];
    if (lastResult) {
      const first = lastResult.chain[0];
      const cert = first ? certOf(first[0]) : undefined;
      if (first && !(isObject(cert) && typeof cert.issuer === 'string')) return undefined;
      // A result naming a certificate the table lost is damage the full open sets aside and reports.
      if (!lastResult.chain.every((ref) => layout.certLines.has(ref[0]))) return undefined;
      row = {
        ...lastResult,
        // Checked as the full load checks them (schema.ts): a code from a newer probe is still shown.
        problems: lastResult.problems as Problem[],
        chain: first ? [{ issuer: (cert as { issuer: string }).issuer }] : [],
      };
    }
    state[entry.id] = {
      ...(lastCheckedAt !== undefined ? { lastCheckedAt } : {}),
      ...(row ? { lastResult: row } : {}),
    };
  }
  return { entries, state };
}
