// The store's team-channel parts (channels and their alert ledgers), read and checked on their own so a bad
// channel costs only that channel, never the watchlist. Kept apart from guard.ts and recover.ts, which call these.
import { z } from 'zod';
import type { LedgerRecord, StoreDoc } from '../../../shared/model';
import { teamChannelSchema, type TeamChannel } from '../../../shared/channels';
import { describeIssue, ledgerRecordSchema } from './schema';

const ledgersSchema = z.record(z.string(), z.array(ledgerRecordSchema));

/** The channel parts of a parsed document; unreadable channels are dropped with a message. */
export function readChannelParts(
  doc: Record<string, unknown>,
  messages: string[],
): Pick<StoreDoc, 'channels' | 'channelLedger'> {
  const out: Pick<StoreDoc, 'channels' | 'channelLedger'> = {};
  if (Array.isArray(doc.channels)) {
    const channels: TeamChannel[] = [];
    for (const item of doc.channels) {
      const parsed = teamChannelSchema.safeParse(item);
      if (parsed.success) channels.push(parsed.data);
      else
        messages.push(
          `A team channel could not be read (${describeIssue(parsed.error)}); set it up again in Settings.`,
        );
    }
    out.channels = channels;
  }
  if (doc.channelLedger !== undefined) {
    const parsed = ledgersSchema.safeParse(doc.channelLedger);
    if (parsed.success) out.channelLedger = parsed.data;
    else
      messages.push('The record of alerts sent to team channels could not be read; some may be sent again.');
  }
  return out;
}

/** Validates channel parts that changed (unchanged ones are frozen and trusted); throws a message otherwise. */
export function checkChannelParts(
  next: StoreDoc,
  prev: StoreDoc,
): Pick<StoreDoc, 'channels' | 'channelLedger'> {
  const out: Pick<StoreDoc, 'channels' | 'channelLedger'> = {};
  if (next.channels !== undefined) {
    const known = new Set<unknown>(prev.channels ?? []);
    out.channels = next.channels.map((c, i) => {
      if (known.has(c)) return c;
      const parsed = teamChannelSchema.safeParse(c);
      if (!parsed.success) throw new Error(describeIssue(parsed.error, `channels.${i}`));
      return parsed.data;
    });
    const ids = new Set(out.channels.map((c) => c.id));
    if (ids.size !== out.channels.length) throw new Error('two channels have the same id');
  }
  if (next.channelLedger !== undefined) {
    const all: Record<string, LedgerRecord[]> = {};
    for (const [id, records] of Object.entries(next.channelLedger)) {
      if (records === prev.channelLedger?.[id]) all[id] = records;
      else {
        const parsed = z.array(ledgerRecordSchema).safeParse(records);
        if (!parsed.success) throw new Error(describeIssue(parsed.error, `channelLedger.${id}`));
        all[id] = parsed.data;
      }
    }
    out.channelLedger = all;
  }
  return out;
}
