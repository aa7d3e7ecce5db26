// The one IPC contract: every channel's name, request and response, shared by the main process,
// the preload, the renderer and the development web bridge. No runtime dependencies, so the
// sandboxed preload can bundle it.
import type { CheckRecord, Settings, Snooze, WatchEntry } from './model';
import type { ProbeResult, ProblemCode, StarttlsProtocol, Status, Thresholds } from './types';
import type { DoctorReport } from './doctor-report';
import type { ChannelInput, ChannelView } from './channels';

/** A watchlist row as the window and tray show it: small enough to send thousands of. */
/** The entry's own fields a row shows (its identity and who owns it), plus what the last check found. */
export interface EntrySummary extends Pick<
  WatchEntry,
  | 'id'
  | 'target'
  | 'host'
  | 'port'
  | 'starttls'
  | 'sni'
  | 'label'
  | 'tags'
  | 'owner'
  | 'runbookUrl'
  | 'enabled'
> {
  /** `pending` until the first check finishes. */
  status: Status | 'pending';
  daysLeft: number | null;
  notAfter: string | null;
  issuer: string | null;
  lastCheckedAt: string | null;
  nextDueAt: string | null;
  checking: boolean;
  /** The first problem's sentence, for the table's error column. */
  headline: string | null;
  problemCodes: ProblemCode[];
  snooze?: Snooze;
}

export interface AppState {
  entries: EntrySummary[];
  settings: Settings;
  pausedUntil: string | null;
  /** Ids of entries being checked right now (the tray shows "checking"). */
  checking: string[];
  /** Things the user must be told once, e.g. a damaged store that was set aside. */
  messages: string[];
  storePath: string;
  /** Increases with every change, so views can drop stale updates. */
  revision: number;
  /** The self-test (tray app only; absent from the engine's own state). */
  selfTest?: SelfTestState;
  /** Set when notifications were refused or go through the fallback helper (tray app only). */
  notificationNotice?: string | null;
  /** Team channels, secrets masked, with how their deliveries go; absent from senders that predate them. */
  channels?: ChannelView[];
}

/**
 * The rows column by column, row i being the i-th element of every column. `dict` columns hold indexes into
 * `strings` (-1: none), `list` columns arrays of such indexes; flags are 0 or 1.
 */
export interface TableColumns {
  count: number;
  strings: string[];
  id: string[];
  target: string[];
  host: string[];
  port: number[];
  /** dict */
  starttls: number[];
  sni: Array<string | null>;
  label: Array<string | null>;
  /** list */
  tags: number[][];
  /** dict */
  owner: number[];
  enabled: Array<0 | 1>;
  /** Index into the status order of main/shared/window-state.ts. */
  status: number[];
  daysLeft: Array<number | null>;
  notAfter: Array<string | null>;
  /** dict */
  issuer: number[];
  lastCheckedAt: Array<string | null>;
  checking: Array<0 | 1>;
  /** dict */
  headline: number[];
  /** list */
  problemCodes: number[][];
  snoozed: Array<0 | 1>;
}

/** The window's state: everything of AppState but its entries, which travel as one compact table. */
export interface WindowState extends Omit<AppState, 'entries'> {
  table: TableColumns;
}

/**
 * What the window's first screen draws, for a page still loading (`window:first-screen`): the state without the
 * watchlist, its first rows in the table's default order, and the whole list's row count and filter counts. Never
 * a watchlist: the window shows `window:state`'s once it has it.
 */
export interface FirstScreenState extends Omit<AppState, 'entries'> {
  /** The first rows of the list in the default order (urgency), at most the number asked for. */
  first: TableColumns;
  /** Rows in the whole list. */
  total: number;
  /** Rows per status in the whole list. */
  statuses: Record<EntrySummary['status'], number>;
  /** Tags in use in the whole list with how many rows carry each (case aside; the first spelling wins). */
  tags: Array<{ tag: string; count: number }>;
}

/** The app's self-test (`certwatch doctor` in the window): the last report, and whether one is running. */
export interface SelfTestState {
  running: boolean;
  /** null until the first run has finished. */
  report: DoctorReport | null;
}

export interface EntryDetails {
  entry: WatchEntry;
  summary: EntrySummary;
  lastResult: ProbeResult | null;
  history: CheckRecord[];
}

export interface LineReport {
  line: number;
  input: string;
  ok: boolean;
  entryId?: string;
  error?: string;
}

export interface AddReport {
  added: number;
  lines: LineReport[];
}

export interface EntryPatch {
  label?: string;
  tags?: string[];
  owner?: string;
  runbookUrl?: string;
  notes?: string;
  starttls?: StarttlsProtocol | null;
  sni?: string | null;
  thresholds?: Partial<Thresholds> | null;
  intervalMinutes?: number | null;
  enabled?: boolean;
}

export type SettingsPatch = Partial<
  Omit<Settings, 'caBundlePath' | 'notificationsPausedUntil' | 'proxyUrl'>
> & {
  caBundlePath?: string | null;
  /** `null` or '' goes back to the environment/system proxy. */
  proxyUrl?: string | null;
};

export type SnoozeKind = '1d' | '1w' | 'next-threshold' | 'clear';
export type ExportFormat = 'json' | 'csv' | 'ics';

export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** Request and response of every invoke-style channel. Adding a channel here forces a schema and a handler. */
export interface Channels {
  /** The engine's full state (the tray's and `certwatch list`'s rows); the window asks for `window:state`. */
  'state:get': { request: Record<string, never>; response: AppState };
  /** The window's state: the watchlist as the compact table it draws (main/shared/window-state.ts). */
  'window:state': { request: Record<string, never>; response: WindowState };
  /**
   * The first `rows` rows of the watchlist in the table's default order, sorted as `locale` compares text (the
   * page's), with the counts its filter bar shows: a screenful to paint while the page loads.
   */
  'window:first-screen': { request: { rows: number; locale?: string }; response: FirstScreenState };
  /** `allowSingleLabel`: the person confirmed names without a dot (`intranet`) for this batch. */
  /** `sni`: the server name every line sends (one of several sites on a shared address). */
  'entries:add': {
    request: { text: string; allowSingleLabel?: boolean; sni?: string };
    response: AddReport;
  };
  'entries:update': { request: { id: string; patch: EntryPatch }; response: EntrySummary };
  'entries:remove': { request: { ids: string[] }; response: { undoToken: string; removed: number } };
  'entries:undo-remove': { request: { undoToken: string }; response: { restored: number } };
  'entries:details': { request: { id: string }; response: EntryDetails };
  'entries:snooze': { request: { id: string; kind: SnoozeKind }; response: EntrySummary };
  'checks:run': { request: { ids?: string[] }; response: { started: number } };
  'checks:quick': { request: { target: string }; response: ProbeResult };
  'settings:update': { request: { patch: SettingsPatch }; response: Settings };
  'notifications:pause': { request: { until: string | null }; response: { pausedUntil: string | null } };
  'notifications:test': { request: Record<string, never>; response: { delivered: boolean } };
  'watchlist:export': { request: { format: ExportFormat }; response: ExportFile };
  'watchlist:import': {
    request: { text: string; format: 'json' | 'csv' | 'auto'; allowSingleLabel?: boolean };
    response: AddReport;
  };
  'app:open-external': { request: { url: string }; response: { opened: boolean } };
  'selftest:run': { request: Record<string, never>; response: SelfTestState };
  'channels:save': { request: { channel: ChannelInput }; response: ChannelView };
  'channels:remove': { request: { id: string }; response: { removed: boolean } };
  'channels:test': { request: { id: string }; response: { delivered: boolean } };
}

export type Channel = keyof Channels;
/** Channels the app (or the web bridge) answers itself; the watch engine's handlers cover the rest. */
export type AppOnlyChannel = 'app:open-external' | 'selftest:run' | 'window:state' | 'window:first-screen';
export type RequestOf<C extends Channel> = Channels[C]['request'];
export type ResponseOf<C extends Channel> = Channels[C]['response'];

/** Every channel name, for allow-lists (the preload forwards nothing else). */
export const CHANNELS = [
  'state:get',
  'window:state',
  'window:first-screen',
  'entries:add',
  'entries:update',
  'entries:remove',
  'entries:undo-remove',
  'entries:details',
  'entries:snooze',
  'checks:run',
  'checks:quick',
  'settings:update',
  'notifications:pause',
  'notifications:test',
  'watchlist:export',
  'watchlist:import',
  'app:open-external',
  'selftest:run',
  'channels:save',
  'channels:remove',
  'channels:test',
] as const satisfies readonly Channel[];

// Fails to compile when a channel is missing from CHANNELS.
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
export const allChannelsListed: Missing extends never ? true : Missing = true;

/** Push events from main to the window. */
export interface Events {
  /** The window's state after a change (what `window:state` answers). */
  'state:changed': WindowState;
  /** Main asks the window to show one entry (tray menu or notification click). */
  'navigate:entry': { id: string };
  /** Main asks the window to list these entries only (a click on a grouped notification). */
  'navigate:entries': { ids: string[] };
  /** Main asks the window to open the quick-check dialog (tray menu). */
  'navigate:quick-check': Record<string, never>;
}
export type EventName = keyof Events;
export const EVENTS = [
  'state:changed',
  'navigate:entry',
  'navigate:entries',
  'navigate:quick-check',
] as const satisfies readonly EventName[];

export type IpcErrorCode = 'INVALID_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'FAILED';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/** Handlers answer with a result, never a thrown error, so the window can show the message. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What the handlers behind the contract implement (main process and web bridge alike). */
export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** `window.certwatch`, exposed by the preload and by the web bridge's client. */
export interface CertwatchApi {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Raised by handlers to answer with a specific error code. */
export class HandlerError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
