// The watch engine's shapes: what createWatcher needs (WatcherDeps), what it hands out (Watcher), and the
// internals its handler modules reach (WatcherCore). Kept apart from watcher.ts so the handlers need not import it.
import type { ProbeOptions } from '../probe/probe';
import type { Scheduler, TimerApi } from './schedule';
import type { StoreDoc, WatchEntry } from '../../shared/model';
import type { ProxyServer } from '../probe/proxy';
import type { Clock } from '../probe/time';
import type { Lookup } from '../probe/resolve';
import type { Notifier } from './notify';
import type { Store } from './store/file-store';
import type { ProbeResult, Target } from '../../shared/types';
import type { AppOnlyChannel, AppState, EntrySummary, Handlers } from '../../shared/contract';
import type { ChannelAlerts } from './channels/engine';
import type { ChannelTransport } from './channels/transport';
import type { RowFacts } from './summary';
import type { ScreenSource } from '../../shared/window-state';

export interface WatcherDeps {
  store: Store;
  notifier: Notifier;
  clock?: Clock;
  timers?: TimerApi;
  lookup?: Lookup;
  /** Replaces the real probe (benchmarks of the scheduler only); tests use real servers instead. */
  probe?: (target: Target, options: ProbeOptions) => Promise<ProbeResult>;
  log?: (line: string) => void;
  random?: () => number;
  /** Several alerts within this window become one summary notification. */
  groupWindowMs?: number;
  /** Check results are saved at most this often (default 1 s); the first after a quiet spell at once. */
  saveEveryMs?: number;
  /**
   * How often to look for changes another process made to the store (`certwatch add` while the tray app
   * runs); off when absent, so fake-time tests need not step through it.
   */
  rescanMs?: number;
  /** See SchedulerDeps.parkAfterMs; default 1 s. */
  parkAfterMs?: number;
  newId?: () => string;
  /** Where HTTPS_PROXY/NO_PROXY are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** The OS proxy for a URL (the app asks Electron's session); used when neither the settings nor the env name one. */
  systemProxy?: (url: string) => Promise<ProxyServer | undefined>;
  /** Team channels' delivery (webhooks, e-mail); the real one by default. */
  channelTransport?: ChannelTransport;
  /** Waits between a failed channel delivery and the next attempt (default 30 s, 2 min, 10 min, 30 min). */
  channelRetryDelaysMs?: number[];
}

export interface Watcher {
  handlers: Omit<Handlers, AppOnlyChannel>;
  state(): AppState;
  /** The window's first screen's input: every row's facts, full summaries only on demand. */
  screenSource(): ScreenSource<RowFacts>;
  subscribe(listener: (state: AppState) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  onResume(): void;
  onOnline(): void;
  /** Checks every enabled entry now; resolves when all of them are done (joins checks already running). */
  checkAll(): Promise<void>;
  /** Adopts what another process saved to the store now, as the rescan timer would on its next tick. */
  refresh(): void;
  /** The store document as it is now (read-only), for readers such as the metrics endpoint. */
  document(): StoreDoc;
}

/** Internals the handlers module needs; not part of the public Watcher. */
export interface WatcherCore {
  deps: WatcherDeps;
  clock: Clock;
  doc(): StoreDoc;
  update(fn: (doc: StoreDoc) => StoreDoc | void): StoreDoc;
  reschedule(): void;
  scheduler: Scheduler;
  targetOf(entry: WatchEntry): Target;
  probeOptions(entry: WatchEntry | undefined, target: Target): Promise<ProbeOptions>;
  messages: string[];
  channels: ChannelAlerts;
  changed(): void;
  state(): AppState;
  /** One entry's row, without summarising the whole watchlist. */
  summary(id: string): EntrySummary | undefined;
  pausedUntil(): string | null;
}
