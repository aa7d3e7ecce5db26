// Keeps the in-memory document trustworthy between writes: it is frozen, edits happen on a draft, and a draft
// is validated before it is saved. Only parts that changed are validated, since history makes the document big.
import type { z } from 'zod';
import { STORE_VERSION, type StoreDoc } from '../../../shared/model';
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
    for (const [id, s] of Object.entries(next.state)) {
      state[id] = s === prev.state[id] ? s : check(entryStateSchema, s, `state.${id}`);
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
