// The peers Certwatch's probe is measured against, each pointed at the same local server: openssl s_time
// (the near-limit rate of full handshakes), a shell loop of openssl s_client, a loop of check_ssl_cert and
// blackbox_exporter's tcp/tls prober. None is installed by the bench: a missing one is reported and skipped.
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DOMAIN } from './pki';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { cpuSecondsOf, isExecutable, run, shellLoop, sleep, stopChild, which, type LoopResult } from './proc';

export interface PeerResult {
  handshakes: number;
  failed: number;
  seconds: number;
  rate: number;
  /** CPU seconds the peer's own processes used during the sample. */
  cpuSeconds: number;
  firstFailure?: string;
  note?: string;
}

export type Skipped = { skipped: string };

export const CHECK_SSL_CERT_PATHS = ['/usr/lib/nagios/plugins/check_ssl_cert'];

/** Debian puts the Nagios plugins outside PATH. */
export function findCheckSslCert(): string | undefined {
  return which('check_ssl_cert') ?? CHECK_SSL_CERT_PATHS.find(isExecutable);
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function fromLoop(loop: LoopResult, note?: string): PeerResult {
  return {
    handshakes: loop.ok,
    failed: loop.failed,
    seconds: loop.seconds,
    rate: loop.ok / loop.seconds,
    cpuSeconds: loop.childCpuSeconds,
    ...(loop.firstFailure ? { firstFailure: loop.firstFailure } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * `openssl s_time -new`: full handshakes one after another (no session reuse), for `seconds`. Its own
 * "connections/user sec" divides by its CPU time; the rate here is per real second, as for every other peer.
 */
export async function sTime(port: number, seconds: number): Promise<PeerResult | Skipped> {
  const openssl = which('openssl');
  if (!openssl) return { skipped: 'openssl not found (apt-get install openssl)' };
  const script = `${quote(openssl)} s_time -connect 127.0.0.1:${port} -new -time ${seconds}; times`;
  const result = await run('bash', ['-c', script], { timeoutMs: (seconds + 60) * 1000 });
  const m = /(\d+) connections in (\d+) real seconds/.exec(result.stdout);
  if (!m)
    throw new Error(
      `openssl s_time printed no result: ${result.stdout.slice(-500)} ${result.stderr.slice(-500)}`,
    );
  const times = result.stdout.split('\n').filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const cpu = (times[1] ?? '')
    .trim()
    .split(' ')
    .map((t) => /(\d+)m([\d.]+)s/.exec(t))
    .reduce((sum, mm) => sum + (mm ? Number(mm[1]) * 60 + Number(mm[2]) : 0), 0);
  // s_time stops at a whole second of time(2) and prints whole seconds: the run's own wall time is truer.
  const handshakes = Number(m[1]);
  const wall = result.wallMs / 1000;
  return { handshakes, failed: 0, seconds: wall, rate: handshakes / wall, cpuSeconds: cpu };
}

/** A shell loop of `openssl s_client`, verifying the chain and the name: one process per check. */
export async function sClientLoop(
  port: number,
  rootsFile: string,
  seconds: number,
): Promise<PeerResult | Skipped> {
  const openssl = which('openssl');
  if (!openssl) return { skipped: 'openssl not found (apt-get install openssl)' };
  const name = `loop.${BENCH_DOMAIN}`;
  const command = `${quote(openssl)} s_client -connect 127.0.0.1:${port} -servername ${name} -verify_hostname ${name} -CAfile ${quote(rootsFile)} -verify_return_error`;
  return fromLoop(await shellLoop(command, seconds));
}

/** A shell loop of check_ssl_cert (monitoring-plugins-contrib), the classic Nagios certificate check. */
export async function checkSslCertLoop(
  port: number,
  rootFile: string,
  seconds: number,
): Promise<PeerResult | Skipped> {
  const bin = findCheckSslCert();
  if (!bin) {
    return { skipped: 'check_ssl_cert not installed (apt-get install monitoring-plugins-contrib)' };
  }
  // It refuses to run without `host` (bind9-host), though with an IP as -H it never calls it.
  if (!which('host'))
    return { skipped: 'check_ssl_cert needs the host command (apt-get install bind9-host)' };
  const name = `nagios.${BENCH_DOMAIN}`;
  // An IP as -H and the name as SNI and pattern: check_ssl_cert then never asks DNS about the bench name.
  // OCSP and SCT checks off: the local chain has no responder and no SCTs (Certwatch's revocation is off too).
  const command = [
    quote(bin),
    '-H 127.0.0.1',
    `-p ${port}`,
    `--sni ${name}`,
    `-m ${name}`,
    '--ignore-host-cn',
    `--rootcert-file ${quote(rootFile)}`,
    '--ignore-ocsp',
    '--ignore-sct',
    '--ignore-maximum-validity',
    '--no-proxy',
    '-t 10',
  ].join(' ');
  return fromLoop(await shellLoop(command, seconds), 'one check_ssl_cert run per check, sequential');
}

export interface Exporter {
  sample(seconds: number): Promise<PeerResult>;
  stop(): Promise<void>;
}

/**
 * blackbox_exporter with a tcp+tls module (CA and server name set, so it verifies like Certwatch), driven
 * through its /probe endpoint at `concurrency` requests in flight, the way Prometheus scrapes it.
 */
export async function startBlackbox(
  port: number,
  rootFile: string,
  concurrency: number,
  workDir: string,
): Promise<Exporter | Skipped> {
  const bin = which('prometheus-blackbox-exporter') ?? which('blackbox_exporter');
  if (!bin)
    return { skipped: 'blackbox_exporter not installed (apt-get install prometheus-blackbox-exporter)' };
  const config = join(workDir, `blackbox-${port}.yml`);
  await writeFile(
    config,
    [
      'modules:',
      '  tls:',
      '    prober: tcp',
      '    timeout: 10s',
      '    tcp:',
      '      preferred_ip_protocol: ip4',
      '      ip_protocol_fallback: false',
      '      tls: true',
      '      tls_config:',
      `        ca_file: ${rootFile}`,
      `        server_name: exporter.${BENCH_DOMAIN}`,
      '',
    ].join('\n'),
  );
  const listenPort = await freePort();
  const child = spawn(
    bin,
    [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${listenPort}`, '--log.level=error'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  if (!(await untilAnswers(listenPort, 10_000))) {
    await stopChild(child);
    throw new Error(`blackbox_exporter did not start: ${stderr.slice(-500)}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const probeOnce = () =>
    new Promise<boolean>((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: listenPort, path: `/probe?module=tls&target=127.0.0.1:${port}`, agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve(/^probe_success 1$/m.test(body)));
        },
      );
      req.on('error', () => resolve(false));
    });
  let ok = 0;
  let failed = 0;
  const loop = (ms: number) =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        const until = performance.now() + ms;
        while (performance.now() < until) {
          if (await probeOnce()) ok++;
          else failed++;
        }
      }),
    );
  await loop(500); // warm-up: keep-alive connections, Go's scheduler
  return {
    async sample(seconds) {
      ok = 0;
      failed = 0;
      const cpu0 = cpuSecondsOf(child.pid!);
      const t0 = performance.now();
      await loop(seconds * 1000);
      const wall = (performance.now() - t0) / 1000;
      return {
        handshakes: ok,
        failed,
        seconds: wall,
        rate: ok / wall,
        cpuSeconds: cpuSecondsOf(child.pid!) - cpu0,
        ...(failed
          ? { firstFailure: 'probe_success 0 (run the exporter by hand with --log.level=debug)' }
          : {}),
      };
    },
    async stop() {
      agent.destroy();
      await stopChild(child);
    },
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts TCP on 127.0.0.1:port. */
export async function untilAnswers(port: number, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}
