// The window's tests talk to the real watch engine: `createWatcher` over a real store file in a temporary
// folder, the engine's own handlers behind the same channel allow-list and request schemas the preload and the
// web bridge use (`answerCall`). Only what cannot run in a component test is injected: the probe (results the
// test chooses, or a check held open), the notifier, and the app-level events main pushes (tray actions).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerCall } from '../../main/bridge/api';
import { createWatcher, type Watcher } from '../../main/core/watch/watcher';
import { openStore, type Store } from '../../main/core/watch/store/file-store';
import { addEntries, parseBulk } from '../../main/core/watch/watchlist';
import { systemClock } from '../../main/core/probe/time';
import type { CheckRecord, Settings, StoreDoc, WatchEntry } from '../../main/shared/model';
import type { Notification, Notifier } from '../../main/core/watch/notify';
import type { ProbeResult, Target } from '../../main/shared/types';
import type { ChannelTransport } from '../../main/core/watch/channels/transport';
import type { DoctorReport } from '../../main/shared/doctor-report';
import type { TeamChannel } from '../../main/shared/channels';
import type {
  AppState,
  CertwatchApi,
  SelfTestState,
  Channel,
  EventName,
  Events,
  IpcError,
  IpcErrorCode,
  IpcResult,
  RequestOf,
  ResponseOf,
} from '../../main/shared/contract';
import { windowFirstScreen, windowState } from '../../main/shared/window-state';
import { probeResult, type ResultSpec } from './fixtures';

export interface SeedEntry extends Partial<Omit<WatchEntry, 'target' | 'host' | 'port' | 'id'>> {
  /** What a user would type; the engine's own parser turns it into the entry. */
  target: string;
  id?: string;
  /** A last result; or give `status`/`daysLeft`/`problems` and one is built. */
  result?: ProbeResult | null;
  status?: ResultSpec['status'];
  daysLeft?: number | null;
  problems?: ResultSpec['problems'];
  issuer?: string;
  history?: CheckRecord[];
}

export interface EngineApiOptions {
  /** Start from a store file that is not JSON, so the engine keeps it aside and says so. */
  damagedStore?: boolean;
}

/** The notifier the engine talks to: records what it was asked to show, or refuses while `deliver` is false. */
class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  deliver = true;
  async notify(n: Notification) {
    if (!this.deliver) return { delivered: false, error: 'the desktop refused it' };
    this.sent.push(n);
    return { delivered: true };
  }
}

/**
 * Where team-channel messages go: recorded, or refused with `failWith` (the error a dead receiver gives), so no
 * test ever reaches a network.
 */
class RecordingTransport implements ChannelTransport {
  readonly sent: Array<{ channel: TeamChannel; message: unknown }> = [];
  failWith: string | undefined;
  async send(channel: TeamChannel, message: unknown) {
    if (this.failWith) throw new Error(this.failWith);
    this.sent.push({ channel, message });
  }
}

const live = new Set<EngineApi>();

/** Stops every engine a test made (called from the renderer project's setup after each test). */
export async function stopEngines(): Promise<void> {
  const all = [...live];
  live.clear();
  await Promise.all(all.map((api) => api.dispose()));
}

export class EngineApi implements CertwatchApi {
  readonly calls: Array<{ channel: Channel; request: unknown }> = [];
  readonly store: Store;
  readonly watcher: Watcher;
  readonly notifier = new RecordingNotifier();
  readonly transport = new RecordingTransport();
  /**
   * What the app's main process adds to the engine's state (main/app/lifecycle.ts): the self-test and a notice
   * about refused notifications. The app's own runner is tested in test/app/selftest.test.ts.
   */
  appState: { selfTest?: SelfTestState; notificationNotice?: string | null } = {};
  /** What the app's `selftest:run` answers (the real doctor runs in test/app and test/cli). */
  selfTestReport: DoctorReport | null = null;
  /** What the injected probe answers, by `host:port` as the engine probes it; others get an OK result. */
  readonly probeResults = new Map<string, ProbeResult>();
  /** Targets the probe has been asked about, in order (checks and quick checks). */
  readonly probed: string[] = [];
  /** When set, `window:state` (and `state:get`) wait for it (to see the loading screen). */
  stateGate: Promise<void> | null = null;
  private readonly dir: string;
  private held: Array<() => void> | null = null;
  private readonly failures = new Map<Channel, IpcError>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly unsubscribe: () => void;
  private nextId = 1;
  private wantedId: string | undefined;

  constructor(seed: SeedEntry[] = [], options: EngineApiOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'certwatch-window-'));
    mkdirSync(this.dir, { recursive: true });
    if (options.damagedStore) writeFileSync(join(this.dir, 'config.json'), '{"entries": [ this is not json');
    this.store = openStore({ dir: this.dir, clock: systemClock, newId: () => this.newId() });
    this.watcher = createWatcher({
      store: this.store,
      notifier: this.notifier,
      clock: systemClock,
      newId: () => this.newId(),
      probe: (target) => this.probe(target),
      saveEveryMs: 0,
      groupWindowMs: 10,
      channelTransport: this.transport,
      // Retries are the channel engine's business (test/core/channels.test.ts); one attempt is enough here.
      channelRetryDelaysMs: [3_600_000],
    });
    live.add(this);
    this.seedAll(seed);
    // Subscribed after seeding: the window's first state comes from state:get, as in the app.
    this.unsubscribe = this.watcher.subscribe((state) =>
      this.emit('state:changed', windowState(this.withApp(state))),
    );
  }

  /** Adds an entry the way the engine does (its parser, its field checks), with a last result if given. */
  seed(s: SeedEntry): WatchEntry {
    return this.seedAll([s])[0]!;
  }

  /** Many entries in one store write (a 5,000-entry watchlist would otherwise mean 5,000 saves). */
  seedAll(list: readonly SeedEntry[]): WatchEntry[] {
    const made: WatchEntry[] = [];
    this.store.update((doc) => {
      for (const s of list) made.push(this.seedInto(doc, s));
    });
    // As when another process adds to the store: the engine adopts it (schedule and state) at once.
    this.watcher.refresh();
    return made;
  }

  private seedInto(doc: StoreDoc, s: SeedEntry): WatchEntry {
    const { target, id, result, status, daysLeft, problems, issuer, history, ...fields } = s;
    const [input] = parseBulk(target);
    this.wantedId = id;
    const added = addEntries(doc.entries, [{ ...fields, ...input!, target }], {
      now: () => Date.now(),
      newId: () => this.newId(),
      thresholds: doc.settings.thresholds,
    });
    const outcome = added.results[0]!;
    if (!outcome.ok) throw new Error(`The engine refused the seed "${target}": ${outcome.error}`);
    const entry = outcome.entry;
    doc.entries = added.entries;
    const built =
      result !== undefined
        ? result
        : status || daysLeft !== undefined || problems || issuer
          ? probeResult({ target: entry.target, status, daysLeft, problems, issuer })
          : null;
    if (built || history) {
      doc.state[entry.id] = {
        ...(built ? { lastResult: built, lastCheckedAt: built.checkedAt } : {}),
        history: history ?? [],
        consecutiveFailures: built?.status === 'error' ? 1 : 0,
      };
    }
    return entry;
  }

  /**
   * Adds a target through a second store on the same file, as `certwatch add` in another process would: the
   * engine finds it when it next reads the file, the window only after the engine tells it.
   */
  addFromAnotherProcess(target: string): void {
    const other = openStore({ dir: this.dir, clock: systemClock });
    other.update((doc) => {
      const added = addEntries(doc.entries, parseBulk(target), {
        now: () => Date.now(),
        newId: () => `other-${this.nextId++}`,
        thresholds: doc.settings.thresholds,
      });
      doc.entries = added.entries;
    });
  }

  // ---- CertwatchApi: what the preload and the bridge client give the page ----

  async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
    this.calls.push({ channel, request });
    const failure = this.failures.get(channel);
    if (failure) {
      this.failures.delete(channel);
      return { ok: false, error: failure };
    }
    if ((channel === 'state:get' || channel === 'window:state') && this.stateGate) await this.stateGate;
    const answer = await answerCall(this.handlers(), channel, structuredClone(request), () => undefined);
    // The app adds its own parts to the engine's state (main/app/lifecycle.ts), on state:get too.
    if (channel === 'state:get' && answer.body.ok)
      return { ok: true, value: this.withApp(answer.body.value as AppState) } as IpcResult<ResponseOf<C>>;
    return answer.body as IpcResult<ResponseOf<C>>;
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  // ---- test helpers ----

  /** Pushes an event to the page as main would (tray actions, or a state update). */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
  }

  /** Pushes the engine's current state now, instead of after the engine's coalescing delay. */
  pushState(): void {
    this.emit('state:changed', windowState(this.state()));
  }

  state(): AppState {
    return this.withApp(this.watcher.state());
  }

  /** Team channels as stored (secrets included: the test may look, the window never gets them). */
  get channels(): readonly TeamChannel[] {
    return this.store.get().channels ?? [];
  }

  /** Stores channels behind the window's back, as a hand-edited or imported store would hold them. */
  setChannels(channels: TeamChannel[]): void {
    this.store.update((doc) => void (doc.channels = channels));
    this.watcher.refresh();
  }

  get entries(): readonly WatchEntry[] {
    return this.store.get().entries;
  }

  entry(id: string): WatchEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  get settings(): Settings {
    return this.store.get().settings;
  }

  /** Changes settings behind the window's back, as another process editing the store would. */
  setSettings(patch: Partial<Settings>): void {
    this.store.update((doc) => void (doc.settings = { ...doc.settings, ...patch }));
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The next call on `channel` fails as if main could not answer (the transport, not the engine). */
  failNext(channel: Channel, message: string, code: IpcErrorCode = 'FAILED'): void {
    this.failures.set(channel, { code, message });
  }

  callsTo<C extends Channel>(channel: C): Array<RequestOf<C>> {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request as RequestOf<C>);
  }

  /** Holds every probe until the returned function is called, so a check stays "checking". */
  holdChecks(): () => void {
    this.held ??= [];
    return () => this.releaseChecks();
  }

  private releaseChecks(): void {
    const waiting = this.held ?? [];
    this.held = null;
    waiting.forEach((go) => go());
  }

  async dispose(): Promise<void> {
    this.releaseChecks();
    this.unsubscribe();
    await this.watcher.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private withApp(state: AppState): AppState {
    return { ...state, ...this.appState };
  }

  private handlers() {
    return {
      ...this.watcher.handlers,
      // Opening a link and the self-test are the app's jobs (main/app/security.ts, main/app/selftest.ts).
      'app:open-external': async () => ({ opened: true }),
      // The window's state: the engine's, plus the app's parts, as main/app/lifecycle.ts answers it.
      'window:state': async () => windowState(this.state()),
      'window:first-screen': async (request: RequestOf<'window:first-screen'>) =>
        windowFirstScreen(this.state(), request),
      'selftest:run': async () => {
        this.appState = { ...this.appState, selfTest: { running: false, report: this.selfTestReport } };
        this.pushState();
        return this.appState.selfTest!;
      },
    };
  }

  private newId(): string {
    const wanted = this.wantedId;
    this.wantedId = undefined;
    return wanted ?? `e${this.nextId++}`;
  }

  private async probe(target: Target): Promise<ProbeResult> {
    const key = `${target.host}:${target.port}`;
    this.probed.push(key);
    if (this.held) await new Promise<void>((go) => this.held!.push(go));
    const chosen = this.probeResults.get(key);
    return chosen ? structuredClone(chosen) : probeResult({ target: key });
  }
}
