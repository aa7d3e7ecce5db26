// Alert policy: which notifications are due for one watched entry, judged from its results and the ledger of
// alerts already fired, so each fires once per entry, certificate fingerprint and reason, across restarts.
//
// Muting: evaluateAlerts still returns alerts while a snooze or the global pause holds, flagged `muted`, and
// recordFired does not record them, so a problem still present when the mute ends fires then (an expiry that
// happened during a pause is announced when it ends). Good news (renewed, recovered) is recorded even when muted,
// because it is stale afterwards. A per-entry snooze never holds back the final-day and expired alerts; the
// global pause holds back everything.
import { expiryPosition, nextMark, type ExpiryPosition } from './alert-ladder';
import {
  effectiveThresholds,
  type EntryState,
  type LedgerRecord,
  type Settings,
  type Snooze,
  type WatchEntry,
} from '../../shared/model';
import { DAY_MS, wholeDays } from '../../shared/days';
import type { Problem, ProblemCode, ProbeResult, Status } from '../../shared/types';

export type AlertKind =
  'threshold' | 'last-day' | 'expired' | 'invalid' | 'mismatch' | 'unreachable' | 'renewed' | 'recovered';

export interface Alert {
  /** `${entryId}|${fingerprint256 ?? '-'}|${reason}`: the ledger key that makes it fire once. */
  key: string;
  entryId: string;
  kind: AlertKind;
  /** `days:30`, `life:30` (short-lived), `days:0`, `expired`, `invalid:HOSTNAME_MISMATCH`, `mismatch`, `unreachable`, `renewed:<fp>`, `recovered`. */
  reason: string;
  fingerprint256: string | null;
  severity: Status;
  host: string;
  port: number;
  label?: string;
  /** The server name sent, when set apart from the host (`--sni`): how the user knows an entry typed as an address. */
  sni?: string;
  /** Whole days left on the soonest-expiring certificate served, at evaluation time. */
  daysLeft: number | null;
  msLeft: number | null;
  notAfter: string | null;
  problems: Problem[];
  owner?: string;
  runbookUrl?: string;
  /** Held back by a snooze or the pause: not to be shown, and recordFired does not record it. */
  muted: boolean;
  /** Less urgent reasons passed unannounced (app closed, muted); recorded with this one so they never trickle out. */
  covers: string[];
  /** renewed: expiry of the certificate it replaced. */
  previousNotAfter?: string;
  /** unreachable: failed checks in a row. */
  failures?: number;
}

export interface AlertInput {
  entry: WatchEntry;
  previous?: ProbeResult;
  current: ProbeResult;
  /** consecutiveFailures already counts `current`. */
  state: EntryState;
  settings: Settings;
  ledger: LedgerRecord[];
  now: number;
}

/** Problems that make a certificate unusable; each raises its own alert. */
const INVALID_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'HOSTNAME_MISMATCH',
  'NOT_YET_VALID',
  'SELF_SIGNED',
  'UNTRUSTED_ROOT',
  'INCOMPLETE_CHAIN',
  'CHAIN_EXPIRED',
  'WEAK_KEY',
  'WEAK_SIGNATURE',
  'REVOKED',
  'MISSING_SAN',
  'WRONG_EKU',
  'WRONG_KEY_USAGE',
  'ISSUER_NOT_CA',
  'PATH_LENGTH_EXCEEDED',
  'NAME_NOT_PERMITTED',
  'NAME_EXCLUDED',
  'CHAIN_NOT_YET_VALID',
  'PATH_INVALID',
]);
const GOOD_NEWS: ReadonlySet<AlertKind> = new Set<AlertKind>(['renewed', 'recovered']);
const SNOOZE_PROOF: ReadonlySet<AlertKind> = new Set<AlertKind>(['last-day', 'expired']);
/** Enough for every reason of a few certificates; older records of an entry go first. */
export const MAX_RECORDS_PER_ENTRY = 64;

export function alertKey(entryId: string, fingerprint256: string | null, reason: string): string {
  return `${entryId}|${fingerprint256 ?? '-'}|${reason}`;
}

interface ServedCert {
  fingerprint256: string;
  notAfter: number;
  notBefore: number | null;
}

/** Distinct leaf certificates the endpoints serve, soonest expiry first. */
function servedCerts(result: ProbeResult): ServedCert[] {
  const byFp = new Map<string, ServedCert>();
  for (const ep of result.endpoints) {
    if (!ep.fingerprint256 || !ep.notAfter) continue;
    const leaf = [...ep.chain, ...result.chain].find((c) => c.fingerprint256 === ep.fingerprint256);
    const notBefore = leaf ? Date.parse(leaf.notBefore) : null;
    byFp.set(ep.fingerprint256, {
      fingerprint256: ep.fingerprint256,
      notAfter: Date.parse(ep.notAfter),
      notBefore,
    });
  }
  return [...byFp.values()].sort(
    (a, b) => a.notAfter - b.notAfter || a.fingerprint256.localeCompare(b.fingerprint256),
  );
}

export function evaluateAlerts(input: AlertInput): Alert[] {
  const { entry, current, state, settings, ledger, now } = input;
  const fired = new Set(ledger.map((r) => r.key));
  const certs = servedCerts(current);
  const soonest = certs[0];
  const thresholds = effectiveThresholds(entry, settings);
  const pos = soonest
    ? expiryPosition(soonest.notAfter, soonest.notBefore, settings, now, thresholds)
    : undefined;
  const daysLeft = pos ? wholeDays(pos.msLeft) : null;
  const alerts: Alert[] = [];
  const add = (
    kind: AlertKind,
    reason: string,
    fp: string | null,
    severity: Status,
    extra: Partial<Alert> = {},
  ) => {
    const key = alertKey(entry.id, fp, reason);
    if (fired.has(key)) return;
    alerts.push({
      key,
      entryId: entry.id,
      kind,
      reason,
      fingerprint256: fp,
      severity,
      host: entry.host,
      port: entry.port,
      ...(entry.label ? { label: entry.label } : {}),
      ...(entry.sni ? { sni: entry.sni } : {}),
      daysLeft,
      msLeft: pos?.msLeft ?? null,
      notAfter: soonest ? new Date(soonest.notAfter).toISOString() : null,
      problems: [],
      ...(entry.owner ? { owner: entry.owner } : {}),
      ...(entry.runbookUrl ? { runbookUrl: entry.runbookUrl } : {}),
      muted: isMuted(entry, settings, now, daysLeft, kind),
      covers: [],
      ...extra,
    });
  };

  if (soonest && pos) {
    // Only the most urgent mark passed speaks; the ones it overtook are recorded with it.
    const [top, ...rest] = pos.crossed;
    if (top) {
      const covers = rest
        .map((m) => m.reason)
        .filter((r) => !fired.has(alertKey(entry.id, soonest.fingerprint256, r)));
      // An ACME certificate not renewed on schedule says where to look (RENEWAL_OVERDUE).
      const problems = current.problems.filter((p) => p.code === 'EXPIRED' || p.code === 'RENEWAL_OVERDUE');
      add(top.kind, top.reason, soonest.fingerprint256, expirySeverity(top.kind, pos), {
        covers,
        problems,
      });
    }
  }

  for (const code of new Set(current.problems.map((p) => p.code))) {
    if (!INVALID_CODES.has(code)) continue;
    // The smallest fingerprint showing the problem, so endpoint order does not change the key.
    const fp =
      current.endpoints
        .filter((e) => e.fingerprint256 && e.problems.some((p) => p.code === code))
        .map((e) => e.fingerprint256!)
        .sort()[0] ??
      soonest?.fingerprint256 ??
      null;
    const problems = current.problems.filter((p) => p.code === code);
    add('invalid', `invalid:${code}`, fp, code === 'CHAIN_EXPIRED' ? 'expired' : 'invalid', { problems });
  }

  const mismatch = current.problems.filter((p) => p.code === 'ENDPOINT_MISMATCH');
  // Keyed on the stale (soonest-expiring) certificate: the next renewal that misses a node alerts again.
  if (mismatch.length && soonest) {
    add('mismatch', 'mismatch', soonest.fingerprint256, 'warning', { problems: mismatch });
  }

  const outage = alertKey(entry.id, null, 'unreachable');
  if (state.consecutiveFailures >= Math.max(1, settings.unreachableAfter)) {
    add('unreachable', 'unreachable', null, 'error', {
      problems: current.problems,
      failures: state.consecutiveFailures,
    });
  } else if (state.consecutiveFailures === 0 && fired.has(outage)) {
    // Clears the outage record (see recordFired), so the next outage alerts again.
    add('recovered', 'recovered', null, 'ok');
  }

  const renewal = detectRenewal(input, certs);
  if (renewal) {
    const { cert, replaced } = renewal;
    // A short-lived certificate renews all the time; that is only news after it alerted.
    const newsworthy =
      !expiryPosition(cert.notAfter, cert.notBefore, settings, now).shortLived ||
      ledger.some((r) => r.entryId === entry.id && r.fingerprint256 === replaced.fingerprint256);
    if (newsworthy) {
      add('renewed', `renewed:${cert.fingerprint256}`, cert.fingerprint256, 'ok', {
        previousNotAfter: new Date(replaced.notAfter).toISOString(),
      });
    }
  }
  return alerts;
}

/** The status the ladder's own clock gives (the one the verdict uses), never milder than a warning. */
function expirySeverity(kind: AlertKind, pos: ExpiryPosition): Status {
  if (kind === 'expired') return 'expired';
  if (kind === 'last-day') return 'critical';
  return pos.status === 'critical' ? 'critical' : 'warning';
}

/**
 * A renewal is announced once every endpoint serves the same new certificate and the entry is known to have
 * served an older one (previous result, else history, which covers a failed check during the swap).
 */
function detectRenewal(
  input: AlertInput,
  certs: ServedCert[],
): { cert: ServedCert; replaced: ServedCert } | null {
  const { current, previous, state } = input;
  const cert = certs[0];
  if (!cert || certs.length > 1 || current.endpoints.some((e) => e.fingerprint256 !== cert.fingerprint256))
    return null;
  if (current.status === 'invalid' || current.status === 'expired') return null;
  const earlier: ServedCert[] = previous ? servedCerts(previous) : [];
  const checkedAt = Date.parse(current.checkedAt);
  for (const rec of [...state.history].reverse()) {
    if (rec.fingerprint256 && rec.notAfter && Date.parse(rec.at) < checkedAt) {
      earlier.push({
        fingerprint256: rec.fingerprint256,
        notAfter: Date.parse(rec.notAfter),
        notBefore: null,
      });
    }
  }
  const replaced = earlier.find(
    (c) => c.fingerprint256 !== cert.fingerprint256 && c.notAfter < cert.notAfter,
  );
  return replaced ? { cert, replaced } : null;
}

/**
 * Whether the entry's alerts are held back now. `kind` lets the final-day and expired alerts through a snooze.
 * A snooze holds while every condition it sets holds; `untilDaysLeft` holds while days left are unknown.
 */
export function isMuted(
  entry: WatchEntry,
  settings: Settings,
  now: number,
  daysLeft: number | null,
  kind?: AlertKind,
): boolean {
  const paused = settings.notificationsPausedUntil;
  if (paused && Date.parse(paused) > now) return true;
  const s = entry.snooze;
  if (!s || (kind && SNOOZE_PROOF.has(kind))) return false;
  if (s.until === undefined && s.untilDaysLeft === undefined) return false;
  const timeHolds = s.until === undefined || Date.parse(s.until) > now;
  const daysHold = s.untilDaysLeft === undefined || daysLeft === null || daysLeft >= s.untilDaysLeft;
  return timeHolds && daysHold;
}

export type SnoozeKind = '1d' | '1w' | 'next-threshold';

/**
 * The snooze to store on an entry. `next-threshold` lasts until the next mark of the certificate served in
 * `current` fires (as an instant for short-lived certificates, whose marks are hours apart); without a
 * certificate still ahead of a mark it falls back to one day.
 */
export function snoozeFor(
  kind: SnoozeKind,
  settings: Settings,
  now: number,
  current?: ProbeResult | null,
): Snooze {
  const oneDay = { until: new Date(now + DAY_MS).toISOString() };
  if (kind === '1d') return oneDay;
  if (kind === '1w') return { until: new Date(now + 7 * DAY_MS).toISOString() };
  const cert = current ? servedCerts(current)[0] : undefined;
  if (!cert) return oneDay;
  const pos = expiryPosition(cert.notAfter, cert.notBefore, settings, now);
  const next = nextMark(pos, settings);
  if (next === null) return oneDay;
  // Mark N fires once fewer than N + 1 alert days are left.
  if (pos.shortLived) return { until: new Date(cert.notAfter - (next + 1) * pos.unitMs).toISOString() };
  return { untilDaysLeft: next + 1 };
}

export interface RecordOptions {
  /** Entries still watched; records of any other entry are dropped. */
  entryIds?: Iterable<string>;
}

/**
 * The ledger after showing `alerts`: unmuted alerts and the reasons they cover are recorded; a recovery clears
 * the outage; a renewal drops the records of the certificates it replaced. Each entry keeps its newest records only.
 */
export function recordFired(
  ledger: LedgerRecord[],
  alerts: Alert[],
  now: number,
  options: RecordOptions = {},
): LedgerRecord[] {
  let out = [...ledger];
  const firedAt = new Date(now).toISOString();
  for (const a of alerts) {
    if (a.kind === 'recovered') {
      out = out.filter((r) => !(r.entryId === a.entryId && r.reason === 'unreachable'));
      continue;
    }
    if (a.muted && !GOOD_NEWS.has(a.kind)) continue;
    if (a.kind === 'renewed') {
      out = out.filter(
        (r) => r.entryId !== a.entryId || r.fingerprint256 === null || r.fingerprint256 === a.fingerprint256,
      );
    }
    for (const reason of [a.reason, ...a.covers]) {
      const key = alertKey(a.entryId, a.fingerprint256, reason);
      if (!out.some((r) => r.key === key)) {
        out.push({ key, entryId: a.entryId, fingerprint256: a.fingerprint256, reason, firedAt });
      }
    }
  }
  if (options.entryIds) {
    const keep = new Set(options.entryIds);
    out = out.filter((r) => keep.has(r.entryId));
  }
  const seen = new Map<string, number>();
  return out
    .reverse()
    .filter((r) => {
      const n = (seen.get(r.entryId) ?? 0) + 1;
      seen.set(r.entryId, n);
      return n <= MAX_RECORDS_PER_ENTRY;
    })
    .reverse();
}
