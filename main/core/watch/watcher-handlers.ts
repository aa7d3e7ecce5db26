// The IPC contract's handlers on top of the watch engine: each validated request becomes one store update
// (or one probe) and answers with what the window shows. Shared by the tray app and the web bridge.
import { randomUUID } from 'node:crypto';
import type {
  AppOnlyChannel,
  EntryDetails,
  EntrySummary,
  ExportFile,
  Handlers,
  SettingsPatch,
} from '../../shared/contract';
import { HandlerError } from '../../shared/contract';
import { snoozeFor } from './alerts';
import { exportCsv, exportJson, importEntries } from './exchange';
import { expiriesToIcs } from './ics';
import { metricsSettingsError } from './listen-address';
import type { EntryState, Settings, StoreDoc, WatchEntry } from '../../shared/model';
import { parseProxyUrl } from '../probe/proxy';
import { probe as realProbe } from '../probe/probe';
import { parseTarget } from '../probe/target';
import { trustStoreWithBundle } from '../probe/trust';
import {
  addEntries,
  addReport,
  parseBulk,
  removeEntries,
  restoreEntries,
  updateEntry,
  type RemovedEntry,
} from './watchlist';
import type { WatcherCore } from './watcher-core';

/** Removed entries stay restorable this long (the window's undo toast lasts seconds; a margin costs little). */
const UNDO_MS = 10 * 60_000;
const UNDO_KEEP = 20;

interface UndoRecord {
  removed: RemovedEntry[];
  states: Record<string, EntryState>;
  at: number;
}

const MIME = { json: 'application/json', csv: 'text/csv', ics: 'text/calendar' } as const;

// Team channels' handlers live in channels/handlers.ts.
type CoreHandlers = Omit<Handlers, AppOnlyChannel | 'channels:save' | 'channels:remove' | 'channels:test'>;
type MaybeAsync<H> = {
  [C in keyof H]: H[C] extends (r: infer Q) => Promise<infer A> ? (r: Q) => A | Promise<A> : never;
};

export function createHandlers(core: WatcherCore): CoreHandlers {
  const impl = handlerBodies(core);
  // A handler that throws inside a store update still answers with a rejected promise, never a sync throw.
  const wrapped = {} as Record<string, (request: unknown) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(impl) as Array<[string, (request: unknown) => unknown]>)
    wrapped[name] = (request) => Promise.resolve().then(() => fn(request));
  return wrapped as unknown as CoreHandlers;
}

function handlerBodies(core: WatcherCore): MaybeAsync<CoreHandlers> {
  const { clock } = core;
  const newId = core.deps.newId ?? randomUUID;
  const probeFn = core.deps.probe ?? realProbe;
  const undo = new Map<string, UndoRecord>();

  const entryDeps = (doc: StoreDoc) => ({
    now: () => clock.now(),
    newId,
    thresholds: doc.settings.thresholds,
  });
  const find = (doc: StoreDoc, id: string): WatchEntry => {
    const entry = doc.entries.find((e) => e.id === id);
    if (!entry)
      throw new HandlerError('NOT_FOUND', `No watchlist entry has the id "${id}"; it may have been removed.`);
    return entry;
  };
  const summaryOf = (id: string): EntrySummary => {
    const summary = core.summary(id);
    if (!summary)
      throw new HandlerError('NOT_FOUND', `No watchlist entry has the id "${id}"; it may have been removed.`);
    return summary;
  };

  function add(
    text: string,
    format: 'lines' | 'json' | 'csv' | 'auto',
    allowSingleLabel = false,
    sni?: string,
  ) {
    let report = { added: 0, lines: [] as ReturnType<typeof addReport>['lines'] };
    core.update((doc) => {
      if (format === 'lines') {
        const inputs = parseBulk(text).map((input) => (sni?.trim() ? { ...input, sni } : input));
        const added = addEntries(doc.entries, inputs, { ...entryDeps(doc), allowSingleLabel });
        doc.entries = added.entries;
        report = addReport(added.results);
      } else {
        const imported = importEntries(doc.entries, text, format, { ...entryDeps(doc), allowSingleLabel });
        doc.entries = imported.entries;
        report = imported.report;
      }
    });
    if (!report.lines.length)
      throw new HandlerError('INVALID_REQUEST', 'Nothing to add: give one host, host:port or URL per line.');
    if (report.added) core.reschedule();
    return report;
  }

  function pruneUndo(): void {
    const now = clock.now();
    for (const [token, record] of undo) if (now - record.at > UNDO_MS) undo.delete(token);
    while (undo.size > UNDO_KEEP) undo.delete(undo.keys().next().value!);
  }

  function applySettings(settings: Settings, patch: SettingsPatch): Settings {
    const { caBundlePath, proxyUrl, ...rest } = patch;
    const next: Settings = {
      ...settings,
      ...rest,
      thresholds: { ...settings.thresholds, ...rest.thresholds },
    };
    if (next.thresholds.criticalDays >= next.thresholds.warningDays)
      throw new HandlerError(
        'INVALID_REQUEST',
        `The critical threshold (${next.thresholds.criticalDays} days) must be below the warning threshold (${next.thresholds.warningDays} days).`,
      );
    if (caBundlePath === null || caBundlePath?.trim() === '') delete next.caBundlePath;
    else if (caBundlePath !== undefined) {
      try {
        trustStoreWithBundle(caBundlePath.trim());
      } catch (error) {
        throw new HandlerError('INVALID_REQUEST', (error as Error).message);
      }
      next.caBundlePath = caBundlePath.trim();
    }
    if (rest.metrics) {
      const problem = metricsSettingsError(rest.metrics);
      if (problem) throw new HandlerError('INVALID_REQUEST', problem);
      next.metrics = { ...rest.metrics, address: rest.metrics.address.trim() };
    }
    if (proxyUrl === null || proxyUrl?.trim() === '') delete next.proxyUrl;
    else if (proxyUrl !== undefined) {
      const value = proxyUrl.trim();
      if (value !== 'direct') {
        const parsed = parseProxyUrl(value);
        if (!parsed.ok) throw new HandlerError('INVALID_REQUEST', `Proxy: ${parsed.error}.`);
      }
      next.proxyUrl = value;
    }
    return next;
  }

  return {
    'state:get': () => core.state(),

    'entries:add': ({ text, allowSingleLabel, sni }) => add(text, 'lines', allowSingleLabel, sni),

    'watchlist:import': ({ text, format, allowSingleLabel }) => add(text, format, allowSingleLabel),

    'entries:update': ({ id, patch }) => {
      core.update((doc) => {
        find(doc, id);
        const result = updateEntry(doc.entries, id, patch, entryDeps(doc));
        if (!result.ok) throw new HandlerError('INVALID_REQUEST', result.error);
        doc.entries = result.entries;
      });
      core.reschedule();
      return summaryOf(id);
    },

    'entries:remove': ({ ids }) => {
      let record: UndoRecord | undefined;
      core.update((doc) => {
        const { entries, removed } = removeEntries(doc.entries, ids);
        if (!removed.length)
          throw new HandlerError('NOT_FOUND', 'None of these entries is in the watchlist any more.');
        const states: Record<string, EntryState> = {};
        for (const { entry } of removed) {
          const state = doc.state[entry.id];
          if (state) states[entry.id] = state;
          delete doc.state[entry.id];
        }
        doc.entries = entries;
        record = { removed, states, at: clock.now() };
      });
      const undoToken = randomUUID();
      undo.set(undoToken, record!);
      pruneUndo();
      core.reschedule();
      return { undoToken, removed: record!.removed.length };
    },

    'entries:undo-remove': ({ undoToken }) => {
      pruneUndo();
      const record = undo.get(undoToken);
      if (!record)
        throw new HandlerError('NOT_FOUND', 'This removal can no longer be undone (undo lasts 10 minutes).');
      let restored = 0;
      let skipped: string[] = [];
      core.update((doc) => {
        const result = restoreEntries(doc.entries, record.removed);
        doc.entries = result.entries;
        for (const entry of result.restored) {
          const state = record.states[entry.id];
          if (state) doc.state[entry.id] = state;
        }
        restored = result.restored.length;
        skipped = result.skipped.map((s) => s.error);
      });
      undo.delete(undoToken);
      core.reschedule();
      if (!restored && skipped.length) throw new HandlerError('FAILED', skipped.join(' '));
      return { restored };
    },

    'entries:details': ({ id }) => {
      const doc = core.doc();
      const entry = find(doc, id);
      const state = doc.state[id];
      const details: EntryDetails = {
        entry,
        summary: summaryOf(id),
        lastResult: state?.lastResult ?? null,
        history: state?.history ?? [],
      };
      return details;
    },

    'entries:snooze': ({ id, kind }) => {
      core.update((doc) => {
        // Saved entries are frozen: replace the entry rather than edit it.
        const { snooze: _old, ...entry } = find(doc, id);
        const next: WatchEntry =
          kind === 'clear'
            ? entry
            : { ...entry, snooze: snoozeFor(kind, doc.settings, clock.now(), doc.state[id]?.lastResult) };
        doc.entries = doc.entries.map((e) => (e.id === id ? next : e));
      });
      return summaryOf(id);
    },

    'checks:run': ({ ids }) => {
      const doc = core.doc();
      const wanted = ids
        ? doc.entries.filter((e) => ids.includes(e.id))
        : doc.entries.filter((e) => e.enabled);
      if (ids && !wanted.length)
        throw new HandlerError('NOT_FOUND', 'None of these entries is in the watchlist any more.');
      // Fire and forget: the window follows progress through state updates.
      const runs = ids ? wanted.map((e) => core.scheduler.checkNow(e.id)) : [core.scheduler.checkNow()];
      for (const run of runs) run.catch(() => undefined);
      return { started: wanted.length };
    },

    'checks:quick': async ({ target }) => {
      const parsed = parseTarget(target);
      if (!parsed.ok) throw new HandlerError('INVALID_REQUEST', parsed.error);
      return probeFn(parsed.target, await core.probeOptions(undefined, parsed.target));
    },

    'settings:update': ({ patch }) => {
      let settings: Settings | undefined;
      core.update((doc) => {
        settings = applySettings(doc.settings, patch);
        doc.settings = settings;
      });
      core.scheduler.setConcurrency(settings!.concurrency);
      core.reschedule();
      return core.doc().settings;
    },

    'notifications:pause': ({ until }) => {
      if (until !== null && Date.parse(until) <= clock.now())
        throw new HandlerError('INVALID_REQUEST', 'Pause notifications until a time in the future.');
      core.update((doc) => {
        if (until === null) delete doc.settings.notificationsPausedUntil;
        else doc.settings.notificationsPausedUntil = new Date(until).toISOString();
      });
      return { pausedUntil: core.pausedUntil() };
    },

    'notifications:test': async () => {
      const outcome = await core.deps.notifier.notify({
        title: 'Certwatch test notification',
        body: 'Notifications work: this is how Certwatch will tell you about expiring or broken certificates.',
        entryIds: [],
      });
      if (!outcome.delivered)
        throw new HandlerError(
          'FAILED',
          `The system did not show the notification: ${outcome.error ?? 'no reason given'}.`,
        );
      return { delivered: true };
    },

    'watchlist:export': ({ format }) => {
      const doc = core.doc();
      const day = new Date(clock.now()).toISOString().slice(0, 10);
      const content =
        format === 'json'
          ? exportJson(doc.entries)
          : format === 'csv'
            ? exportCsv(doc.entries)
            : expiriesToIcs(core.state().entries, clock.now(), doc.settings.thresholds.warningDays);
      const name =
        format === 'ics' ? `certwatch-expiries-${day}.ics` : `certwatch-watchlist-${day}.${format}`;
      const file: ExportFile = { fileName: name, mimeType: MIME[format], content };
      return file;
    },
  };
}
