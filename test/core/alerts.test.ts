// Drives the alert policy with a fake clock through weeks of checks: which notifications a user sees, when, and once.
import { describe, expect, it } from 'vitest';
import { evaluateAlerts, isMuted, recordFired, snoozeFor, type Alert } from '../../main/core/watch/alerts';
import { notificationFor, notificationsFor } from '../../main/core/watch/alert-text';
import {
  DEFAULT_SETTINGS,
  type EntryState,
  type LedgerRecord,
  type Settings,
  type WatchEntry,
} from '../../main/shared/model';
import { worstStatus } from '../../main/core/probe/status';
import { DAY_MS, daysUntil } from '../../main/core/probe/time';
import {
  DEFAULT_THRESHOLDS,
  type CertInfo,
  type EndpointResult,
  type Problem,
  type ProbeResult,
  type Status,
} from '../../main/shared/types';
import { expiryStatus, problemStatus } from '../../main/core/probe/verdict';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const at = (days: number, hours = 0) => T0 + days * DAY_MS + hours * HOUR;

interface Cert {
  fp: string;
  notBefore: number;
  notAfter: number;
}
/** A 90-day certificate (Let's Encrypt-like) expiring `expiresInDays` after T0. */
const cert90 = (fp: string, expiresInDays: number): Cert => ({
  fp,
  notBefore: at(expiresInDays - 90),
  notAfter: at(expiresInDays),
});
const A = cert90('AA:01', 40);
const B = cert90('BB:02', 112);

function leaf(c: Cert): CertInfo {
  return {
    role: 'leaf',
    subject: 'CN=api.example.com',
    issuer: 'CN=Test CA',
    sans: ['DNS:api.example.com'],
    serialNumber: c.fp,
    notBefore: iso(c.notBefore),
    notAfter: iso(c.notAfter),
    fingerprint256: c.fp,
    keyType: 'EC',
    keySize: 256,
    signatureAlgorithm: 'ecdsa-with-SHA256',
    isCA: false,
    selfSigned: false,
    fromTrustStore: false,
    ocspUrls: [],
    crlUrls: [],
    pem: '',
  };
}

function endpoint(address: string, c: Cert | null, now: number, problems: Problem[]): EndpointResult {
  const base = { address, family: 4 as const, notes: [], durationMs: 10 };
  if (!c) {
    const timeout: Problem = { code: 'TIMEOUT', message: `No answer from ${address} within 10 seconds.` };
    return {
      ...base,
      status: 'error',
      daysLeft: null,
      notAfter: null,
      chainEarliestNotAfter: null,
      fingerprint256: null,
      problems: [timeout],
      chain: [],
      tls: null,
    };
  }
  const all = [...problems];
  if (c.notAfter <= now)
    all.push({ code: 'EXPIRED', message: `The certificate expired on ${iso(c.notAfter)}.` });
  const expiry = expiryStatus(daysUntil(c.notAfter, now), c.notAfter - now, DEFAULT_THRESHOLDS);
  return {
    ...base,
    status: worstStatus([expiry, ...problems.map((p) => problemStatus(p.code))]),
    daysLeft: daysUntil(c.notAfter, now),
    notAfter: iso(c.notAfter),
    chainEarliestNotAfter: iso(c.notAfter),
    fingerprint256: c.fp,
    problems: all,
    chain: [leaf(c)],
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' },
  };
}

/** What probe() would answer at `now` when the addresses serve `served` (null: the address does not answer). */
function probeResult(now: number, served: (Cert | null)[], problems: Problem[] = []): ProbeResult {
  const endpoints = served.map((c, i) => endpoint(`192.0.2.${i + 1}`, c, now, problems));
  const all = endpoints
    .flatMap((e) => e.problems)
    .filter((p, i, xs) => xs.findIndex((q) => q.code === p.code) === i);
  const statuses: Status[] = endpoints.map((e) => e.status);
  if (new Set(endpoints.map((e) => e.fingerprint256).filter((f) => f)).size > 1) {
    const message = 'The addresses serve different certificates; a node may have missed a renewal.';
    all.push({ code: 'ENDPOINT_MISMATCH', message });
    statuses.push('warning');
  }
  const live = endpoints
    .filter((e) => e.fingerprint256)
    .sort((a, b) => a.notAfter!.localeCompare(b.notAfter!));
  return {
    target: 'api.example.com:443',
    host: 'api.example.com',
    port: 443,
    status: worstStatus(statuses, 'error'),
    daysLeft: live[0]?.daysLeft ?? null,
    notAfter: live[0]?.notAfter ?? null,
    chainEarliestNotAfter: live[0]?.notAfter ?? null,
    problems: all,
    notes: [],
    endpoints,
    chain: live[0]?.chain ?? [],
    tls: live[0]?.tls ?? null,
    checkedAt: iso(now),
    durationMs: 10,
  };
}

function makeEntry(over: Partial<WatchEntry> = {}): WatchEntry {
  return {
    ...{
      id: 'e1',
      target: 'api.example.com:443',
      host: 'api.example.com',
      port: 443,
      tags: [],
      enabled: true,
    },
    ...{ createdAt: iso(T0), updatedAt: iso(T0) },
    ...over,
  };
}

type Shown = Alert & { at: number };

/** The app's loop for one entry: check, evaluate, show what is not muted, record, keep state as the store does. */
class Watcher {
  ledger: LedgerRecord[] = [];
  state: EntryState = { history: [], consecutiveFailures: 0 };
  shown: Shown[] = [];
  constructor(
    public entry: WatchEntry = makeEntry(),
    public settings: Settings = structuredClone(DEFAULT_SETTINGS),
  ) {}

  /** Evaluates without a new check, e.g. the stored result at start-up. */
  evaluate(now: number, current: ProbeResult, previous = this.state.lastResult): Shown[] {
    const { entry, settings, ledger, state } = this;
    const alerts = evaluateAlerts({ entry, previous, current, state, settings, ledger, now });
    this.ledger = recordFired(this.ledger, alerts, now);
    const visible = alerts.filter((a) => !a.muted).map((a) => ({ ...a, at: now }));
    this.shown.push(...visible);
    return visible;
  }

  check(now: number, served: (Cert | null)[], problems: Problem[] = []): Shown[] {
    const current = probeResult(now, served, problems);
    const previous = this.state.lastResult;
    const failed = current.status === 'error';
    this.state = {
      ...this.state,
      consecutiveFailures: failed ? this.state.consecutiveFailures + 1 : 0,
    };
    const visible = this.evaluate(now, current, previous);
    const first = current.endpoints.find((e) => e.fingerprint256);
    this.state.history = [
      ...this.state.history,
      {
        ...{
          at: current.checkedAt,
          status: current.status,
          daysLeft: current.daysLeft,
          notAfter: current.notAfter,
        },
        ...{ fingerprint256: first?.fingerprint256 ?? null, problems: current.problems.map((p) => p.code) },
        durationMs: current.durationMs,
      },
    ].slice(-200);
    this.state.lastResult = current;
    this.state.lastCheckedAt = current.checkedAt;
    return visible;
  }

  /** Checks every `stepHours` in [from, to); `serve` says what the addresses serve at each instant. */
  run(
    from: number,
    to: number,
    stepHours: number,
    serve: (now: number) => (Cert | null)[],
    restartEach = false,
  ) {
    const before = this.shown.length;
    for (let now = from; now < to; now += stepHours * HOUR) {
      this.check(now, serve(now));
      if (restartEach) this.restart();
    }
    return this.shown.slice(before);
  }

  /** A new process: everything it knows comes back from the JSON store (only the notification log survives). */
  restart(): this {
    const doc = JSON.parse(
      JSON.stringify({ entry: this.entry, settings: this.settings, ledger: this.ledger, state: this.state }),
    ) as { entry: WatchEntry; settings: Settings; ledger: LedgerRecord[]; state: EntryState };
    return Object.assign(this, doc);
  }
}

const summary = (alerts: Shown[]) => alerts.map((a) => `${a.reason}@${a.daysLeft}`);
const FULL_LADDER = ['days:30@30', 'days:14@14', 'days:7@7', 'days:3@3', 'days:1@1', 'days:0@0', 'expired@0'];

describe('expiry thresholds over weeks of checks', () => {
  it('fires 30, 14, 7, 3, 1 days, the last day and expiry once each, at the crossing', () => {
    const w = new Watcher();
    const shown = w.run(at(0), at(45), 6, () => [A]);
    expect(summary(shown)).toEqual(FULL_LADDER);
    // 30 fires at the first check with fewer than 31 days left; the final day with less than 24 hours left.
    expect(shown[0]!.at).toBe(at(9, 6));
    const lastDay = shown.find((a) => a.kind === 'last-day')!;
    expect(lastDay.at).toBe(at(39, 6));
    expect(notificationFor([lastDay])!.title).toBe('api.example.com expires in 18 hours');
    expect(shown.at(-1)!.at).toBe(at(40));
    expect(notificationFor([shown.at(-1)!])!.title).toBe('api.example.com certificate EXPIRED');
  });

  it('alerts in the final day even when 1 is not an alert day', () => {
    const w = new Watcher();
    w.settings.alertDays = [30, 7];
    expect(summary(w.run(at(0), at(42), 6, () => [A]))).toEqual([
      'days:30@30',
      'days:7@7',
      'days:0@0',
      'expired@0',
    ]);
  });

  it('repeats nothing and misses nothing when the app restarts after every check', () => {
    const w = new Watcher();
    const shown = w.run(at(0), at(45), 6, () => [A], true);
    expect(summary(shown)).toEqual(FULL_LADDER);
  });

  it('re-evaluating the stored result right after a restart shows nothing new', () => {
    const w = new Watcher();
    w.run(at(0), at(26, 6), 6, () => [A]); // 14 fired at 25d 6h
    const r = w.restart();
    expect(r.evaluate(at(26, 6), r.state.lastResult!)).toEqual([]);
    expect(summary(r.run(at(26, 12), at(45), 6, () => [A]))).toEqual(FULL_LADDER.slice(2));
  });

  it('after the app was closed from 31 to 6 days left, fires one alert for 7 days and never the skipped ones', () => {
    const w = new Watcher();
    expect(w.run(at(0), at(9, 6), 6, () => [A])).toEqual([]); // 31 days left at 9d 0h
    const r = w.restart();
    const onStart = r.run(at(34), at(45), 6, () => [A]);
    expect(summary(onStart)).toEqual(['days:7@6', 'days:3@3', 'days:1@1', 'days:0@0', 'expired@0']);
    expect(notificationFor([onStart[0]!])!.title).toBe('api.example.com expires in 6 days');
    // The overtaken marks are on record as handled, not pending.
    expect(r.ledger.map((x) => x.reason)).toEqual(expect.arrayContaining(['days:30', 'days:14']));
  });

  it('an alert that came due while the app was closed fires at the next start, from the stored result', () => {
    const w = new Watcher();
    w.run(at(0), at(25), 6, () => [A]);
    const r = w.restart();
    const start = at(27, 1); // 12 days 23 hours left: 14 came due while closed
    expect(summary(r.evaluate(start, r.state.lastResult!))).toEqual(['days:14@12']);
    expect(r.check(start, [A])).toEqual([]);
  });

  it('an expiry while the app was closed is announced once at the next start', () => {
    const w = new Watcher();
    w.run(at(0), at(20), 6, () => [A]);
    const shown = w.restart().run(at(50), at(60), 6, () => [A]);
    expect(summary(shown)).toEqual(['expired@-10']);
  });
});

describe('renewal', () => {
  it('a renewal midway announces itself once and restarts the ladder for the new certificate', () => {
    const w = new Watcher();
    w.run(at(0), at(22), 6, () => [A]);
    const after = w.run(at(22), at(90), 6, () => [B]);
    expect(after.map((a) => a.kind)).toEqual(['renewed', 'threshold']);
    expect(after[0]!.at).toBe(at(22));
    expect(after[1]).toMatchObject({ reason: 'days:30', fingerprint256: B.fp, at: at(81, 6) });
    const text = notificationFor([after[0]!])!;
    expect(text.title).toBe('api.example.com certificate renewed');
    expect(text.body).toContain('valid until 2025-04-23');
    expect(text.body).toContain('replaced the one expiring 2025-02-10');
    // The old certificate's records are gone; only the new one's remain.
    expect(w.ledger.every((r) => r.fingerprint256 === B.fp)).toBe(true);
  });

  it('says nothing about a renewal until every address serves the new certificate', () => {
    const w = new Watcher();
    w.run(at(0), at(20), 6, () => [A, A]);
    const partial = w.check(at(20), [B, A]);
    expect(partial.map((a) => a.kind)).toEqual(['mismatch']);
    expect(notificationFor(partial)!.title).toBe('api.example.com: addresses serve different certificates');
    expect(w.check(at(20, 6), [B, A])).toEqual([]);
    expect(w.check(at(20, 12), [B, B]).map((a) => a.kind)).toEqual(['renewed']);
    expect(w.run(at(20, 18), at(60), 6, () => [B, B])).toEqual([]);
  });

  it('recognises a renewal across a failed check', () => {
    const w = new Watcher();
    w.run(at(0), at(20), 6, () => [A]);
    expect(w.check(at(20), [null])).toEqual([]);
    expect(w.check(at(20, 6), [B]).map((a) => a.kind)).toEqual(['renewed']);
  });
});

describe('short-lived certificates', () => {
  const issue = (start: number): Cert => ({
    fp: `24H:${start}`,
    notBefore: start,
    notAfter: start + 24 * HOUR,
  });
  /** step-ca style: a 24-hour certificate renewed every 16 hours until `stopAt`. */
  const servedAt = (stopAt: number) => (now: number) => {
    const n = Math.floor((Math.min(now, stopAt) - T0) / (16 * HOUR));
    return [issue(T0 + n * 16 * HOUR)];
  };

  it('a 24-hour certificate renewed every 16 hours never alerts', () => {
    const w = new Watcher();
    expect(w.run(at(0), at(14), 1, servedAt(Infinity))).toEqual([]);
  });

  it('one that is no longer renewed alerts hours before it expires, then on expiry, then when renewed again', () => {
    const w = new Watcher();
    const stop = at(10);
    const shown = w.run(at(0), at(11, 1), 1, servedAt(stop));
    const last = servedAt(stop)(stop)[0]!;
    expect(shown.map((a) => a.reason)).toEqual(['life:30', 'life:14', 'life:7', 'expired']);
    expect(shown.map((a) => (last.notAfter - a.at) / HOUR)).toEqual([6, 2, 1, 0]);
    expect(notificationFor([shown[0]!])!.title).toBe('api.example.com expires in 6 hours');
    // Renewal resumes: after alerts about the old certificate, that is news.
    const back = w.check(at(11, 1), [issue(at(11, 1))]);
    expect(back.map((a) => a.kind)).toEqual(['renewed']);
  });

  it('a 47-day certificate renewed at a third of its life left never alerts', () => {
    const w = new Watcher();
    const life = 47 * DAY_MS;
    const served = (now: number) => {
      const n = Math.floor((now - T0) / ((life * 2) / 3));
      const start = T0 + (n * life * 2) / 3;
      return [{ fp: `47D:${n}`, notBefore: start, notAfter: start + life }];
    };
    expect(w.run(at(0), at(200), 6, served)).toEqual([]);
  });
});

describe('invalid certificates and outages', () => {
  const mismatch: Problem = {
    code: 'HOSTNAME_MISMATCH',
    message:
      'The certificate is for www.example.com, not for api.example.com; browsers and clients will refuse it.',
  };

  it('a host name mismatch alerts once per certificate', () => {
    const w = new Watcher();
    const first = w.check(at(0), [A], [mismatch]);
    expect(first.map((a) => a.reason)).toEqual(['invalid:HOSTNAME_MISMATCH']);
    const text = notificationFor(first)!;
    expect(text.title).toBe('api.example.com: certificate does not match the host name');
    expect(text.body).toContain('not for api.example.com');
    expect(text.body).toContain('Expires on 2025-02-10 (40 days left).');
    expect(w.check(at(0, 6), [A], [mismatch])).toEqual([]);
    expect(w.check(at(1), [B], [mismatch]).map((a) => a.reason)).toEqual(['invalid:HOSTNAME_MISMATCH']);
  });

  it('unreachable alerts once per outage after 3 failed checks in a row, and says when it is back', () => {
    const w = new Watcher();
    const pattern: (Cert | null)[] = [A, null, null, null, null, A, A, null, null, A, null, null, null];
    const seen = pattern.map((c, i) => w.check(at(1, i), [c]).map((a) => a.kind));
    expect(seen).toEqual([
      [],
      [],
      [],
      ['unreachable'],
      [],
      ['recovered'],
      [],
      [],
      [],
      [],
      [],
      [],
      ['unreachable'],
    ]);
    const text = notificationFor(w.shown.filter((a) => a.kind === 'unreachable').slice(0, 1))!;
    expect(text.title).toBe('api.example.com is unreachable');
    expect(text.body).toContain('3 checks in a row failed. No answer from 192.0.2.1');
  });
});

describe('snooze and pause', () => {
  it('a one-week snooze holds the 30-day alert until it ends, then fires it once', () => {
    const w = new Watcher();
    w.run(at(0), at(8), 6, () => [A]);
    w.entry.snooze = snoozeFor('1w', w.settings, at(8));
    const shown = w.run(at(8), at(20), 6, () => [A]);
    expect(shown.map((a) => [a.reason, a.daysLeft, a.at])).toEqual([['days:30', 25, at(15)]]);
  });

  it('snoozing until the next threshold stays quiet until that threshold', () => {
    const w = new Watcher();
    w.run(at(0), at(26, 12), 6, () => [A]); // 14 fired, 13.5 days left
    w.entry.snooze = snoozeFor('next-threshold', w.settings, at(26, 12), w.state.lastResult);
    expect(w.entry.snooze).toEqual({ untilDaysLeft: 8 });
    expect(isMuted(w.entry, w.settings, at(30), 9)).toBe(true);
    const shown = w.run(at(26, 12), at(34), 6, () => [A]);
    expect(shown.map((a) => [a.reason, a.at])).toEqual([['days:7', at(32, 6)]]);
  });

  it('a snooze never holds back the final day and the expiry', () => {
    const w = new Watcher();
    w.run(at(0), at(36), 6, () => [A]); // 7 fired
    w.entry.snooze = snoozeFor('1w', w.settings, at(36));
    expect(summary(w.run(at(36), at(50), 6, () => [A]))).toEqual(['days:0@0', 'expired@0']);
  });

  it('the global pause holds everything back; an expiry during it is announced once when it ends', () => {
    const w = new Watcher();
    w.run(at(0), at(35), 6, () => [A]); // 7 fired
    w.settings.notificationsPausedUntil = iso(at(41));
    expect(w.run(at(35), at(41), 6, () => [A])).toEqual([]);
    const after = w.run(at(41), at(50), 6, () => [A]);
    expect(summary(after)).toEqual(['expired@-1']);
    expect(after[0]!.covers).toEqual(['days:0', 'days:1', 'days:3']);
  });

  it('a renewal during the pause is not announced afterwards', () => {
    const w = new Watcher();
    w.run(at(0), at(20), 6, () => [A]);
    w.settings.notificationsPausedUntil = iso(at(25));
    expect(w.run(at(20), at(40), 6, () => [B])).toEqual([]);
  });
});

describe('notification text', () => {
  const entries = {
    api: makeEntry({
      label: 'Payments API',
      owner: 'team-payments',
      runbookUrl: 'https://wiki.example.com/tls',
    }),
    mail: makeEntry({ id: 'e2', host: 'mail.example.com', port: 25, target: 'smtp://mail.example.com:25' }),
    old: makeEntry({ id: 'e3', host: 'old.example.com', owner: 'team-legacy' }),
    www: makeEntry({ id: 'e4', host: 'www.example.com' }),
  };
  const due = (entry: WatchEntry, now: number, served: Cert[], problems: Problem[] = []) =>
    new Watcher(entry).evaluate(now, probeResult(now, served, problems));

  it('one alert names the host, the time left, the date, the owner and the runbook', () => {
    const text = notificationFor(due(entries.api, at(33), [A]))!;
    expect(text.title).toBe('Payments API expires in 7 days');
    expect(text.body).toBe(
      [
        'api.example.com',
        'The certificate expires on 2025-02-10, in 7 days; clients will refuse it after that.',
        'Owner: team-payments',
        'Runbook: https://wiki.example.com/tls',
      ].join('\n'),
    );
    expect(text.entryIds).toEqual(['e1']);
  });

  it('several entries at once make one summary, worst first, and good news its own', () => {
    const hostname: Problem = {
      code: 'HOSTNAME_MISMATCH',
      message: 'The certificate is for other.example.com.',
    };
    const w = new Watcher(entries.www);
    w.run(at(0), at(20), 6, () => [A]);
    const alerts = [
      ...due(entries.api, at(33), [A]),
      ...due(entries.mail, at(0), [B], [hostname]),
      ...due(entries.old, at(41), [A]),
      ...w.run(at(20), at(21), 6, () => [B]),
    ];
    const [text, good, ...none] = notificationsFor(alerts).map((p) => p.text);
    expect(none).toEqual([]);
    expect(text!.title).toBe('3 certificates need attention: 1 expired, 1 invalid');
    expect(text!.urgency).toBe('critical');
    expect(text!.body.split('\n')).toEqual([
      'old.example.com certificate EXPIRED (owner: team-legacy)',
      'mail.example.com:25: certificate does not match the host name',
      'Payments API expires in 7 days (owner: team-payments, runbook: https://wiki.example.com/tls)',
    ]);
    expect(text!.entryIds).toEqual(['e3', 'e2', 'e1']);
    expect(good).toMatchObject({
      title: 'www.example.com certificate renewed',
      urgency: 'normal',
      entryIds: ['e4'],
    });
  });

  it('several alerts about one entry stay one notification about it', () => {
    const text = notificationFor(due(entries.mail, at(35), [A, B]))!;
    expect(text.title).toBe('mail.example.com:25 expires in 5 days');
    expect(text.body).toContain('a node may have missed a renewal');
  });

  it('muted alerts are not shown', () => {
    const entry = makeEntry({ snooze: { until: iso(at(40)) } });
    const alerts = due(entry, at(33), [A]);
    expect(alerts).toEqual([]);
    const raw = evaluateAlerts({
      entry,
      current: probeResult(at(33), [A]),
      state: { history: [], consecutiveFailures: 0 },
      settings: DEFAULT_SETTINGS,
      ledger: [],
      now: at(33),
    });
    expect(raw.map((a) => [a.reason, a.muted])).toEqual([['days:7', true]]);
    expect(notificationFor(raw)).toBeNull();
    expect(recordFired([], raw, at(33))).toEqual([]);
  });
});

describe('ledger', () => {
  it('forgets removed entries and keeps each entry bounded', () => {
    const w1 = new Watcher(makeEntry({ id: 'keep' }));
    const w2 = new Watcher(makeEntry({ id: 'gone' }));
    w1.run(at(0), at(45), 6, () => [A]);
    w2.run(at(0), at(45), 6, () => [A]);
    const pruned = recordFired([...w1.ledger, ...w2.ledger], [], at(45), { entryIds: ['keep'] });
    expect(pruned).toEqual(w1.ledger);
    // A flapping multi-node entry: each stale certificate adds a record, the oldest fall off.
    let ledger: LedgerRecord[] = [];
    const entry = makeEntry();
    for (let i = 0; i < 100; i++) {
      const now = at(i);
      const stale = cert90(`OLD:${i}`, i + 50);
      const current = probeResult(now, [stale, cert90(`NEW:${i}`, i + 80)]);
      const input = {
        entry,
        current,
        state: { history: [], consecutiveFailures: 0 },
        settings: DEFAULT_SETTINGS,
      };
      ledger = recordFired(ledger, evaluateAlerts({ ...input, ledger, now }), now);
    }
    expect(ledger).toHaveLength(64);
    expect(ledger.at(-1)!.key).toBe('e1|OLD:99|mismatch');
  });
});
