// The watch engine against real loopback TLS servers and a real store file: what gets checked, which
// notifications go out (once, across restarts, retried when undelivered, grouped) and every window handler.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTime } from '../fixtures/fake-time';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWatcher, type Watcher, type WatcherDeps } from '../../main/core/watch/watcher';
import { openStore, type Store } from '../../main/core/watch/store/file-store';
import { toInput } from '../../main/core/watch/exchange';
import type { Notification, Notifier } from '../../main/core/watch/notify';
import type { Lookup } from '../../main/core/probe/resolve';
import { DAY_MS, systemClock } from '../../main/core/probe/time';
import type { EntrySummary } from '../../main/shared/contract';
import { readTable, windowFirstScreen } from '../../main/shared/window-state';
import { makePki, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { startProxy } from '../fixtures/proxy';

const DOMAIN = 'watch.test';
let pki: Pki;
let caFile: string;
const servers: Running[] = [];
/** `name.watch.test:port` of each server, by name. */
const target: Record<string, string> = {};

const lookup: Lookup = async (host) => {
  if (host.endsWith(`.${DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  pki = await makePki('Watcher Test');
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-watcher-ca-')), 'root.pem');
  await writeFile(caFile, pki.root.pem);
  const specs: Record<string, { cn: string; toDays: number; fromDays?: number }> = {
    good: { cn: `good.${DOMAIN}`, toDays: 200 },
    // 90-day certificates: one living less than 60 days runs on the short-lived ladder and would not alert yet.
    soon: { cn: `soon.${DOMAIN}`, fromDays: -85, toDays: 5.5 },
    ten: { cn: `ten.${DOMAIN}`, fromDays: -80, toDays: 10.5 },
    expired: { cn: `expired.${DOMAIN}`, fromDays: -90, toDays: -3 },
    // Serves a certificate for another name: the host name check fails.
    wrong: { cn: `other.${DOMAIN}`, toDays: 200 },
  };
  for (const [name, spec] of Object.entries(specs)) {
    const server = await startTlsServer({ chain: [await pki.leaf(spec), pki.intermediate] });
    servers.push(server);
    target[name] = `${name}.${DOMAIN}:${server.port}`;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Records what the OS was asked to show; refuses (delivered:false) while `deliver` is false. */
class RecordingNotifier implements Notifier {
  sent: Notification[] = [];
  refused = 0;
  deliver = true;
  async notify(n: Notification) {
    if (!this.deliver) {
      this.refused++;
      return { delivered: false, error: 'refused by the test' };
    }
    this.sent.push(n);
    return { delivered: true };
  }
}

const running: Watcher[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
});

interface Engine {
  watcher: Watcher;
  store: Store;
  notifier: RecordingNotifier;
  logs: string[];
  dir: string;
}

async function newDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'certwatch-watcher-'));
}

/** A watcher on the store in `dir` (a fresh one by default) that trusts the test PKI. */
async function engine(options: Partial<WatcherDeps> & { dir?: string } = {}): Promise<Engine> {
  const { dir = await newDir(), ...deps } = options;
  const clock = deps.clock ?? systemClock;
  const store = openStore({ dir, clock });
  if (store.get().settings.caBundlePath !== caFile)
    store.update((doc) => void (doc.settings = { ...doc.settings, caBundlePath: caFile }));
  const notifier = deps.notifier instanceof RecordingNotifier ? deps.notifier : new RecordingNotifier();
  const logs: string[] = [];
  const watcher = createWatcher({
    store,
    notifier,
    lookup,
    env: {},
    random: () => 0.5,
    log: (line) => logs.push(line),
    ...deps,
  });
  running.push(watcher);
  return { watcher, store, notifier, logs, dir };
}

/** Polls; with fake time, also moves it on, since saving results and grouping notifications wait on timers. */
async function until<T>(
  what: string,
  fn: () => T | undefined | null | false,
  time?: FakeTime,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await time?.advance(500);
  }
}

const summary = (w: Watcher, id: string): EntrySummary => w.state().entries.find((e) => e.id === id)!;

/** Resolves once the entry has a check newer than `after` (an ISO time) and none is running. */
function checked(
  w: Watcher,
  id: string,
  after: string | null = null,
  time?: FakeTime,
): Promise<EntrySummary> {
  return until(
    `a check of ${id}`,
    () => {
      const s = summary(w, id);
      const done = !!s.lastCheckedAt && s.lastCheckedAt !== after && !w.state().checking.length;
      return done ? s : undefined;
    },
    time,
  );
}

async function add(w: Watcher, ...targets: string[]): Promise<string[]> {
  const report = await w.handlers['entries:add']({ text: targets.join('\n') });
  expect(report.lines.filter((l) => !l.ok)).toEqual([]);
  return report.lines.map((l) => l.entryId!);
}

/** Another check of every entry, awaited. */
async function recheck(w: Watcher, ids: string[]): Promise<void> {
  const before = ids.map((id) => summary(w, id).lastCheckedAt);
  await w.handlers['checks:run']({});
  await Promise.all(ids.map((id, i) => checked(w, id, before[i])));
}

describe('notifications from real checks', () => {
  it('a certificate expiring in 5 days raises exactly one notification naming the host and the days', async () => {
    const { watcher, notifier } = await engine();
    const [id] = await add(watcher, target.soon!);
    watcher.start();
    const s = await checked(watcher, id!);
    expect(s.status).toBe('critical');
    expect(s.daysLeft).toBe(5);
    await until('the notification', () => notifier.sent.length);
    await recheck(watcher, [id!]);
    await watcher.stop();
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]!.title).toBe(`${target.soon} expires in 5 days`);
    expect(notifier.sent[0]!.body).toMatch(/^The certificate expires on \d{4}-\d\d-\d\d, in 5 days;/);
    expect(notifier.sent[0]!.entryIds).toEqual([id]);
  });

  it('a restart on the same store does not repeat it: the ledger is on disk', async () => {
    const first = await engine();
    const [id] = await add(first.watcher, target.soon!);
    first.watcher.start();
    await checked(first.watcher, id!);
    await first.watcher.stop();
    expect(first.notifier.sent).toHaveLength(1);

    const again = await engine({ dir: first.dir });
    again.watcher.start();
    await recheck(again.watcher, [id!]);
    await again.watcher.stop();
    expect(summary(again.watcher, id!).daysLeft).toBe(5);
    expect(again.notifier.sent).toEqual([]);
  });

  it('an undelivered notification is not recorded, and goes out with the next scheduled check', async () => {
    const time = new FakeTime(Date.now());
    const notifier = new RecordingNotifier();
    notifier.deliver = false;
    const { watcher, store, logs, dir } = await engine({ clock: time, timers: time, notifier });
    const [id] = await add(watcher, target.soon!);
    watcher.start();
    const first = await checked(watcher, id!, null, time);
    await until('the refusal', () => notifier.refused, time);
    expect(logs.join('\n')).toMatch(/notification not delivered \(refused by the test\); it will be retried/);
    expect(store.get().ledger).toEqual([]);
    expect(openStore({ dir, clock: time }).get().ledger).toEqual([]);

    notifier.deliver = true;
    await time.advance(6 * 3_600_000); // the default interval
    await checked(watcher, id!, first.lastCheckedAt, time);
    await until('the retried notification', () => notifier.sent.length, time);
    expect(notifier.refused).toBe(1);
    expect(notifier.sent[0]!.title).toBe(`${target.soon} expires in 5 days`);
    expect(store.get().ledger.map((r) => r.reason)).toContain('days:7');
  });

  it('a mark crossed days later (after sleep) notifies again, once', async () => {
    const time = new FakeTime(Date.now());
    const { watcher, notifier } = await engine({ clock: time, timers: time });
    const [id] = await add(watcher, target.ten!);
    watcher.start();
    const first = await checked(watcher, id!, null, time);
    await until('the first notification', () => notifier.sent.length, time);

    time.jump(4 * DAY_MS); // asleep for four days: the wall clock moves, timers do not
    watcher.onResume();
    expect((await checked(watcher, id!, first.lastCheckedAt, time)).daysLeft).toBe(6);
    await until('the second notification', () => notifier.sent.length > 1, time);
    await time.advance(60_000);
    await watcher.stop();
    expect(notifier.sent.map((n) => n.title)).toEqual([
      `${target.ten} expires in 10 days`,
      `${target.ten} expires in 6 days`,
    ]);
  });

  it('alerts within the grouping window become one summary', async () => {
    const { watcher, notifier } = await engine({ groupWindowMs: 60_000 });
    const ids = await add(watcher, target.soon!, target.expired!, target.wrong!, target.good!);
    watcher.start();
    await Promise.all(ids.map((id) => checked(watcher, id)));
    expect(notifier.sent).toEqual([]); // still inside the window
    await watcher.stop(); // sends what is waiting
    expect(notifier.sent).toHaveLength(1);
    const [n] = notifier.sent;
    expect(n!.title).toBe('3 certificates need attention: 1 expired, 1 invalid, 1 critical');
    expect(n!.urgency).toBe('critical');
    expect(n!.body.split('\n')).toEqual([
      `${target.expired} certificate EXPIRED`,
      `${target.wrong}: certificate does not match the host name`,
      `${target.soon} expires in 5 days`,
    ]);
    expect(new Set(n!.entryIds)).toEqual(new Set(ids.slice(0, 3)));
  });
});

describe("the window's first screen", () => {
  it('reads the same first rows and counts as the whole state, with days counted at the moment asked', async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const { watcher } = await engine({ clock });
    const ids = await add(watcher, target.good!, target.soon!, target.ten!, target.expired!, target.wrong!);
    watcher.start();
    await Promise.all(ids.map((id) => checked(watcher, id)));
    const request = { rows: 3, locale: 'en-GB' };
    // The engine's own source summarises only the rows drawn; the whole state summarises every entry.
    const quick = () => windowFirstScreen(watcher.screenSource(), request);
    const whole = () => windowFirstScreen(watcher.state(), request);
    const first = quick();
    expect(first).toEqual(whole());
    expect(first.total).toBe(5);
    expect(first.statuses).toMatchObject({ expired: 1, invalid: 1, critical: 1, warning: 1, ok: 1 });
    const rows = readTable(first.first).rows;
    expect(rows.map((r) => r.status)).toEqual(['expired', 'invalid', 'critical']);
    expect(rows[2]!.daysLeft).toBe(5);
    // A day later, without another check: the rows it remembers count one day fewer.
    offset = DAY_MS;
    const later = quick();
    expect(later).toEqual(whole());
    expect(readTable(later.first).rows[2]!.daysLeft).toBe(4);
  });
});

describe('handlers', () => {
  it('entries:add reports every line of pasted text on its own', async () => {
    const { watcher } = await engine();
    const report = await watcher.handlers['entries:add']({
      text: `${target.good}\n# staging\nnot a host\n\n${target.good}\nsmtp://mail.${DOMAIN}`,
    });
    expect(report.added).toBe(2);
    expect(report.lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [3, false],
      [5, false],
      [6, true],
    ]);
    expect(report.lines[1]!.error).toBe('Invalid target "not a host": it contains spaces.');
    expect(report.lines[2]!.error).toBe(`"${target.good}" is already in the watchlist.`);
    expect(watcher.state().entries.map((e) => e.target)).toEqual([target.good, `smtp://mail.${DOMAIN}:25`]);
    await expect(watcher.handlers['entries:add']({ text: '# nothing\n' })).rejects.toThrow(/Nothing to add/);
  });

  it('entries:update edits fields and refuses invalid values without saving them', async () => {
    const { watcher, store } = await engine();
    const [id] = await add(watcher, target.good!);
    const updated = await watcher.handlers['entries:update']({
      id: id!,
      patch: { label: 'Shop', tags: ['prod'], owner: 'Web team' },
    });
    expect(updated).toMatchObject({ label: 'Shop', tags: ['prod'], owner: 'Web team' });
    await expect(
      watcher.handlers['entries:update']({ id: id!, patch: { runbookUrl: 'ftp://wiki/shop' } }),
    ).rejects.toThrow(/runbook/i);
    await expect(watcher.handlers['entries:update']({ id: 'gone', patch: {} })).rejects.toThrow(
      /no watchlist/i,
    );
    expect(store.get().entries[0]).toMatchObject({ label: 'Shop', owner: 'Web team' });
    expect(store.get().entries[0]!.runbookUrl).toBeUndefined();
  });

  it('entries:remove and entries:undo-remove put an entry back where it was, with its last check', async () => {
    const { watcher } = await engine();
    const ids = await add(watcher, target.good!, target.soon!, target.ten!);
    watcher.start();
    await Promise.all(ids.map((id) => checked(watcher, id)));
    const { undoToken, removed } = await watcher.handlers['entries:remove']({ ids: [ids[1]!] });
    expect(removed).toBe(1);
    expect(watcher.state().entries.map((e) => e.id)).toEqual([ids[0], ids[2]]);
    expect(await watcher.handlers['entries:undo-remove']({ undoToken })).toEqual({ restored: 1 });
    expect(watcher.state().entries.map((e) => e.id)).toEqual(ids);
    expect(summary(watcher, ids[1]!)).toMatchObject({ status: 'critical', daysLeft: 5 });
    await expect(watcher.handlers['entries:undo-remove']({ undoToken })).rejects.toThrow(/no longer/);
  });

  it('entries:details after a check has the chain as the server sent it and the history', async () => {
    const { watcher } = await engine();
    const [id] = await add(watcher, target.good!);
    watcher.start();
    await checked(watcher, id!);
    const details = await watcher.handlers['entries:details']({ id: id! });
    expect(details.summary.status).toBe('ok');
    expect(details.lastResult!.chain.map((c) => c.subject)).toEqual([
      `CN=good.${DOMAIN}`,
      'CN=Watcher Test Intermediate CA',
      'CN=Watcher Test Root CA',
    ]);
    expect(details.lastResult!.endpoints.map((e) => e.address)).toEqual(['127.0.0.1']);
    expect(details.history).toHaveLength(1);
    expect(details.history[0]).toMatchObject({ status: 'ok', daysLeft: 199 });
  });

  it('entries:snooze mutes an entry until it is cleared', async () => {
    const { watcher, notifier, store } = await engine();
    const [id] = await add(watcher, target.soon!);
    const snoozed = await watcher.handlers['entries:snooze']({ id: id!, kind: '1w' });
    expect(Date.parse(snoozed.snooze!.until!) - Date.now()).toBeGreaterThan(6.9 * DAY_MS);
    watcher.start();
    await checked(watcher, id!);
    expect(store.get().ledger).toEqual([]);
    expect((await watcher.handlers['entries:snooze']({ id: id!, kind: 'clear' })).snooze).toBeUndefined();
    await recheck(watcher, [id!]);
    await watcher.stop();
    expect(notifier.sent.map((n) => n.title)).toEqual([`${target.soon} expires in 5 days`]);
  });

  it('with rescanMs, an entry another process adds to the store file is checked without a restart', async () => {
    const { watcher, dir } = await engine({ rescanMs: 50 });
    watcher.start();
    // What `certwatch add` does while the tray app runs: its own store handle on the same file.
    const other = await engine({ dir });
    const [id] = await add(other.watcher, target.good!);
    const seen = await checked(watcher, id!);
    expect(seen).toMatchObject({ target: target.good, status: 'ok' });
  });

  it('checks:quick checks a target without adding it', async () => {
    const { watcher } = await engine();
    const result = await watcher.handlers['checks:quick']({ target: target.expired! });
    expect(result.status).toBe('expired');
    expect(result.problems[0]!.code).toBe('EXPIRED');
    expect(watcher.state().entries).toEqual([]);
    await expect(watcher.handlers['checks:quick']({ target: 'not a host' })).rejects.toThrow(/spaces/);
  });

  it('settings:update refuses critical >= warning and a missing CA bundle, keeping the old settings', async () => {
    const { watcher, store } = await engine();
    const onDisk = await readFile(store.path, 'utf8');
    await expect(
      watcher.handlers['settings:update']({ patch: { thresholds: { warningDays: 7, criticalDays: 7 } } }),
    ).rejects.toThrow('The critical threshold (7 days) must be below the warning threshold (7 days).');
    const missing = join(tmpdir(), 'certwatch-no-such-dir', 'corp-root.pem');
    await expect(watcher.handlers['settings:update']({ patch: { caBundlePath: missing } })).rejects.toThrow(
      missing,
    );
    expect(store.get().settings).toMatchObject({
      thresholds: { warningDays: 30, criticalDays: 7 },
      caBundlePath: caFile,
    });
    expect(await readFile(store.path, 'utf8')).toBe(onDisk);
    const saved = await watcher.handlers['settings:update']({
      patch: { thresholds: { warningDays: 21, criticalDays: 3 } },
    });
    expect(saved.thresholds).toEqual({ warningDays: 21, criticalDays: 3 });
  });

  it('notifications:pause holds every alert back until it ends', async () => {
    const { watcher, notifier, store } = await engine();
    const [id] = await add(watcher, target.expired!);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await watcher.handlers['notifications:pause']({ until })).pausedUntil).toBe(until);
    watcher.start();
    await checked(watcher, id!);
    expect(store.get().ledger).toEqual([]);
    expect(await watcher.handlers['notifications:pause']({ until: null })).toEqual({ pausedUntil: null });
    await recheck(watcher, [id!]);
    await watcher.stop();
    expect(notifier.sent.map((n) => n.title)).toEqual([`${target.expired} certificate EXPIRED`]);
  });

  it('watchlist:export (json, csv) and watchlist:import give back the same watchlist', async () => {
    const { watcher, store } = await engine();
    const [shop] = await add(watcher, target.good!, `smtp://mail.${DOMAIN}`);
    await watcher.handlers['entries:update']({
      id: shop!,
      patch: {
        label: 'Shop, "main"',
        tags: ['prod', 'web'],
        owner: 'Web team',
        runbookUrl: 'https://wiki.example.com/shop',
        thresholds: { warningDays: 45, criticalDays: 10 },
        enabled: false,
      },
    });
    const original = store.get().entries.map(toInput);
    for (const format of ['json', 'csv'] as const) {
      const file = await watcher.handlers['watchlist:export']({ format });
      expect(file.fileName).toMatch(new RegExp(`^certwatch-watchlist-\\d{4}-\\d\\d-\\d\\d\\.${format}$`));
      const other = await engine();
      const report = await other.watcher.handlers['watchlist:import']({ text: file.content, format: 'auto' });
      expect(report).toMatchObject({ added: 2 });
      expect(other.store.get().entries.map(toInput)).toEqual(original);
    }
  });

  it('watchlist:export ics puts each known expiry in a calendar', async () => {
    const { watcher } = await engine();
    const [id] = await add(watcher, target.soon!);
    watcher.start();
    const s = await checked(watcher, id!);
    const file = await watcher.handlers['watchlist:export']({ format: 'ics' });
    expect(file.mimeType).toBe('text/calendar');
    expect(file.content).toContain(`SUMMARY:Certificate expires: ${target.soon}`);
    expect(file.content).toContain(`DTSTART;VALUE=DATE:${s.notAfter!.slice(0, 10).replace(/-/g, '')}`);
  });

  it('settings.proxyUrl sends checks through the proxy, which resolves the name', async () => {
    const site = target.good!;
    const proxy = await startProxy({ hosts: { [`good.${DOMAIN}`]: '127.0.0.1' } });
    try {
      const noLookup: Lookup = async (host) => {
        throw Object.assign(new Error(`asked DNS for ${host}`), { code: 'ENOTFOUND' });
      };
      const { watcher } = await engine({ lookup: noLookup });
      await watcher.handlers['settings:update']({ patch: { proxyUrl: proxy.url } });
      const [id] = await add(watcher, site);
      watcher.start();
      expect((await checked(watcher, id!)).status).toBe('ok');
      expect(proxy.connects).toContain(site);
    } finally {
      await proxy.close();
    }
  });
});
