// The window's calls about team channels: save (create or edit, secrets kept unless replaced), remove, test.
// Answers carry the masked view only; a secret never travels back to the window.
import { randomUUID } from 'node:crypto';
import { HandlerError, type Handlers } from '../../../shared/contract';
import { channelView, mergeChannel, teamChannelSchema } from '../../../shared/channels';
import { describeIssue } from '../store/schema';
import type { WatcherCore } from '../watcher-core';

type ChannelHandlers = Pick<Handlers, 'channels:save' | 'channels:remove' | 'channels:test'>;

export function channelHandlers(core: WatcherCore): ChannelHandlers {
  const newId = core.deps.newId ?? randomUUID;
  const find = (id: string) => {
    const channel = (core.doc().channels ?? []).find((c) => c.id === id);
    if (!channel) throw new HandlerError('NOT_FOUND', 'This channel is not configured any more.');
    return channel;
  };
  return {
    'channels:save': async ({ channel: input }) => {
      const existing = input.id ? find(input.id) : undefined;
      const merged = mergeChannel(input, existing, existing?.id ?? newId());
      const checked = teamChannelSchema.safeParse(merged);
      if (!checked.success)
        throw new HandlerError('INVALID_REQUEST', `The channel ${describeIssue(checked.error)}.`);
      core.update((doc) => {
        const list = doc.channels ?? [];
        doc.channels = existing
          ? list.map((c) => (c.id === merged.id ? checked.data : c))
          : [...list, checked.data];
      });
      // A new channel hears about what is due now, like a fresh start would.
      core.channels.evaluateStored();
      return channelView(checked.data, core.channels.health(merged.id));
    },
    'channels:remove': async ({ id }) => {
      find(id);
      core.update((doc) => {
        doc.channels = (doc.channels ?? []).filter((c) => c.id !== id);
        if (doc.channelLedger) {
          const { [id]: _gone, ...rest } = doc.channelLedger;
          doc.channelLedger = rest;
        }
      });
      return { removed: true };
    },
    'channels:test': async ({ id }) => {
      const error = await core.channels.test(find(id));
      if (error) throw new HandlerError('FAILED', `The test message was not delivered: ${error}`);
      return { delivered: true };
    },
  };
}
