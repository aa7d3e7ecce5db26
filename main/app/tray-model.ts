// The tray as a pure function of the app state: which icon, what tooltip and which menu. No Electron here,
// so every status mix is unit-tested; tray.ts only hands the model to Electron.
import type { AppState, EntrySummary } from '../shared/contract';
import type { Status } from '../shared/types';
import { worstStatus } from '../core/probe/status';
import { DAY_MS } from '../core/probe/time';
import { spanText } from '../shared/days';
import { entryName as sharedEntryName } from '../shared/entry-name';

/** One icon per status family; `critical` also covers expired and invalid. */
export const TRAY_STATUSES = ['ok', 'warning', 'critical', 'error', 'checking'] as const;
export type TrayStatus = (typeof TRAY_STATUSES)[number];

export type PauseChoice = 'hour' | 'tomorrow';

export type TrayAction =
  | { type: 'open-entry'; id: string }
  | { type: 'check-all' }
  | { type: 'quick-check' }
  | { type: 'pause'; choice: PauseChoice }
  | { type: 'resume' }
  | { type: 'open-window' }
  | { type: 'toggle-launch-at-login' }
  | { type: 'self-test' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'separator' }
  /** Information only (greyed out): Linux AppIndicator shows no tooltip, so the summary lives here too. */
  | { kind: 'info'; label: string }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayModel {
  status: TrayStatus;
  tooltip: string;
  items: TrayMenuItem[];
}

export interface TrayModelOptions {
  now: number;
  /** How many of the soonest-expiring entries the menu lists. */
  maxEntries?: number;
}

/** Windows truncates tray tooltips beyond 127 characters. */
const TOOLTIP_MAX = 127;
const MORNING_HOUR = 8;

/** The tray's sentence when the self-test found that the probe itself does not work on this computer. */
export function brokenChecksText(state: AppState): string | null {
  const failure = state.selfTest?.report?.probeFailure;
  return failure ? `Checks are not working on this computer: ${failure}` : null;
}

/**
 * Worst status of the enabled entries; a running check never hides a known problem. When the probe itself is
 * broken here, the entries' errors say nothing about the servers: the icon shows "cannot check" instead.
 */
export function trayStatus(state: AppState): TrayStatus {
  if (brokenChecksText(state)) return 'error';
  const active = state.entries.filter((e) => e.enabled);
  const known = active.flatMap((e) => (e.status === 'pending' ? [] : [e.status]));
  const worst = known.length ? worstStatus(known) : undefined;
  if (worst === 'critical' || worst === 'expired' || worst === 'invalid') return 'critical';
  if (worst === 'error' || worst === 'warning') return worst;
  const unknown = state.checking.length > 0 || active.some((e) => e.status === 'pending');
  return unknown ? 'checking' : 'ok';
}

const COUNT_ORDER: { status: Status | 'pending'; word: string }[] = [
  { status: 'expired', word: 'expired' },
  { status: 'invalid', word: 'invalid' },
  { status: 'critical', word: 'critical' },
  { status: 'error', word: 'unreachable' },
  { status: 'warning', word: 'expiring soon' },
  { status: 'ok', word: 'OK' },
  { status: 'pending', word: 'not checked yet' },
];

/** "2 expired · 1 expiring soon · 12 OK", worst first. */
export function statusSummary(state: AppState): string {
  const active = state.entries.filter((e) => e.enabled);
  if (!state.entries.length) return 'No certificates watched yet';
  if (!active.length) return 'All entries are turned off';
  const parts = COUNT_ORDER.flatMap(({ status, word }) => {
    const n = active.filter((e) => e.status === status).length;
    return n ? [`${n} ${word}`] : [];
  });
  return parts.join(' · ');
}

const pad = (n: number) => String(n).padStart(2, '0');
const startOfDay = (t: number) => new Date(t).setHours(0, 0, 0, 0);

/** Local wall-clock time, with the day when it is not today: "14:05", "tomorrow 08:00", "2026-11-30 08:00". */
export function formatWhen(at: number, now: number): string {
  const d = new Date(at);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = Math.round((startOfDay(at) - startOfDay(now)) / DAY_MS);
  if (days === 0) return time;
  if (days === 1) return `tomorrow ${time}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** When a pause chosen now ends: in an hour, or tomorrow morning (local time). */
export function pauseUntil(choice: PauseChoice, now: number): number {
  if (choice === 'hour') return now + 3_600_000;
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  return tomorrow.setHours(MORNING_HOUR, 0, 0, 0);
}

/** The shared naming rule (label, else the address with its SNI name when that differs). */
export function entryName(e: EntrySummary): string {
  return sharedEntryName(e, e.port === 443 && !e.starttls ? e.host : e.target);
}

export function daysText(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  if (daysLeft === 0) return 'expires today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

/** "12 days left", "30 hours left", "expired 5 days ago": the count every surface uses (main/shared/days.ts). */
export function timeLeftText(notAfter: string, now: number): string {
  const ms = Date.parse(notAfter) - now;
  return ms > 0 ? `${spanText(ms)} left` : `expired ${spanText(ms)} ago`;
}

function entryLabel(e: EntrySummary, now: number, broken: boolean): string {
  const days = e.notAfter ? timeLeftText(e.notAfter, now) : daysText(e.daysLeft ?? 0);
  // A broken probe says nothing about the server: no "unreachable" for what this computer cannot check.
  if (broken) return `${entryName(e)} — ${days}${e.status === 'invalid' ? ' · invalid' : ''}`;
  // A certificate can be far from expiry and still refused; say so, since the menu orders by days only.
  const note = e.status === 'invalid' ? ' · invalid' : e.status === 'error' ? ' · unreachable' : '';
  return `${entryName(e)} — ${days}${note}`;
}

/** Enabled entries with a known expiry, soonest first (ties by name, so the menu does not shuffle). */
export function soonestExpiring(entries: EntrySummary[], max: number): EntrySummary[] {
  return entries
    .filter((e): e is EntrySummary & { daysLeft: number } => e.enabled && e.daysLeft !== null)
    .sort((a, b) => a.daysLeft - b.daysLeft || entryName(a).localeCompare(entryName(b)))
    .slice(0, max);
}

function tooltipOf(state: AppState, now: number): string {
  const lines = ['Certwatch', brokenChecksText(state) ?? statusSummary(state)];
  if (state.checking.length) lines.push(`Checking ${state.checking.length}…`);
  if (state.pausedUntil)
    lines.push(`Notifications paused until ${formatWhen(Date.parse(state.pausedUntil), now)}`);
  const text = lines.join('\n');
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

function pauseMenu(state: AppState, now: number): TrayMenuItem {
  const paused = state.pausedUntil !== null;
  return {
    kind: 'submenu',
    label: paused
      ? `Notifications paused until ${formatWhen(Date.parse(state.pausedUntil!), now)}`
      : 'Pause notifications',
    items: [
      { kind: 'action', label: 'For 1 hour', action: { type: 'pause', choice: 'hour' }, enabled: true },
      {
        kind: 'action',
        label: `Until ${formatWhen(pauseUntil('tomorrow', now), now)}`,
        action: { type: 'pause', choice: 'tomorrow' },
        enabled: true,
      },
      { kind: 'separator' },
      { kind: 'action', label: 'Resume notifications', action: { type: 'resume' }, enabled: paused },
    ],
  };
}

/** Menu labels this long stay readable on every desktop; the window shows the whole sentence. */
const MENU_LABEL_MAX = 160;
const clipLabel = (text: string) =>
  text.length > MENU_LABEL_MAX ? `${text.slice(0, MENU_LABEL_MAX - 1)}…` : text;

/** What the tray says about the self-test and the notification route, above everything else. */
function healthItems(state: AppState): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  const broken = brokenChecksText(state);
  if (broken) items.push({ kind: 'info', label: clipLabel(broken) });
  if (state.notificationNotice) items.push({ kind: 'info', label: clipLabel(state.notificationNotice) });
  return items.length ? [...items, { kind: 'separator' }] : [];
}

function selfTestItem(state: AppState, now: number): TrayMenuItem {
  const test = state.selfTest;
  if (test?.running)
    return { kind: 'action', label: 'Running self-test…', action: { type: 'self-test' }, enabled: false };
  const report = test?.report;
  let label = 'Run self-test';
  if (report) {
    const when = formatWhen(Date.parse(report.ranAt), now);
    const failed = report.checks.filter((c) => c.level === 'fail').length;
    const warned = report.checks.filter((c) => c.level === 'warn').length;
    const outcome = failed
      ? `${failed} failed`
      : warned
        ? `passed, ${warned} warning${warned === 1 ? '' : 's'}`
        : 'passed';
    label = `Run self-test again (${outcome} at ${when})`;
  }
  return { kind: 'action', label, action: { type: 'self-test' }, enabled: true };
}

export function trayMenuModel(state: AppState, options: TrayModelOptions): TrayModel {
  const { now, maxEntries = 5 } = options;
  const active = state.entries.filter((e) => e.enabled);
  const soonest = soonestExpiring(state.entries, maxEntries);
  const broken = brokenChecksText(state) !== null;
  const entryItems: TrayMenuItem[] = soonest.length
    ? soonest.map((e) => ({
        kind: 'action',
        label: entryLabel(e, now, broken),
        action: { type: 'open-entry', id: e.id },
        enabled: true,
      }))
    : active.length
      ? [{ kind: 'info', label: 'No results yet' }]
      : [];

  const items: TrayMenuItem[] = [
    ...healthItems(state),
    // With the probe broken here, "5 unreachable" would blame the servers: the sentence above replaces it.
    ...(broken
      ? []
      : [{ kind: 'info', label: statusSummary(state) } as const, { kind: 'separator' } as const]),
    ...(entryItems.length ? [...entryItems, { kind: 'separator' } as const] : []),
    {
      kind: 'action',
      label: state.checking.length ? `Check all now (checking ${state.checking.length}…)` : 'Check all now',
      action: { type: 'check-all' },
      enabled: active.length > 0,
    },
    { kind: 'action', label: 'Quick check…', action: { type: 'quick-check' }, enabled: true },
    pauseMenu(state, now),
    { kind: 'separator' },
    { kind: 'action', label: 'Open Certwatch', action: { type: 'open-window' }, enabled: true },
    selfTestItem(state, now),
    {
      kind: 'checkbox',
      label: 'Launch at login',
      action: { type: 'toggle-launch-at-login' },
      checked: state.settings.launchAtLogin,
    },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit Certwatch', action: { type: 'quit' }, enabled: true },
  ];
  return { status: trayStatus(state), tooltip: tooltipOf(state, now), items };
}
