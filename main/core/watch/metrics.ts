// Prometheus metrics of the watchlist: at every scrape the collector reads the engine's last results (no metric
// objects kept per entry, so a removed entry simply stops appearing) and prom-client writes the exposition text,
// OpenMetrics or the classic Prometheus format. Names follow blackbox_exporter (`*_timestamp_seconds`, `*_success`).
import { Gauge, Registry, type OpenMetricsContentType } from 'prom-client';
import { displayText } from '../../shared/untrusted-text';
import type { EntryState, WatchEntry } from '../../shared/model';
import { parseTarget, serverName } from '../probe/target';
import { REVOCATION_STATUSES, STATUSES, type EndpointResult, type ProbeResult } from '../../shared/types';

/** What the collector reads at scrape time: the store document's entries and their check state. */
export interface MetricsSource {
  entries: readonly WatchEntry[];
  state: Readonly<Record<string, EntryState>>;
}

export type MetricsFormat = 'openmetrics' | 'prometheus';

export interface MetricsText {
  contentType: string;
  body: string;
}

export interface MetricsRenderer {
  render(format: MetricsFormat): Promise<MetricsText>;
}

const ENTRY_LABELS = ['target', 'sni', 'owner', 'tags'] as const;
const ENDPOINT_LABELS = ['target', 'endpoint', 'sni', 'owner', 'tags'] as const;
type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}

/** The revocation state of an endpoint whose revocation was not checked (turned off, no URL, a file). */
export const REVOCATION_NOT_CHECKED = 'not_checked';

/**
 * A gauge whose samples are computed when scraped. prom-client's own gauges keep a map keyed by a string built
 * from the label values, where crafted values (an owner holding `,sni:`) could collide and hide a series; here
 * every sample is handed over as it is, and prom-client only formats and escapes it.
 */
class SnapshotGauge extends Gauge {
  constructor(
    config: { name: string; help: string; labelNames: readonly string[] },
    private readonly read: () => Sample[],
  ) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, registers: [] });
  }

  override async get() {
    const base = await super.get();
    return { ...base, values: this.read() };
  }
}

const seconds = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
};

/**
 * Label values come from the user and from servers: shown as data, never able to end the line, and bounded
 * generously (a 253-character host name plus port must stay whole, or two targets could read the same).
 */
const value = (text: string | undefined): string => displayText(text ?? '', 1024);

/** Tags as `,prod,web,` (Consul's convention), so `tags=~".*,prod,.*"` selects one tag exactly. */
export const tagsLabel = (tags: readonly string[]): string =>
  tags.length ? `,${tags.map((t) => value(t).replace(/,/g, '_')).join(',')},` : '';

/** The name the check sends as SNI (the host's, unless the entry names another); empty for an IP or a file. */
function sniOf(entry: WatchEntry): string | undefined {
  const parsed = parseTarget(entry.target, { starttls: entry.starttls, sni: entry.sni });
  if (!parsed.ok) return entry.sni;
  return parsed.target.file ? undefined : serverName(parsed.target);
}

function entryLabels(entry: WatchEntry): Labels {
  return {
    target: value(entry.target),
    sni: value(sniOf(entry)),
    owner: value(entry.owner),
    tags: tagsLabel(entry.tags),
  };
}

/** The endpoint right after the target, as people read it. */
const withEndpoint = ({ target = '', ...rest }: Labels, endpoint: string): Labels => ({
  target,
  endpoint,
  ...rest,
});

/**
 * Per-entry rows and per-endpoint rows. An entry whose check reached no address at all (DNS failure, bad
 * target) gets one endpoint row with `endpoint=""`, so its status and problems are still visible.
 */
function rows(
  source: MetricsSource,
): Array<{ entry: Labels; result: ProbeResult; endpoints: EndpointRow[] }> {
  const out = [];
  for (const entry of source.entries) {
    if (!entry.enabled) continue;
    const result = source.state[entry.id]?.lastResult;
    if (!result) continue;
    const labels = entryLabels(entry);
    const endpoints: EndpointRow[] = result.endpoints.length
      ? result.endpoints.map((e) => ({ labels: withEndpoint(labels, value(e.address)), endpoint: e }))
      : [{ labels: withEndpoint(labels, ''), endpoint: undefined }];
    out.push({ entry: labels, result, endpoints });
  }
  return out;
}

interface EndpointRow {
  labels: Labels;
  endpoint: EndpointResult | undefined;
}

/** Every family, computed from one reading of the source per scrape. */
function snapshotOf(source: MetricsSource) {
  // Two entries that read the same after sanitising would repeat a series, and Prometheus rejects a scrape with
  // a repeated series as a whole: the first keeps it.
  const seen = new Set<string>();
  const all = rows(source).filter(({ entry }) => {
    const key = JSON.stringify(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const perEndpoint = (fn: (row: EndpointRow, result: ProbeResult) => Sample[]): Sample[] =>
    all.flatMap(({ result, endpoints }) => endpoints.flatMap((row) => fn(row, result)));
  const perEntry = (fn: (labels: Labels, result: ProbeResult) => Sample[]): Sample[] =>
    all.flatMap(({ entry, result }) => fn(entry, result));
  const timestamp = (labels: Labels, iso: string | null | undefined): Sample[] => {
    const v = seconds(iso);
    return v === undefined ? [] : [{ labels, value: v }];
  };
  return {
    entries: source.entries.filter((e) => e.enabled).length,
    notAfter: perEndpoint((r) => timestamp(r.labels, r.endpoint?.notAfter)),
    notBefore: perEndpoint((r) =>
      timestamp(r.labels, r.endpoint?.chain.find((c) => c.role === 'leaf')?.notBefore),
    ),
    earliest: perEndpoint((r) => timestamp(r.labels, r.endpoint?.chainEarliestNotAfter)),
    status: perEndpoint((r, result) => {
      const status = r.endpoint?.status ?? result.status;
      return STATUSES.map((s) => ({ labels: { ...r.labels, status: s }, value: s === status ? 1 : 0 }));
    }),
    problem: perEndpoint((r, result) => {
      const codes = new Set((r.endpoint?.problems ?? result.problems).map((p) => p.code));
      return [...codes].sort().map((code) => ({ labels: { ...r.labels, code }, value: 1 }));
    }),
    revocation: perEndpoint((r) => {
      if (!r.endpoint) return [];
      const state = r.endpoint.revocation?.status ?? REVOCATION_NOT_CHECKED;
      return [...REVOCATION_STATUSES, REVOCATION_NOT_CHECKED].map((s) => ({
        labels: { ...r.labels, status: s },
        value: s === state ? 1 : 0,
      }));
    }),
    success: perEntry((labels, result) => [{ labels, value: result.status === 'error' ? 0 : 1 }]),
    duration: perEntry((labels, result) => [{ labels, value: result.durationMs / 1000 }]),
    lastCheck: perEntry((labels, result) => timestamp(labels, result.checkedAt)),
  };
}

type Families = ReturnType<typeof snapshotOf>;

const FAMILIES: Array<{
  key: Exclude<keyof Families, 'entries'>;
  name: string;
  help: string;
  labels: readonly string[];
}> = [
  {
    key: 'notAfter',
    name: 'certwatch_cert_not_after_timestamp_seconds',
    help: 'When the certificate the endpoint serves expires (notAfter), as a Unix timestamp.',
    labels: ENDPOINT_LABELS,
  },
  {
    key: 'earliest',
    name: 'certwatch_path_earliest_not_after_timestamp_seconds',
    help: 'The earliest notAfter along the path a client builds (leaf, intermediates, root), as a Unix timestamp.',
    labels: ENDPOINT_LABELS,
  },
  {
    key: 'notBefore',
    name: 'certwatch_cert_not_before_timestamp_seconds',
    help: 'When the certificate the endpoint serves became valid (notBefore), as a Unix timestamp.',
    labels: ENDPOINT_LABELS,
  },
  {
    key: 'status',
    name: 'certwatch_status',
    help: 'Status of the endpoint: 1 for the current status (ok, warning, critical, expired, invalid, error), 0 for the others.',
    labels: [...ENDPOINT_LABELS, 'status'],
  },
  {
    key: 'problem',
    name: 'certwatch_problem',
    help: 'One series per problem found on the endpoint, by problem code (e.g. EXPIRED, HOSTNAME_MISMATCH, REVOKED).',
    labels: [...ENDPOINT_LABELS, 'code'],
  },
  {
    key: 'revocation',
    name: 'certwatch_revocation_status',
    help: 'Revocation of the leaf certificate: 1 for the current state (good, revoked, unknown, unavailable, not_checked).',
    labels: [...ENDPOINT_LABELS, 'status'],
  },
  {
    key: 'success',
    name: 'certwatch_check_success',
    help: 'Whether the last check reached every endpoint and judged its certificate (1), or could not (0: unreachable, DNS, refused).',
    labels: ENTRY_LABELS,
  },
  {
    key: 'duration',
    name: 'certwatch_check_duration_seconds',
    help: 'How long the last check of the entry took.',
    labels: ENTRY_LABELS,
  },
  {
    key: 'lastCheck',
    name: 'certwatch_last_check_timestamp_seconds',
    help: 'When the entry was last checked, as a Unix timestamp.',
    labels: ENTRY_LABELS,
  },
];

/**
 * The metrics of whatever `read` returns at scrape time. Both formats come from the same gauges; one registry
 * per format, since prom-client binds the format to the registry and scrapes may overlap.
 */
export function createMetrics(read: () => MetricsSource): MetricsRenderer {
  // One snapshot per source document: a scrape reads it once for all families.
  let cache: { source: MetricsSource; at: number; snapshot: Families } | undefined;
  let generation = 0;
  const snapshot = (): Families => {
    const source = read();
    if (!cache || cache.source !== source || cache.at !== generation)
      cache = { source, at: generation, snapshot: snapshotOf(source) };
    return cache.snapshot;
  };
  const gauges: Gauge[] = [
    new SnapshotGauge(
      {
        name: 'certwatch_watchlist_entries',
        help: 'Enabled entries in the watchlist (checked or not yet).',
        labelNames: [],
      },
      () => [{ labels: {}, value: snapshot().entries }],
    ),
    ...FAMILIES.map(
      (f) => new SnapshotGauge({ name: f.name, help: f.help, labelNames: f.labels }, () => snapshot()[f.key]),
    ),
  ];
  const registries = {
    openmetrics: new Registry<OpenMetricsContentType>(),
    prometheus: new Registry(),
  };
  registries.openmetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const registry of Object.values(registries)) for (const g of gauges) registry.registerMetric(g);
  return {
    async render(format) {
      generation++; // a fresh reading per scrape, even when the document object is the same
      const registry = registries[format];
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The Prometheus text of a source once, e.g. for node_exporter's textfile collector. */
export async function metricsText(
  source: MetricsSource,
  format: MetricsFormat = 'prometheus',
): Promise<string> {
  return (await createMetrics(() => source).render(format)).body;
}
