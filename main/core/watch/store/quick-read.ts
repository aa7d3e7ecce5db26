// A quick read of the store file for `certwatch list`: the entries checked in full, and of each state only what a
// row shows (status, days, expiry, issuer, problems, last check). Anything else to do (an older format to
// upgrade, damage to set aside) returns undefined, and the caller opens the store the full way (file-store.ts),
// which recovers, migrates and says so.
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

export function quickReadForList(file: string): QuickList | undefined {
  const read = readRaw(file);
  if (!read.raw) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(read.raw));
  } catch {
    return undefined;
  }
  if (!isObject(doc) || doc.version !== STORE_VERSION || !Array.isArray(doc.entries)) return undefined;
  if (!isObject(doc.state) || !isObject(doc.certs)) return undefined;
  const messages: string[] = [];
  const entries = readEntries(doc.entries, messages);
  if (messages.length) return undefined;
  const state: Record<string, SummaryState> = {};
  const certs = doc.certs;
  for (const entry of entries) {
    const stored = doc.state[entry.id];
    if (stored === undefined) continue;
    const parsed = rowStateSchema.safeParse(stored);
    if (!parsed.success) return undefined;
    const { lastCheckedAt, lastResult } = parsed.data;
    let row: SummaryState['lastResult'];
    if (lastResult) {
      const first = lastResult.chain[0];
      const cert = first ? doc.certs[first[0]] : undefined;
      if (first && !(isObject(cert) && typeof cert.issuer === 'string')) return undefined;
      // A result naming a certificate the table lost is damage the full open sets aside and reports.
      if (!lastResult.chain.every((ref) => isObject(certs[ref[0]]))) return undefined;
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
