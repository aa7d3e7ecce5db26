// An in-memory stand-in for the main process behind `window.certwatch`: keeps entries, settings and results,
// answers every channel per the contract, pushes state:changed after each change, and records each call so
// tests can assert what the window sent. The real engine is exercised by the end-to-end tests.
import type { CheckRecord, Settings, WatchEntry } from '../../main/core/model';
import { SCHEMES } from '../../main/shared/schemes';
import { summarise } from '../../main/core/summary';
import { DEFAULT_SETTINGS } from '../../main/core/model';
import type { ProbeResult, StarttlsProtocol } from '../../main/core/types';
import type { DoctorReport } from '../../main/core/selftest/report';
import type {
  AddReport,
  AppState,
  CertwatchApi,
  Channel,
  EntrySummary,
  EventName,
  Events,
  IpcError,
  IpcErrorCode,
  IpcResult,
  LineReport,
  RequestOf,
  ResponseOf,
  SelfTestState,
} from '../../main/shared/contract';
import { probeResult, type ResultSpec } from './fixtures';
import {
  channelView,
  mergeChannel,
  teamChannelSchema,
  type ChannelHealth,
  type TeamChannel,
} from '../../main/shared/channels';

export interface SeedEntry extends Partial<Omit<WatchEntry, 'target' | 'host' | 'port'>> {
  target: string;
  /** A last result; or give `status`/`daysLeft`/`problems` and one is built. */
  result?: ProbeResult | null;
  status?: ResultSpec['status'];
  daysLeft?: number | null;
  problems?: ResultSpec['problems'];
  issuer?: string;
  history?: CheckRecord[];
  checking?: boolean;
}

class FakeError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A simplified target parser: enough to answer like the engine for the inputs tests use. */
function parseTarget(raw: string): { host: string; port: number; starttls?: StarttlsProtocol } | string {
  const input = raw.trim();
  if (/\s/.test(input)) return `Invalid target "${input}": it contains spaces.`;
  let rest = input;
  let scheme: (typeof SCHEMES)[string] | undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (m) {
    scheme = SCHEMES[m[1]!.toLowerCase()];
    if (!scheme) return `Invalid target "${input}": the scheme "${m[1]}://" is not one Certwatch can check.`;
    rest = rest.slice(m[0].length).replace(/[/?#].*$/, '');
  }
  const [host = '', portText] = rest.split(':');
  if (!/^[a-z0-9.-]+$/i.test(host)) {
    return `Invalid target "${input}": "${host}" contains characters not allowed in a host name.`;
  }
  const port = portText === undefined ? (scheme?.port ?? 443) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return `Invalid target "${input}": the port "${portText}" must be a number from 1 to 65535.`;
  }
  return { host: host.toLowerCase(), port, ...(scheme?.starttls ? { starttls: scheme.starttls } : {}) };
}

function canonical(t: { host: string; port: number; starttls?: string }): string {
  return t.starttls ? `${t.starttls}://${t.host}:${t.port}` : `${t.host}:${t.port}`;
}

export class FakeApi implements CertwatchApi {
  readonly calls: Array<{ channel: Channel; request: unknown }> = [];
  entries: WatchEntry[] = [];
  readonly results = new Map<string, ProbeResult | null>();
  readonly histories = new Map<string, CheckRecord[]>();
  readonly checking = new Set<string>();
  /** Per-target errors `entries:add` answers, like the engine refusing a line the preview accepted. */
  readonly refuse = new Map<string, string>();
  /** Results `checks:quick` answers per target; others get an OK result. */
  readonly quickResults = new Map<string, ProbeResult>();
  settings: Settings = structuredClone(DEFAULT_SETTINGS);
  pausedUntil: string | null = null;
  messages: string[] = [];
  /** What the app adds to the engine's state: the self-test and the notification route. */
  selfTest: SelfTestState | undefined = undefined;
  notificationNotice: string | null = null;
  /** What 'selftest:run' reports. */
  selfTestReport: DoctorReport = {
    checks: [{ id: 'probe-valid', label: 'Probe: valid certificate', level: 'ok', detail: 'came out OK' }],
    failed: false,
    probeFailure: null,
    ranAt: '2026-11-24T12:00:00.000Z',
  };
  storePath = '/home/user/.config/Certwatch/config.json';
  revision = 1;
  notificationDelivered = true;
  /** Team channels as the store keeps them (secrets included); the window only ever sees channelView(). */
  channels: TeamChannel[] = [];
  readonly channelHealth = new Map<string, ChannelHealth>();
  /** The error `channels:test` answers with, or null for delivered. */
  channelTestError: string | null = null;
  /** When set, `state:get` waits for it (to see the loading screen). */
  stateGate: Promise<void> | null = null;
  private nextId = 1;
  private readonly undo = new Map<string, Array<{ entry: WatchEntry; index: number }>>();
  private readonly failures = new Map<Channel, IpcError>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(seed: SeedEntry[] = []) {
    for (const s of seed) this.seed(s);
  }

  seed(s: SeedEntry): WatchEntry {
    const parsed = parseTarget(s.target);
    if (typeof parsed === 'string') throw new Error(parsed);
    const { result, status, daysLeft, problems, issuer, history, checking, ...fields } = s;
    const now = new Date().toISOString();
    const entry: WatchEntry = {
      tags: [],
      enabled: true,
      createdAt: now,
      updatedAt: now,
      ...fields,
      id: s.id ?? `e${this.nextId++}`,
      target: canonical(parsed),
      host: parsed.host,
      port: parsed.port,
      ...(parsed.starttls ? { starttls: parsed.starttls } : {}),
    };
    this.entries.push(entry);
    const built =
      result !== undefined
        ? result
        : status || daysLeft !== undefined || problems || issuer
          ? probeResult({ target: canonical(parsed), status, daysLeft, problems, issuer })
          : null;
    this.results.set(entry.id, built);
    if (history) this.histories.set(entry.id, history);
    if (checking) this.checking.add(entry.id);
    return entry;
  }

  // ---- CertwatchApi ----

  async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
    this.calls.push({ channel, request });
    const failure = this.failures.get(channel);
    if (failure) {
      this.failures.delete(channel);
      return { ok: false, error: failure };
    }
    try {
      const handler = this.handlers[channel] as (r: RequestOf<C>) => Promise<ResponseOf<C>>;
      return { ok: true, value: await handler(request) };
    } catch (error) {
      if (error instanceof FakeError)
        return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  // ---- test helpers ----

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The next call on `channel` answers with this error instead of its handler. */
  failNext(channel: Channel, message: string, code: IpcErrorCode = 'FAILED'): void {
    this.failures.set(channel, { code, message });
  }

  callsTo<C extends Channel>(channel: C): Array<RequestOf<C>> {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request as RequestOf<C>);
  }

  entry(id: string): WatchEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The engine's own summary, so the window is tested against the rows main really sends. */
  summary(entry: WatchEntry): EntrySummary {
    const r = this.results.get(entry.id);
    return summarise(entry, r ? { lastResult: r, history: [], consecutiveFailures: 0 } : undefined, {
      ...(entry.enabled ? { nextDueAt: Date.now() + 3_600_000 } : {}),
      checking: this.checking.has(entry.id),
    });
  }

  state(): AppState {
    return {
      entries: this.entries.map((e) => this.summary(e)),
      settings: structuredClone(this.settings),
      pausedUntil: this.pausedUntil,
      checking: [...this.checking],
      messages: [...this.messages],
      storePath: this.storePath,
      revision: this.revision,
      ...(this.selfTest ? { selfTest: this.selfTest } : {}),
      notificationNotice: this.notificationNotice,

      channels: this.channels.map((c) => channelView(c, this.healthOf(c.id))),
    };
  }

  healthOf(id: string): ChannelHealth {
    return (
      this.channelHealth.get(id) ?? { retrying: 0, lastSentAt: null, lastError: null, lastErrorAt: null }
    );
  }

  /** Bumps the revision and pushes the new state, as main does after every change. */
  changed(): void {
    this.revision += 1;
    this.emit('state:changed', this.state());
  }

  private find(id: string): WatchEntry {
    const entry = this.entry(id);
    if (!entry)
      throw new FakeError('NOT_FOUND', `No watchlist entry has the id "${id}"; it may have been removed.`);
    return entry;
  }

  private addLines(inputs: Array<{ line: number; target: string; fields?: Partial<WatchEntry> }>): AddReport {
    const lines: LineReport[] = inputs.map(({ line, target, fields }) => {
      const refused = this.refuse.get(target);
      if (refused) return { line, input: target, ok: false, error: refused };
      const parsed = parseTarget(target);
      if (typeof parsed === 'string') return { line, input: target, ok: false, error: parsed };
      const key = canonical(parsed);
      if (this.entries.some((e) => e.target === key)) {
        return { line, input: target, ok: false, error: `"${key}" is already in the watchlist.` };
      }
      const entry = this.seed({ target, ...fields });
      return { line, input: target, ok: true, entryId: entry.id };
    });
    const report = { added: lines.filter((l) => l.ok).length, lines };
    if (report.added) this.changed();
    return report;
  }

  private readonly handlers: { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> } = {
    'state:get': async () => {
      if (this.stateGate) await this.stateGate;
      return this.state();
    },
    'entries:add': async ({ text }) =>
      this.addLines(
        text
          .split(/\r?\n/)
          .map((raw, i) => ({ line: i + 1, target: raw.replace(/\s#(\s.*)?$/, '').trim() }))
          .filter((l) => l.target && !l.target.startsWith('#')),
      ),
    'entries:update': async ({ id, patch }) => {
      const entry = this.find(id);
      if (patch.runbookUrl && !/^https?:\/\//.test(patch.runbookUrl)) {
        throw new FakeError(
          'INVALID_REQUEST',
          'Invalid entries:update request: patch.runbookUrl must be an http:// or https:// URL.',
        );
      }
      if (patch.label && patch.label.length > 200) {
        throw new FakeError(
          'INVALID_REQUEST',
          `Cannot update "${entry.target}": the label is longer than 200 characters.`,
        );
      }
      const next: WatchEntry = { ...entry, updatedAt: new Date().toISOString() };
      const text = ['label', 'owner', 'runbookUrl', 'notes'] as const;
      for (const key of text) {
        const value = patch[key];
        if (value === undefined) continue;
        if (value === '') delete next[key];
        else next[key] = value;
      }
      if (patch.tags) next.tags = patch.tags;
      if (patch.starttls !== undefined) {
        if (patch.starttls === null) delete next.starttls;
        else next.starttls = patch.starttls;
        next.target = canonical(next);
      }
      if (patch.sni !== undefined) {
        if (patch.sni === null) delete next.sni;
        else next.sni = patch.sni;
      }
      if (patch.thresholds !== undefined) {
        if (patch.thresholds === null) delete next.thresholds;
        else next.thresholds = patch.thresholds;
      }
      if (patch.intervalMinutes !== undefined) {
        if (patch.intervalMinutes === null) delete next.intervalMinutes;
        else next.intervalMinutes = patch.intervalMinutes;
      }
      if (patch.enabled !== undefined) next.enabled = patch.enabled;
      this.entries = this.entries.map((e) => (e.id === id ? next : e));
      this.changed();
      return this.summary(next);
    },
    'entries:remove': async ({ ids }) => {
      const removed = this.entries.flatMap((entry, index) =>
        ids.includes(entry.id) ? [{ entry, index }] : [],
      );
      this.entries = this.entries.filter((e) => !ids.includes(e.id));
      const undoToken = `undo-${this.undo.size + 1}`;
      this.undo.set(undoToken, removed);
      this.changed();
      return { undoToken, removed: removed.length };
    },
    'entries:undo-remove': async ({ undoToken }) => {
      const removed = this.undo.get(undoToken);
      if (!removed) throw new FakeError('NOT_FOUND', 'Nothing to undo: the removal is too old.');
      this.undo.delete(undoToken);
      let restored = 0;
      for (const { entry, index } of removed) {
        if (this.entries.some((e) => e.id === entry.id || e.target === entry.target)) continue;
        this.entries.splice(Math.min(index, this.entries.length), 0, entry);
        restored += 1;
      }
      this.changed();
      return { restored };
    },
    'entries:details': async ({ id }) => {
      const entry = this.find(id);
      return {
        entry,
        summary: this.summary(entry),
        lastResult: this.results.get(id) ?? null,
        history: this.histories.get(id) ?? [],
      };
    },
    'entries:snooze': async ({ id, kind }) => {
      const entry = this.find(id);
      if (kind === 'clear') delete entry.snooze;
      else
        entry.snooze = { until: new Date(Date.now() + (kind === '1w' ? 7 : 1) * 86_400_000).toISOString() };
      this.changed();
      return this.summary(entry);
    },
    'checks:run': async ({ ids }) => {
      const targets = ids ?? this.entries.filter((e) => e.enabled).map((e) => e.id);
      for (const id of targets) this.checking.add(id);
      this.changed();
      return { started: targets.length };
    },
    'checks:quick': async ({ target }) => this.quickResults.get(target) ?? probeResult({ target }),
    'settings:update': async ({ patch }) => {
      const { caBundlePath, proxyUrl, ...rest } = patch;
      if (rest.thresholds && rest.thresholds.criticalDays >= rest.thresholds.warningDays) {
        throw new FakeError('INVALID_REQUEST', 'Critical days must be fewer than warning days.');
      }
      this.settings = { ...this.settings, ...rest };
      if (caBundlePath === null) delete this.settings.caBundlePath;
      else if (caBundlePath !== undefined) this.settings.caBundlePath = caBundlePath;
      if (proxyUrl === null) delete this.settings.proxyUrl;
      else if (proxyUrl !== undefined) this.settings.proxyUrl = proxyUrl;
      this.changed();
      return structuredClone(this.settings);
    },
    'notifications:pause': async ({ until }) => {
      this.pausedUntil = until;
      this.changed();
      return { pausedUntil: until };
    },
    'notifications:test': async () => ({ delivered: this.notificationDelivered }),
    'watchlist:export': async ({ format }) => {
      if (format === 'json') {
        return {
          fileName: 'certwatch-watchlist.json',
          mimeType: 'application/json',
          content: JSON.stringify({ entries: this.entries }, null, 2),
        };
      }
      if (format === 'csv') {
        return {
          fileName: 'certwatch-watchlist.csv',
          mimeType: 'text/csv',
          content: ['target,label', ...this.entries.map((e) => `${e.target},${e.label ?? ''}`)].join('\n'),
        };
      }
      return {
        fileName: 'certwatch-expiries.ics',
        mimeType: 'text/calendar',
        content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
      };
    },
    'watchlist:import': async ({ text, format }) => {
      const json = format === 'json' || (format === 'auto' && /^\s*[[{]/.test(text));
      if (json) {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          throw new FakeError('INVALID_REQUEST', 'The file is not valid JSON.');
        }
        const list = (Array.isArray(data) ? data : (data as { entries?: unknown[] }).entries) ?? [];
        return this.addLines(
          list.map((item, i) => {
            const { target, label, tags } = item as { target: string; label?: string; tags?: string[] };
            return { line: i + 1, target, fields: { ...(label ? { label } : {}), tags: tags ?? [] } };
          }),
        );
      }
      const rows = text.split(/\r?\n/);
      const header = rows[0]?.split(',') ?? [];
      const column = header.indexOf('target');
      return this.addLines(
        rows
          .slice(column >= 0 ? 1 : 0)
          .map((row, i) => ({
            line: i + (column >= 0 ? 2 : 1),
            target: row.split(',')[Math.max(column, 0)]?.trim() ?? '',
          }))
          .filter((l) => l.target),
      );
    },
    'app:open-external': async () => ({ opened: true }),
    'selftest:run': async () => {
      this.selfTest = { running: false, report: this.selfTestReport };
      this.changed();
      return this.selfTest;
    },
    'channels:save': async ({ channel }) => {
      const existing = channel.id ? this.channels.find((c) => c.id === channel.id) : undefined;
      if (channel.id && !existing)
        throw new FakeError('NOT_FOUND', 'This channel is not configured any more.');
      const merged = mergeChannel(channel, existing, existing?.id ?? `ch${this.nextId++}`);
      const checked = teamChannelSchema.safeParse(merged);
      if (!checked.success)
        throw new FakeError(
          'INVALID_REQUEST',
          `The channel ${checked.error.issues[0]?.path.join('.')} is not valid.`,
        );
      this.channels = existing
        ? this.channels.map((c) => (c.id === merged.id ? checked.data : c))
        : [...this.channels, checked.data];
      this.changed();
      return channelView(checked.data, this.healthOf(merged.id));
    },
    'channels:remove': async ({ id }) => {
      this.channels = this.channels.filter((c) => c.id !== id);
      this.changed();
      return { removed: true };
    },
    'channels:test': async () => {
      if (this.channelTestError)
        throw new FakeError('FAILED', `The test message was not delivered: ${this.channelTestError}`);
      return { delivered: true };
    },
  };
}
