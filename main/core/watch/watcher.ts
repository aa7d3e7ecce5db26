// The watch engine as one object: store + scheduler + probe + alert policy + notifier, answering the
// IPC contract. The tray app and `certwatch watch` both run exactly this; only the notifier differs.
import { probe as realProbe, type ProbeOptions } from '../probe/probe';
import { Scheduler, type TimerApi } from './schedule';
import { evaluateAlerts, recordFired, type Alert } from './alerts';
import { notificationsFor } from './alert-text';
import { recordCheck } from './store/history';
import { effectiveThresholds, type StoreDoc, type WatchEntry } from '../../shared/model';
import { formatHostPort, parseTarget } from '../probe/target';
import { NO_PROXY, proxySettings, type ProxySettings } from '../probe/proxy';
import { createRowFactsCache, summaryFrom, type RowFacts } from './summary';
import { systemClock } from '../probe/time';
import { expiryPhrase } from '../../shared/days';
import { trustStoreWithBundle, defaultTrustStore, type TrustStore } from '../probe/trust';
import { StoreError } from './store/file-store';
import type { ProbeResult, Target } from '../../shared/types';
import type { AppState, EntrySummary } from '../../shared/contract';
import type { ScreenSource } from '../../shared/window-state';
import { HandlerError } from '../../shared/contract';
import { targetName } from '../../shared/entry-name';
import { createHandlers } from './watcher-handlers';
import { createChannelAlerts, type ChannelAlerts } from './channels/engine';
import { createTransport } from './channels/transport';
import { channelHandlers } from './channels/handlers';
import { channelView } from '../../shared/channels';

export type { Watcher, WatcherCore, WatcherDeps } from './watcher-core';
import type { Watcher, WatcherCore, WatcherDeps } from './watcher-core';

export function createWatcher(deps: WatcherDeps): Watcher {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? (() => undefined);
  const probeFn = deps.probe ?? realProbe;
  const listeners = new Set<(state: AppState) => void>();
  const messages = [...deps.store.startupMessages];
  let revision = 0;
  let emitTimer: unknown;
  let pending: Alert[] = [];
  let flushTimer: unknown;
  let flushing: Promise<void> = Promise.resolve();
  let stopped = false;
  let results: Array<{ id: string; result: ProbeResult }> = [];
  let saveTimer: unknown;
  let lastSave = -Infinity;
  let saveFailure: string | undefined;
  const timers: TimerApi = deps.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };

  let trustCache: { path: string | undefined; store: TrustStore } | undefined;
  const trust = (): TrustStore => {
    const path = deps.store.get().settings.caBundlePath;
    if (trustCache && trustCache.path === path) return trustCache.store;
    let store = defaultTrustStore();
    try {
      store = trustStoreWithBundle(path);
    } catch (error) {
      messages.push(
        `${(error as Error).message} Checks use the system roots only until you fix the setting.`,
      );
    }
    trustCache = { path, store };
    return store;
  };

  let lastDoc: StoreDoc | undefined;
  let rescanTimer: unknown;
  const update = (fn: (doc: StoreDoc) => StoreDoc | void) => {
    const doc = deps.store.update(fn);
    lastDoc = doc;
    changed();
    return doc;
  };

  /** The store hands out a new document only when it changed; one we did not write came from elsewhere. */
  function rescan(): void {
    rescanTimer = undefined;
    if (stopped || deps.rescanMs === undefined) return;
    adopt();
    rescanTimer = timers.setTimeout(rescan, deps.rescanMs);
  }

  function adopt(): void {
    const doc = deps.store.get();
    // The watcher's own saves also carry what other processes saved meanwhile (the store applies each change
    // to the latest file): entries they added or edited show up in the schedule's key, not as a new document.
    if (doc === lastDoc && scheduleKey(doc) === scheduledKey) return;
    lastDoc = doc;
    reschedule();
    changed();
  }

  const targetOf = (entry: WatchEntry): Target => {
    const parsed = parseTarget(entry.target, {
      starttls: entry.starttls,
      sni: entry.sni,
      stored: true, // typo rules were settled when the entry was added
    });
    if (!parsed.ok) throw new HandlerError('FAILED', parsed.error);
    return parsed.target;
  };

  const proxyFor = async (target: Target): Promise<ProxySettings> => {
    const explicit = deps.store.get().settings.proxyUrl;
    const env = deps.env ?? process.env;
    const fromSettings = proxySettings({ env, ...(explicit ? { explicit } : {}) });
    if (!fromSettings.ok) {
      log(`proxy setting ignored: ${fromSettings.error}`);
      return NO_PROXY;
    }
    if (explicit || fromSettings.settings.https || !deps.systemProxy || target.starttls || target.file)
      return fromSettings.settings;
    try {
      const system = await deps.systemProxy(`https://${formatHostPort(target.host, target.port)}/`);
      return system
        ? { ...fromSettings.settings, https: system, http: fromSettings.settings.http ?? system }
        : fromSettings.settings;
    } catch (error) {
      log(`system proxy unknown (${(error as Error).message}); connecting directly`);
      return fromSettings.settings;
    }
  };

  const probeOptions = async (entry: WatchEntry | undefined, target: Target): Promise<ProbeOptions> => {
    const settings = deps.store.get().settings;
    return {
      thresholds: {
        ...(entry ? effectiveThresholds(entry, settings) : settings.thresholds),
        alertDays: settings.alertDays,
      },
      timeoutMs: settings.timeoutSeconds * 1000,
      trust: trust(),
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
      now: () => clock.now(),
      checkRevocation: settings.checkRevocation,
      proxy: await proxyFor(target),
    };
  };

  /** Checks one entry, records the result, and queues the alerts it makes due. */
  async function check(id: string): Promise<{ ok: boolean }> {
    const entry = deps.store.get().entries.find((e) => e.id === id);
    if (!entry) return { ok: true };
    let result: ProbeResult;
    try {
      const target = targetOf(entry);
      result = await probeFn(target, await probeOptions(entry, target));
    } catch (error) {
      log(`${targetName(entry, entry.target)} could not be checked: ${(error as Error).message}`);
      return { ok: false };
    }
    record(id, result);
    // The same wording as the notifications and the window, counted at the moment of the check.
    const days = result.notAfter ? `, ${expiryPhrase(result.notAfter, Date.parse(result.checkedAt))}` : '';
    log(
      `${targetName(entry, entry.target)} ${result.status}${days}${result.problems[0] ? `: ${result.problems[0].message}` : ''} (${result.durationMs} ms)`,
    );
    return { ok: result.status !== 'error' };
  }

  /**
   * Results are saved at most once per `saveEveryMs`: every save rewrites the whole store file, and a start-up
   * burst of a thousand checks must not mean a thousand rewrites. The first result after a quiet spell is saved
   * at once.
   */
  function record(id: string, result: ProbeResult): void {
    results.push({ id, result });
    if (saveTimer !== undefined) return;
    const wait = lastSave + (deps.saveEveryMs ?? 1000) - performance.now();
    if (wait <= 0) saveResults();
    else saveTimer = timers.setTimeout(saveResults, wait);
  }

  function saveResults(): void {
    if (saveTimer !== undefined) timers.clearTimeout(saveTimer);
    saveTimer = undefined;
    const batch = results;
    results = [];
    if (!batch.length) return;
    lastSave = performance.now();
    const due: Alert[] = [];
    const judged: Parameters<ChannelAlerts['evaluate']>[0] = [];
    try {
      update((doc) => {
        for (const { id, result } of batch) {
          const current = doc.entries.find((e) => e.id === id);
          if (!current) continue; // removed while it was being checked
          const before = doc.state[id];
          const state = recordCheck(before, result, doc.settings.historyLimit);
          doc.state[id] = state;
          judged.push({
            entry: current,
            previous: before?.lastResult,
            current: result,
            state,
            settings: doc.settings,
            now: clock.now(),
          });
          due.push(
            ...evaluateAlerts({
              entry: current,
              previous: before?.lastResult,
              current: result,
              state,
              settings: doc.settings,
              ledger: doc.ledger,
              now: clock.now(),
            }),
          );
        }
      });
    } catch (error) {
      const reason = (error as Error).message;
      log(`results of ${batch.length} checks not saved: ${reason}`);
      // Locked too long or a disk error may pass: keep the results and try again (the window says so).
      const passing =
        error instanceof StoreError && (error.code === 'LOCKED' || error.code === 'WRITE_FAILED');
      if (passing && !stopped) {
        results = [...batch, ...results];
        if (saveTimer === undefined) saveTimer = timers.setTimeout(saveResults, deps.saveEveryMs ?? 1000);
      }
      showSaveFailure(`Check results could not be saved: ${reason.replace(/^Nothing was saved: /, '')}`);
      return;
    }
    showSaveFailure(undefined);
    queue(due);
    channels.evaluate(judged);
  }

  /** The record of alerts sent, saved if the store lets us; if not, the alert may repeat, and the user is told. */
  function saveLedger(save: () => void): void {
    try {
      save();
    } catch (error) {
      const reason = (error as Error).message.replace(/^Nothing was saved: /, '');
      log(`alerts sent but not recorded: ${reason}`);
      showSaveFailure(`Alerts already sent could not be recorded, so they may be sent again: ${reason}`);
    }
  }

  /** One banner for failed saves of check results, replaced by the next failure and gone after a success. */
  function showSaveFailure(message: string | undefined): void {
    if (message === saveFailure) return;
    if (saveFailure !== undefined && messages.includes(saveFailure))
      messages.splice(messages.indexOf(saveFailure), 1);
    saveFailure = message;
    if (message !== undefined) messages.push(message);
    changed();
  }

  function queue(alerts: Alert[]): void {
    const fresh = alerts.filter((a) => !a.muted && !pending.some((p) => p.key === a.key));
    // Good news recorded even while muted, so it is dropped rather than announced late.
    const silent = alerts.filter((a) => a.muted && (a.kind === 'renewed' || a.kind === 'recovered'));
    if (silent.length)
      saveLedger(() => update((doc) => void (doc.ledger = recordFired(doc.ledger, silent, clock.now()))));
    if (!fresh.length) return;
    pending.push(...fresh);
    if (flushTimer === undefined)
      flushTimer = timers.setTimeout(() => void flush(), deps.groupWindowMs ?? 2000);
  }

  /**
   * Sends the queued alerts: one notification for what needs attention and one for good news. Only what a
   * delivered notification showed enters the ledger; alerts it only counted ("…and 2 more") stay due.
   */
  function flush(): Promise<void> {
    if (flushTimer !== undefined) timers.clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    flushing = flushing.then(async () => {
      for (const planned of notificationsFor(batch)) {
        const { text, shown } = planned;
        const outcome = await deps.notifier.notify({
          title: text.title,
          body: text.body,
          entryIds: text.entryIds,
          urgency: text.urgency,
          ...(text.moreEntryIds.length ? { moreEntryIds: text.moreEntryIds } : {}),
          actions: text.entryIds.length ? ['open', 'snooze-1d'] : ['open'],
        });
        if (!outcome.delivered) {
          log(
            `notification not delivered (${outcome.error ?? 'unknown reason'}); it will be retried after the next check: ${text.title}`,
          );
          continue;
        }
        log(`notified: ${text.title}`);
        saveLedger(() =>
          update(
            (doc) =>
              void (doc.ledger = recordFired(doc.ledger, shown, clock.now(), {
                entryIds: doc.entries.map((e) => e.id),
              })),
          ),
        );
      }
    });
    return flushing;
  }

  const channels = createChannelAlerts({
    clock,
    timers,
    transport:
      deps.channelTransport ??
      createTransport({ now: () => clock.now(), caBundlePath: () => deps.store.get().settings.caBundlePath }),
    doc: () => deps.store.get(),
    update: (fn) => update(fn),
    log,
    changed: () => changed(),
    ...(deps.groupWindowMs !== undefined ? { groupWindowMs: deps.groupWindowMs } : {}),
    ...(deps.channelRetryDelaysMs ? { retryDelaysMs: deps.channelRetryDelaysMs } : {}),
  });

  const scheduler = new Scheduler({
    clock,
    timers,
    concurrency: deps.store.get().settings.concurrency,
    // A hung host runs to its timeout; after a second it stops holding a slot others could use.
    parkAfterMs: deps.parkAfterMs ?? 1000,
    check: (id) => check(id),
    ...(deps.random ? { random: deps.random } : {}),
    onChange: () => changed(),
  });

  /** What the schedule is made from: the entries (each edit changes `updatedAt`) and the global interval. */
  const scheduleKey = (doc: StoreDoc) =>
    `${doc.settings.intervalMinutes}|${doc.entries.map((e) => `${e.id}@${e.updatedAt}`).join(',')}`;
  let scheduledKey = '';

  function reschedule(): void {
    const doc = deps.store.get();
    scheduledKey = scheduleKey(doc);
    scheduler.setItems(
      doc.entries.map((e) => ({
        id: e.id,
        intervalMs: (e.intervalMinutes ?? doc.settings.intervalMinutes) * 60_000,
        enabled: e.enabled,
        ...(doc.state[e.id]?.lastCheckedAt
          ? { lastCheckedAt: Date.parse(doc.state[e.id]!.lastCheckedAt!) }
          : {}),
        consecutiveFailures: doc.state[e.id]?.consecutiveFailures ?? 0,
      })),
    );
  }

  /** Each row's facts are remembered while its entry and state stay the same objects (summary.ts). */
  const factsOf = createRowFactsCache();

  function rowOf(doc: StoreDoc, entry: WatchEntry, running: ReadonlySet<string>): EntrySummary {
    const state = doc.state[entry.id];
    return summaryFrom(entry, factsOf(entry, state, clock.now()), state, {
      nextDueAt: scheduler.nextDueAt(entry.id),
      checking: running.has(entry.id),
    });
  }

  function summary(id: string): EntrySummary | undefined {
    const doc = deps.store.get();
    const entry = doc.entries.find((e) => e.id === id);
    return entry && rowOf(doc, entry, new Set(scheduler.running()));
  }

  function pausedUntil(doc = deps.store.get()): string | null {
    const until = doc.settings.notificationsPausedUntil;
    return until && Date.parse(until) > clock.now() ? until : null;
  }

  /** The state's fields other than its rows. */
  function head(doc: StoreDoc, running: ReadonlySet<string>): Omit<AppState, 'entries'> {
    return {
      settings: doc.settings,
      pausedUntil: pausedUntil(doc),
      checking: [...running],
      messages: [...messages],
      storePath: deps.store.path,
      revision,
      channels: (doc.channels ?? []).map((c) => channelView(c, channels.health(c.id))),
    };
  }

  function state(): AppState {
    const doc = deps.store.get();
    const running = new Set(scheduler.running());
    return { entries: doc.entries.map((e) => rowOf(doc, e, running)), ...head(doc, running) };
  }

  /**
   * What the window's first screen is drawn from (`window:first-screen`): every entry's sort and count facts,
   * and a full summary only for the rows it draws. A page still loading waits for this answer.
   */
  function screenSource(): ScreenSource<RowFacts> {
    const doc = deps.store.get();
    const now = clock.now();
    const running = new Set(scheduler.running());
    const rows = doc.entries.map((entry) => factsOf(entry, doc.state[entry.id], now));
    return {
      state: head(doc, running),
      rows,
      // Only for the few rows drawn: rows[i] is the facts of doc.entries[i].
      full: (facts) => rowOf(doc, doc.entries[rows.indexOf(facts)]!, running),
    };
  }

  /** State pushes are coalesced: a start-up burst of checks makes a few updates, not thousands. */
  function changed(): void {
    revision++;
    if (emitTimer !== undefined || !listeners.size) return;
    emitTimer = timers.setTimeout(() => {
      emitTimer = undefined;
      const snapshot = state();
      for (const l of listeners) l(snapshot);
    }, 150);
  }

  const core: WatcherCore = {
    deps,
    clock,
    doc: () => deps.store.get(),
    update,
    reschedule,
    scheduler,
    targetOf,
    probeOptions,
    messages,
    channels,
    changed,
    state,
    summary,
    pausedUntil: () => pausedUntil(),
  };

  return {
    handlers: { ...createHandlers(core), ...channelHandlers(core) },
    state,
    screenSource,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      stopped = false;
      reschedule();
      // Alerts that came due while the app was closed fire now, from the stored results.
      const doc = deps.store.get();
      const due = doc.entries.flatMap((entry) => {
        const s = doc.state[entry.id];
        if (!s?.lastResult) return [];
        return evaluateAlerts({
          entry,
          current: s.lastResult,
          state: s,
          settings: doc.settings,
          ledger: doc.ledger,
          now: clock.now(),
        });
      });
      queue(due);
      channels.evaluateStored();
      scheduler.start();
      lastDoc = deps.store.get();
      if (deps.rescanMs !== undefined && rescanTimer === undefined)
        rescanTimer = timers.setTimeout(rescan, deps.rescanMs);
      log(`watching ${doc.entries.length} entries; store ${deps.store.path}`);
    },
    async stop() {
      stopped = true;
      if (rescanTimer !== undefined) timers.clearTimeout(rescanTimer);
      rescanTimer = undefined;
      await scheduler.stop();
      saveResults();
      if (pending.length) await flush();
      await flushing;
      await channels.stop();
      if (emitTimer !== undefined) timers.clearTimeout(emitTimer);
      emitTimer = undefined;
    },
    checkAll: () => scheduler.checkNow(),
    refresh: adopt,
    document: () => deps.store.get(),
    onResume: () => scheduler.onResume(),
    onOnline: () => scheduler.onOnline(),
  };
}
