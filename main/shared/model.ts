// The watch engine's data: watchlist entries, settings, per-entry check state and the alert ledger.
// One versioned document holds all of it (see store/), shared by the tray app and `certwatch watch`.
import type { ProbeResult, ProblemCode, StarttlsProtocol, Status, Thresholds } from './types';
import { DEFAULT_THRESHOLDS } from './types';
import type { TeamChannel } from './channels';

export interface WatchEntry {
  /** Stable random id (UUID). */
  id: string;
  /** The target as the CLI accepts it, normalised (e.g. `example.com:443`, `smtp://mail.example.com:25`). */
  target: string;
  host: string;
  port: number;
  starttls?: StarttlsProtocol;
  sni?: string;
  label?: string;
  tags: string[];
  owner?: string;
  runbookUrl?: string;
  notes?: string;
  /** Per-entry override of the global thresholds. */
  thresholds?: Partial<Thresholds>;
  /** Per-entry check interval; the global setting applies when absent. */
  intervalMinutes?: number;
  enabled: boolean;
  /** Alerts for this entry are muted while a snooze holds. */
  snooze?: Snooze;
  createdAt: string;
  updatedAt: string;
}

/** `until`: muted until that instant. `untilDaysLeft`: muted until days left drop below this number. */
export interface Snooze {
  until?: string;
  untilDaysLeft?: number;
}

/**
 * One line of an entry's bounded history. Consecutive checks that saw the same thing (status, certificate,
 * problems) share one record, so a year of quiet checks costs a few lines of the store file, not thousands.
 */
export interface CheckRecord {
  /** The first check of this run. */
  at: string;
  /** The latest check of this run, when it holds more than one. */
  lastAt?: string;
  /** Checks in this run; 1 when absent. */
  checks?: number;
  status: Status;
  daysLeft: number | null;
  notAfter: string | null;
  fingerprint256: string | null;
  problems: ProblemCode[];
  durationMs: number;
}

export interface EntryState {
  lastResult?: ProbeResult;
  lastCheckedAt?: string;
  history: CheckRecord[];
  /** Checks in a row that ended in `error` (drives backoff and the unreachable alert). */
  consecutiveFailures: number;
}

export interface Settings {
  thresholds: Thresholds;
  /** Days-left marks that each raise one notification as a certificate crosses them. */
  alertDays: number[];
  intervalMinutes: number;
  /** Failed checks in a row before an unreachable alert. */
  unreachableAfter: number;
  timeoutSeconds: number;
  concurrency: number;
  /** Extra PEM bundle trusted in addition to the system roots (internal PKI). */
  caBundlePath?: string;
  notificationsPausedUntil?: string;
  launchAtLogin: boolean;
  historyLimit: number;
  /** Ask OCSP responders and CRLs whether leaf certificates are revoked. */
  checkRevocation: boolean;
  /** `http://[user:pass@]host:port`, or `direct`; absent means HTTPS_PROXY or the system proxy. */
  proxyUrl?: string;
  /** The app's Prometheus endpoint (`certwatch watch --metrics` is the CLI's). */
  metrics: MetricsSettings;
}

/** Where the app serves Prometheus metrics: off by default, and on loopback unless allowRemote says otherwise. */
export interface MetricsSettings {
  enabled: boolean;
  /** `ADDR:PORT`, an IP literal (IPv6 in brackets) or `localhost`. */
  address: string;
  /** The metrics name every watched host, owner and tag: an address others can reach must be asked for. */
  allowRemote: boolean;
}

export const DEFAULT_METRICS_ADDRESS = '127.0.0.1:9793';

export const DEFAULT_SETTINGS: Settings = {
  thresholds: { ...DEFAULT_THRESHOLDS },
  alertDays: [30, 14, 7, 3, 1],
  intervalMinutes: 360,
  unreachableAfter: 3,
  timeoutSeconds: 10,
  concurrency: 16,
  launchAtLogin: false,
  historyLimit: 200,
  checkRevocation: true,
  metrics: { enabled: false, address: DEFAULT_METRICS_ADDRESS, allowRemote: false },
};

/** One alert that already fired; its key makes every alert fire once per entry, certificate and reason. */
export interface LedgerRecord {
  key: string;
  entryId: string;
  fingerprint256: string | null;
  reason: string;
  firedAt: string;
}

/** 2: certificates stored once in a table, compact history (store/compact.ts); 1 held them in every result. */
export const STORE_VERSION = 2;

export interface StoreDoc {
  version: typeof STORE_VERSION;
  entries: WatchEntry[];
  settings: Settings;
  state: Record<string, EntryState>;
  ledger: LedgerRecord[];
  /** Team channels (webhooks, Slack, Teams, e-mail); absent in stores written before they existed. */
  channels?: TeamChannel[];
  /** Alerts each channel delivered, by channel id: the same once-per-certificate-and-reason rule per channel. */
  channelLedger?: Record<string, LedgerRecord[]>;
}

export function emptyDoc(): StoreDoc {
  return {
    version: STORE_VERSION,
    entries: [],
    settings: structuredClone(DEFAULT_SETTINGS),
    state: {},
    ledger: [],
  };
}

export function effectiveThresholds(entry: WatchEntry, settings: Settings): Thresholds {
  return { ...settings.thresholds, ...entry.thresholds };
}
