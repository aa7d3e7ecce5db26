// Keeps the in-memory document trustworthy between writes: it is frozen, edits happen on a draft, and a draft
// is validated before it is saved. Only parts that changed are validated, since history makes the document big.
import type { z } from 'zod';
import { STORE_VERSION, type EntryState, type StoreDoc } from '../../../shared/model';
import type { CertInfo } from '../../../shared/types';
import {
  describeIssue,
  entryStateSchema,
  ledgerRecordSchema,
  settingsSchema,
  watchEntrySchema,
} from './schema';
import { checkChannelParts } from './channel-parts';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function freezeDoc(doc: StoreDoc): StoreDoc {
  return deepFreeze(doc);
}

/** Fresh top-level containers over the same (frozen) items, so `fn` can add, remove and replace freely. */
export function draftOf(doc: StoreDoc): StoreDoc {
  return {
    version: doc.version,
    entries: [...doc.entries],
    settings: structuredClone(doc.settings),
    ledger: [...doc.ledger],
    state: { ...doc.state },
    ...(doc.channels ? { channels: [...doc.channels] } : {}),
    ...(doc.channelLedger ? { channelLedger: { ...doc.channelLedger } } : {}),
  };
}

class Invalid extends Error {}

function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Invalid(describeIssue(parsed.error, where));
  return parsed.data;
}

/** Items already in `prev` are trusted (they are frozen); new ones are validated. */
function checkList<T>(schema: z.ZodType<T>, items: unknown, prev: readonly T[], where: string): T[] {
  if (!Array.isArray(items)) throw new Invalid(`${where} must be a list`);
  const known = new Set<unknown>(prev);
  return items.map((item, i) => (known.has(item) ? (item as T) : check(schema, item, `${where}.${i}`)));
}

/**
 * The certificates of the results already held, by fingerprint, role and source: a new result that names the
 * same certificate takes the object already in memory (a thousand entries behind one CA share its
 * intermediate; an entry checked again shares its own leaf), so what stays in memory grows with the
 * certificates, not with the checks.
 */
function certPool(doc: StoreDoc): Map<string, CertInfo> {
  const pool = new Map<string, CertInfo>();
  for (const s of Object.values(doc.state)) {
    const r = s.lastResult;
    if (!r) continue;
    for (const c of r.chain) pool.set(poolKey(c), c);
    for (const e of r.endpoints) for (const c of e.chain) pool.set(poolKey(c), c);
  }
  return pool;
}

const poolKey = (c: CertInfo) => `${c.fingerprint256}|${c.role}|${c.fromTrustStore}`;

function shareCerts(state: EntryState, pool: () => Map<string, CertInfo>): EntryState {
  const r = state.lastResult;
  if (!r) return state;
  const known = pool();
  const share = (c: CertInfo): CertInfo => {
    const k = poolKey(c);
    const have = known.get(k);
    if (have && have !== c && JSON.stringify(have) === JSON.stringify(c)) return have;
    if (!have) known.set(k, c);
    return c;
  };
  const chain = r.chain.map(share);
  const endpoints = r.endpoints.map((e) => ({
    ...e,
    chain: e.chain === r.chain ? chain : e.chain.map(share),
  }));
  return { ...state, lastResult: { ...r, chain, endpoints } };
}

export function checkBeforeWrite(
  next: StoreDoc,
  prev: StoreDoc,
): { ok: true; doc: StoreDoc } | { ok: false; error: string } {
  try {
    if (next.version !== STORE_VERSION) throw new Invalid(`version must be ${STORE_VERSION}`);
    const entries = checkList(watchEntrySchema, next.entries, prev.entries, 'entries');
    const ids = new Set<string>();
    for (const e of entries) {
      if (ids.has(e.id)) throw new Invalid(`two entries have the id "${e.id}"`);
      ids.add(e.id);
    }
    const settings =
      next.settings === prev.settings ? prev.settings : check(settingsSchema, next.settings, 'settings');
    const ledger = checkList(ledgerRecordSchema, next.ledger, prev.ledger, 'ledger');
    if (typeof next.state !== 'object' || next.state === null) throw new Invalid('state must be an object');
    const state: StoreDoc['state'] = {};
    let pool: Map<string, CertInfo> | undefined;
    const poolNow = () => (pool ??= certPool(prev));
    for (const [id, s] of Object.entries(next.state)) {
      state[id] = s === prev.state[id] ? s : shareCerts(check(entryStateSchema, s, `state.${id}`), poolNow);
    }
    let channelParts: ReturnType<typeof checkChannelParts>;
    try {
      channelParts = checkChannelParts(next, prev);
    } catch (error) {
      throw new Invalid((error as Error).message);
    }
    return {
      ok: true,
      doc: freezeDoc({ version: STORE_VERSION, entries, settings, ledger, ...channelParts, state }),
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: `${error.message}.` };
    throw error;
  }
}
