// The app's Prometheus endpoint: started, moved or stopped whenever the metrics setting changes, reading the
// engine's results at scrape time. A port that cannot be opened is logged and told once per setting, never fatal.
import type { MetricsSettings } from '../shared/model';
import { createMetrics, type MetricsSource } from '../core/watch/metrics';
import { parseListenAddress, startMetricsServer, type MetricsServer } from '../core/watch/metrics-server';
import { metricsSettingsError } from '../core/watch/listen-address';

export interface MetricsServiceDeps {
  read: () => MetricsSource;
  log: (line: string) => void;
  /** Tells the user (a notification): the setting is on but nothing is served. */
  tell: (message: string) => void;
}

export interface MetricsService {
  /** Applies the setting; resolves once the endpoint is in the state it asks for (or failed to be). */
  apply(settings: MetricsSettings): Promise<void>;
  /** The endpoint's URL while it serves. */
  url(): string | undefined;
  stop(): Promise<void>;
}

const keyOf = (m: MetricsSettings) => (m.enabled ? `${m.address.trim()}|${m.allowRemote}` : 'off');

export function createMetricsService(deps: MetricsServiceDeps): MetricsService {
  const renderer = createMetrics(deps.read);
  let wanted = 'off';
  let server: MetricsServer | undefined;
  // Changes are applied one after another, so a quick on/off/on never leaves two servers or none.
  let queue: Promise<void> = Promise.resolve();

  async function reconcile(settings: MetricsSettings, key: string): Promise<void> {
    if (key !== wanted) return; // a newer setting arrived meanwhile
    if (server) {
      await server.close();
      deps.log(`metrics: stopped serving ${server.url}`);
      server = undefined;
    }
    if (!settings.enabled) return;
    const problem = metricsSettingsError(settings);
    const parsed = parseListenAddress(settings.address);
    if (problem || !parsed.ok) {
      fail(problem ?? 'Metrics address is not valid.');
      return;
    }
    try {
      server = await startMetricsServer({ address: parsed.value, metrics: renderer, log: deps.log });
      deps.log(`metrics: serving ${server.url}`);
    } catch (error) {
      fail(`Prometheus metrics are not served: ${(error as Error).message}.`);
    }
  }

  function fail(message: string): void {
    deps.log(`metrics: ${message}`);
    deps.tell(message);
  }

  return {
    apply(settings) {
      const key = keyOf(settings);
      if (key === wanted) return queue;
      wanted = key;
      queue = queue.then(() => reconcile(settings, key));
      return queue;
    },
    url: () => server?.url,
    stop() {
      wanted = 'stopped';
      queue = queue.then(async () => {
        await server?.close();
        server = undefined;
      });
      return queue;
    },
  };
}
