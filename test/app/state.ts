// Builders for the AppState the tray, IPC and lifecycle tests feed the app, and a watcher double that records
// which engine function the app called.
import { DEFAULT_SETTINGS, emptyDoc, type StoreDoc } from '../../main/shared/model';
import type { AppOnlyChannel, AppState, EntrySummary, Handlers } from '../../main/shared/contract';
import { stateScreenSource } from '../../main/shared/window-state';
import type { Watcher } from '../../main/core/watch/watcher';

let next = 0;

export function entry(overrides: Partial<EntrySummary> = {}): EntrySummary {
  next++;
  return {
    id: `id-${next}`,
    target: `host${next}.example.com:443`,
    host: `host${next}.example.com`,
    port: 443,
    tags: [],
    enabled: true,
    status: 'ok',
    daysLeft: 60,
    notAfter: null,
    issuer: null,
    lastCheckedAt: null,
    nextDueAt: null,
    checking: false,
    headline: null,
    problemCodes: [],
    ...overrides,
  };
}

export function appState(entries: EntrySummary[], overrides: Partial<AppState> = {}): AppState {
  return {
    entries,
    settings: structuredClone(DEFAULT_SETTINGS),
    pausedUntil: null,
    checking: [],
    messages: [],
    storePath: '/tmp/certwatch/config.json',
    revision: 1,
    ...overrides,
  };
}

export interface FakeWatcher extends Watcher {
  calls: { name: string; request?: unknown }[];
  current: AppState;
  /** What `document()` answers (the metrics endpoint reads it). */
  doc: StoreDoc;
  /** Pushes a new state to subscribers, as the engine does after a change. */
  push(state: AppState): void;
}

/** Every handler records its call and answers something plausible; tests assert on `calls`. */
export function fakeWatcher(initial: AppState = appState([])): FakeWatcher {
  const calls: FakeWatcher['calls'] = [];
  const listeners = new Set<(s: AppState) => void>();
  const record =
    <T>(name: string, answer: (request: never) => T) =>
    async (request: unknown) => {
      calls.push({ name, request });
      return answer(request as never);
    };
  const w: FakeWatcher = {
    calls,
    current: initial,
    doc: emptyDoc(),
    handlers: {
      'state:get': record('state:get', () => w.current),
      'entries:add': record('entries:add', () => ({ added: 0, lines: [] })),
      'entries:update': record('entries:update', () => w.current.entries[0]!),
      'entries:remove': record('entries:remove', () => ({ undoToken: 'u', removed: 0 })),
      'entries:undo-remove': record('entries:undo-remove', () => ({ restored: 0 })),
      'entries:details': record('entries:details', () => {
        throw new Error('not in this test');
      }),
      'entries:snooze': record('entries:snooze', () => w.current.entries[0]!),
      'checks:run': record('checks:run', () => ({ started: w.current.entries.length })),
      'checks:quick': record('checks:quick', () => {
        throw new Error('not in this test');
      }),
      'settings:update': record('settings:update', (r: { patch: object }) => {
        w.current = { ...w.current, settings: { ...w.current.settings, ...r.patch } };
        return w.current.settings;
      }),
      'notifications:pause': record('notifications:pause', (r: { until: string | null }) => ({
        pausedUntil: r.until,
      })),
      'notifications:test': record('notifications:test', () => ({ delivered: true })),
      'watchlist:export': record('watchlist:export', () => ({ fileName: 'x', mimeType: 'x', content: '' })),
      'watchlist:import': record('watchlist:import', () => ({ added: 0, lines: [] })),
      'channels:save': record('channels:save', () => {
        throw new Error('not in this test');
      }),
      'channels:remove': record('channels:remove', () => ({ removed: true })),
      'channels:test': record('channels:test', () => ({ delivered: true })),
    } satisfies Omit<Handlers, AppOnlyChannel>,
    state: () => w.current,
    screenSource: () => stateScreenSource(w.current),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => void calls.push({ name: 'start' }),
    stop: async () => void calls.push({ name: 'stop' }),
    onResume: () => void calls.push({ name: 'onResume' }),
    onOnline: () => void calls.push({ name: 'onOnline' }),
    checkAll: async () => void calls.push({ name: 'checkAll' }),
    refresh: () => void calls.push({ name: 'refresh' }),
    document: () => w.doc,
    push(state) {
      w.current = state;
      for (const l of listeners) l(state);
    },
  };
  return w;
}
