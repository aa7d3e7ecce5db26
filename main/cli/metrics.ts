// `certwatch watch --metrics ADDR:PORT`: the listen address rules of the CLI (loopback unless
// --metrics-allow-remote) and the endpoint's start, over the store the watch engine writes its results to.
import type { Store } from '../core/watch/store/file-store';
import { createMetrics } from '../core/watch/metrics';
import {
  MetricsBindError,
  parseListenAddress,
  startMetricsServer,
  type ListenAddress,
  type MetricsServer,
} from '../core/watch/metrics-server';
import type { CliIo } from './io';
import { UsageError } from './options';

/**
 * The --metrics address, or undefined without the flag. The metrics name every host, owner and tag in the
 * watchlist, so an address other computers can reach must be asked for with --metrics-allow-remote.
 */
export function metricsListenAddress(opts: {
  metrics?: string;
  metricsAllowRemote?: boolean;
}): ListenAddress | undefined {
  if (opts.metrics === undefined) {
    if (opts.metricsAllowRemote) throw new UsageError('--metrics-allow-remote needs --metrics ADDR:PORT');
    return undefined;
  }
  const parsed = parseListenAddress(opts.metrics);
  if (!parsed.ok) throw new UsageError(`--metrics: ${parsed.error}`);
  if (!parsed.value.loopback && !opts.metricsAllowRemote)
    throw new UsageError(
      `--metrics ${opts.metrics} can be reached from other computers, which would show them every host, owner and tag you watch; add --metrics-allow-remote if that is intended, or listen on 127.0.0.1`,
    );
  return parsed.value;
}

/** Serves the store's latest results; a port that cannot be opened is a usage error (one sentence, exit 3). */
export async function startCliMetrics(
  listen: ListenAddress,
  store: Pick<Store, 'get'>,
  io: CliIo,
  stamp: (line: string) => string,
  quiet?: boolean,
): Promise<MetricsServer> {
  let server: MetricsServer;
  try {
    server = await startMetricsServer({
      address: listen,
      metrics: createMetrics(() => store.get()),
      log: (line) => io.stderr(stamp(line)),
    });
  } catch (error) {
    if (error instanceof MetricsBindError) throw new UsageError(error.message);
    throw error;
  }
  if (!listen.loopback)
    io.stderr(
      `certwatch: metrics are served to other computers on ${server.url}; protect the port with a firewall\n`,
    );
  if (!quiet) io.stdout(stamp(`serving metrics on ${server.url}`));
  return server;
}
