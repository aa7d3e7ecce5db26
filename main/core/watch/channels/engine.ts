// Alerts for team channels: the desktop's policy (ladder, once per certificate and reason, grouping) applied
// per channel with its own ledger, the entries each channel's route picks, delivery with retries and backoff
// on a bounded in-memory schedule, and each channel's health for the window. What was not delivered stays
// due: it is tried again after the next check, or at the next start.
import { evaluateAlerts, recordFired, type Alert, type AlertInput } from '../alerts';
import type { StoreDoc, WatchEntry } from '../../../shared/model';
import type { Clock } from '../../probe/time';
import type { TimerApi } from '../schedule';
import {
  channelSecrets,
  redact,
  type ChannelHealth,
  type ChannelRoute,
  type TeamChannel,
} from '../../../shared/channels';
import { displayText } from '../../../shared/untrusted-text';
import { channelMessages, type ChannelMessage } from './messages';
import type { ChannelTransport } from './transport';

/** Waits before the 2nd, 3rd, … attempt; after the last one the alerts wait for the next check. */
export const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000];

export interface ChannelAlertsDeps {
  clock: Clock;
  timers: TimerApi;
  transport: ChannelTransport;
  doc: () => StoreDoc;
  update: (fn: (doc: StoreDoc) => StoreDoc | void) => StoreDoc;
  log: (line: string) => void;
  /** Health changed: the window should hear about it. */
  changed: () => void;
  groupWindowMs?: number;
  retryDelaysMs?: number[];
}

export interface ChannelAlerts {
  /** Called with the inputs the desktop alerts were judged from (`ledger` and `settings` are replaced). */
  evaluate(inputs: Omit<AlertInput, 'ledger'>[]): void;
  /** Alerts due from stored results (start-up, or after channels changed). */
  evaluateStored(): void;
  health(channelId: string): ChannelHealth;
  /** Sends one test message now, without retries; resolves with the error text, or null when delivered. */
  test(channel: TeamChannel): Promise<string | null>;
  /** Sends what is grouping, waits for attempts under way, drops scheduled retries (still due next time). */
  stop(): Promise<void>;
}

export function routes(route: ChannelRoute, entry: WatchEntry): boolean {
  if (route.all) return true;
  if (route.entryIds.includes(entry.id)) return true;
  const tags = entry.tags.map((t) => t.toLowerCase());
  if (route.tags.some((t) => tags.includes(t.toLowerCase()))) return true;
  const owner = entry.owner?.trim().toLowerCase();
  return !!owner && route.owners.some((o) => o.trim().toLowerCase() === owner);
}

interface Job {
  channelId: string;
  message: ChannelMessage;
  attempt: number;
  timer?: unknown;
}

export function createChannelAlerts(deps: ChannelAlertsDeps): ChannelAlerts {
  const { clock, timers } = deps;
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pending = new Map<string, Alert[]>();
  /** Alert keys queued, being sent or waiting for a retry, per channel: never queued twice. */
  const inFlight = new Map<string, Set<string>>();
  const health = new Map<string, ChannelHealth>();
  const waiting = new Set<Job>();
  const running = new Set<Promise<void>>();
  let flushTimer: unknown;
  let stopped = false;

  const channels = () => (deps.doc().channels ?? []).filter((c) => c.enabled);
  const channelById = (id: string) => (deps.doc().channels ?? []).find((c) => c.id === id);
  const keysOf = (id: string) => {
    let set = inFlight.get(id);
    if (!set) inFlight.set(id, (set = new Set()));
    return set;
  };
  const healthOf = (id: string): ChannelHealth => {
    let h = health.get(id);
    if (!h) health.set(id, (h = { retrying: 0, lastSentAt: null, lastError: null, lastErrorAt: null }));
    return h;
  };
  /** Log lines name the channel and never carry its secrets. */
  const say = (channel: TeamChannel, text: string) =>
    deps.log(redact(`channel ${displayText(channel.name, 100)}: ${text}`, channelSecrets(channel)));

  function queue(channelId: string, alerts: Alert[]): void {
    const keys = keysOf(channelId);
    const fresh = alerts.filter((a) => !a.muted && !keys.has(a.key));
    if (!fresh.length) return;
    for (const a of fresh) keys.add(a.key);
    pending.set(channelId, [...(pending.get(channelId) ?? []), ...fresh]);
    if (flushTimer === undefined) flushTimer = timers.setTimeout(flush, deps.groupWindowMs ?? 2000);
  }

  function judge(inputs: Omit<AlertInput, 'ledger'>[], doc: StoreDoc): void {
    for (const channel of channels()) {
      const ledger = doc.channelLedger?.[channel.id] ?? [];
      const due: Alert[] = [];
      for (const input of inputs) {
        if (!routes(channel.route, input.entry)) continue;
        // The desktop's pause is the laptop's "do not disturb"; it does not silence the team. Snoozes do.
        const { notificationsPausedUntil: _pause, ...settings } = input.settings;
        due.push(...evaluateAlerts({ ...input, settings, ledger }));
      }
      // Good news while snoozed is stale afterwards: recorded without being sent, as on the desktop.
      const silent = due.filter((a) => a.muted && (a.kind === 'renewed' || a.kind === 'recovered'));
      if (silent.length) record(channel.id, silent);
      queue(channel.id, due);
    }
  }

  function record(channelId: string, alerts: Alert[]): void {
    deps.update((doc) => {
      const all = { ...(doc.channelLedger ?? {}) };
      all[channelId] = recordFired(all[channelId] ?? [], alerts, clock.now(), {
        entryIds: doc.entries.map((e) => e.id),
      });
      // Records of channels that no longer exist go.
      const ids = new Set((doc.channels ?? []).map((c) => c.id));
      for (const id of Object.keys(all)) if (!ids.has(id)) delete all[id];
      doc.channelLedger = all;
    });
  }

  function flush(): void {
    if (flushTimer !== undefined) timers.clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [channelId, alerts] of batch) {
      const channel = channelById(channelId);
      if (!channel || !channel.enabled) {
        inFlight.delete(channelId);
        continue;
      }
      const messages = channelMessages(channel, alerts, (line) => deps.log(line));
      const carried = new Set(messages.flatMap((m) => m.alerts.map((a) => a.key)));
      // Alerts no message carries (an e-mail without a recipient) stay due.
      for (const a of alerts) if (!carried.has(a.key)) keysOf(channelId).delete(a.key);
      for (const message of messages) attempt({ channelId, message, attempt: 1 });
    }
  }

  function attempt(job: Job): void {
    const run = (async () => {
      const channel = channelById(job.channelId);
      const keys = keysOf(job.channelId);
      const release = () => job.message.alerts.forEach((a) => keys.delete(a.key));
      if (!channel || !channel.enabled) return release();
      const h = healthOf(channel.id);
      try {
        await deps.transport.send(channel, job.message);
        record(channel.id, job.message.alerts);
        h.lastSentAt = new Date(clock.now()).toISOString();
        h.lastError = null;
        say(channel, `sent "${job.message.title}"${job.attempt > 1 ? ` (attempt ${job.attempt})` : ''}`);
        release();
      } catch (error) {
        const reason = redact(displayText((error as Error).message, 300), channelSecrets(channel));
        h.lastError = reason;
        h.lastErrorAt = new Date(clock.now()).toISOString();
        const delay = delays[job.attempt - 1];
        if (delay === undefined || stopped) {
          say(
            channel,
            `not delivered (${reason}); tried ${job.attempt} times, it will be sent after the next check: ${job.message.title}`,
          );
          release();
        } else {
          say(
            channel,
            `not delivered (${reason}); retrying in ${Math.round(delay / 1000)} s: ${job.message.title}`,
          );
          const next: Job = { ...job, attempt: job.attempt + 1 };
          waiting.add(next);
          next.timer = timers.setTimeout(() => {
            waiting.delete(next);
            if (!stopped) attempt(next);
          }, delay);
        }
      } finally {
        h.retrying = [...waiting].filter((j) => j.channelId === job.channelId).length;
        deps.changed();
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  return {
    evaluate(inputs) {
      if (!stopped && inputs.length && channels().length) judge(inputs, deps.doc());
    },
    evaluateStored() {
      stopped = false;
      const doc = deps.doc();
      if (!channels().length) return;
      const inputs = doc.entries.flatMap((entry) => {
        const state = doc.state[entry.id];
        if (!state?.lastResult) return [];
        return [{ entry, current: state.lastResult, state, settings: doc.settings, now: clock.now() }];
      });
      judge(inputs, doc);
    },
    health: (id) => ({ ...healthOf(id) }),
    async test(channel) {
      const message: ChannelMessage = {
        title: 'Certwatch test message',
        lines: ['This channel works: Certwatch will send alerts about expiring or broken certificates here.'],
        urgency: 'normal',
        alerts: [],
        ...(channel.kind === 'email' && channel.to ? { to: channel.to } : {}),
      };
      if (channel.kind === 'email' && !channel.to) return 'Set a route address to send a test e-mail to.';
      try {
        await deps.transport.send(channel, message);
        return null;
      } catch (error) {
        return redact(displayText((error as Error).message, 300), channelSecrets(channel));
      }
    },
    async stop() {
      stopped = true;
      if (pending.size) flush();
      while (running.size) await Promise.all([...running]);
      for (const job of waiting) {
        timers.clearTimeout(job.timer);
        const channel = channelById(job.channelId);
        if (channel)
          say(
            channel,
            `stopping: "${job.message.title}" not delivered yet; it will be sent after the next check`,
          );
      }
      waiting.clear();
      inFlight.clear();
    },
  };
}
