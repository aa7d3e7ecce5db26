// The self-test behind `certwatch doctor` and the app's start-up check: the real probe against a loopback TLS
// server with a freshly minted chain (one good, one expired, one wrong-name endpoint), plus what decides
// whether checks and alerts work on this computer: TLS profile, trust store, notification route, proxy.
// Everything platform-specific is passed in, so the CLI and the app share this module.
import { activeTlsProfile } from '../probe/tls-profile';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { probe as realProbe, type ProbeOptions } from '../probe/probe';
import { createTrustStore } from '../probe/trust';
import type { ProbeResult, ProblemCode, Status, Target } from '../../shared/types';
import type { Lookup } from '../probe/resolve';
import { mintSelfTestPki, SELFTEST_NAMES, type SelfTestPki } from './pki';
import type { CheckLevel, DoctorCheck, DoctorReport } from '../../shared/doctor-report';

export type { CheckLevel, DoctorCheck, DoctorReport };

/** The TLS settings the probe's client uses (main/core/probe/tls-profile.ts's activeTlsProfile() once it exists). */
export interface TlsProfileInfo {
  name: 'openssl' | 'boringssl';
  ciphers: string;
  sigalgs?: string;
}

export interface TrustInfo {
  /** Where the anchors come from, with how many each gave (e.g. Node's bundled roots, the OS store, --ca). */
  sources: { name: string; count: number }[];
  /** Distinct anchors the probe trusts. */
  size: number;
  /** Anchors this runtime could not parse and left out; undefined when this build does not count them. */
  skipped?: number;
}

export interface RouteInfo {
  level: CheckLevel;
  detail: string;
}

export interface DoctorDeps {
  /** Which TLS profile the probe uses. Default: the OpenSSL profile handshake.ts uses today. */
  tlsProfile?: () => TlsProfileInfo;
  trustInfo: () => TrustInfo;
  /** How notifications reach the user here (D-Bus + notify-send, Electron's Notification, …). */
  notificationRoute: () => RouteInfo | Promise<RouteInfo>;
  /** The proxy checks go through. */
  proxy: () => RouteInfo | Promise<RouteInfo>;
  /** "Node 20.19.1, OpenSSL 3.0.15": which runtime runs the probe. Default: process.versions. */
  runtime?: () => string;
  now?: () => number;
  /** The engine under test; the real probe unless a test swaps it to prove the self-test catches a bad one. */
  probe?: (target: Target, options: ProbeOptions) => Promise<ProbeResult>;
  /** Per probe case; generous, since a loaded laptop at start-up is slow. Default 10 s. */
  timeoutMs?: number;
}

export function runtimeDescription(versions: NodeJS.ProcessVersions = process.versions): string {
  const v = versions as NodeJS.ProcessVersions & { electron?: string; bun?: string; boringssl?: string };
  const parts: string[] = [];
  if (v.electron) parts.push(`Electron ${v.electron}`);
  if (v.bun) parts.push(`Bun ${v.bun}`);
  parts.push(`Node ${v.node}`);
  if (v.boringssl) parts.push(`BoringSSL ${v.boringssl}`);
  else if (v.openssl && v.openssl !== '0.0.0') parts.push(`OpenSSL ${v.openssl}`);
  return parts.join(', ');
}

interface Case {
  id: string;
  label: string;
  name: string;
  /** What a correct engine says about this endpoint. */
  expect: { status: Status; code?: ProblemCode };
  /** The sentence shown when a correct verdict came out. */
  good: string;
  /** The test certificate, as a sentence begins: "an expired test certificate". */
  what: string;
}

const CASES: Case[] = [
  {
    id: 'probe-valid',
    label: 'Probe: valid certificate',
    name: SELFTEST_NAMES.good,
    expect: { status: 'ok' },
    good: 'a valid chain from a test server on 127.0.0.1 came out OK',
    what: 'a valid test certificate',
  },
  {
    id: 'probe-expired',
    label: 'Probe: expired certificate',
    name: SELFTEST_NAMES.expired,
    expect: { status: 'expired', code: 'EXPIRED' },
    good: 'an expired certificate came out expired',
    what: 'an expired test certificate',
  },
  {
    id: 'probe-wrong-name',
    label: 'Probe: certificate for another name',
    name: SELFTEST_NAMES.wrongName,
    expect: { status: 'invalid', code: 'HOSTNAME_MISMATCH' },
    good: 'a certificate issued for another name came out invalid',
    what: 'a test certificate issued for another name',
  },
];

/** A loopback server answering each self-test name (by SNI) with its certificate. */
async function startServer(pki: SelfTestPki): Promise<{ port: number; close(): Promise<void> }> {
  const contexts = new Map<string, tls.SecureContext>([
    [SELFTEST_NAMES.good, tls.createSecureContext({ key: pki.good.keyPem, cert: pki.good.certPem })],
    [SELFTEST_NAMES.expired, tls.createSecureContext({ key: pki.expired.keyPem, cert: pki.expired.certPem })],
    [
      SELFTEST_NAMES.wrongName,
      tls.createSecureContext({ key: pki.wrongName.keyPem, cert: pki.wrongName.certPem }),
    ],
  ]);
  const server = tls.createServer({
    key: pki.good.keyPem,
    cert: pki.good.certPem,
    SNICallback: (name, cb) => cb(null, contexts.get(name) ?? contexts.get(SELFTEST_NAMES.good)),
  });
  // The probe closes after the handshake; a reset or an abort on our side is no concern of the self-test.
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function verdictText(result: ProbeResult): string {
  const first = result.problems[0];
  return first ? `${result.status} (${first.code}: ${first.message})` : result.status;
}

function judgeCase(c: Case, result: ProbeResult): DoctorCheck {
  const codeOk = !c.expect.code || result.problems.some((p) => p.code === c.expect.code);
  if (result.status === c.expect.status && codeOk)
    return { id: c.id, label: c.label, level: 'ok', detail: c.good };
  const detail =
    result.status === 'error'
      ? `could not check a test server on 127.0.0.1: ${result.problems[0]?.message ?? 'unknown error'}`
      : `${c.what} came out ${verdictText(result)}, not ${c.expect.status}${c.expect.code ? ` (${c.expect.code})` : ''}`;
  return { id: c.id, label: c.label, level: 'fail', detail };
}

async function probeChecks(deps: DoctorDeps, now: () => number): Promise<DoctorCheck[]> {
  let pki: SelfTestPki;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    pki = await mintSelfTestPki(now());
    server = await startServer(pki);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return [
      {
        id: 'probe-server',
        label: 'Probe: test server',
        level: 'fail',
        detail: `could not start a TLS test server on 127.0.0.1: ${e.code ?? e.message}`,
      },
    ];
  }
  // Only the self-test's own names, only to 127.0.0.1: the machine's resolver is never asked.
  const lookup: Lookup = async (host) => {
    if ((Object.values(SELFTEST_NAMES) as string[]).includes(host))
      return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`${host} is not a self-test name`), { code: 'ENOTFOUND' });
  };
  const trust = createTrustStore([pki.rootPem]);
  const probe = deps.probe ?? realProbe;
  try {
    const out: DoctorCheck[] = [];
    for (const c of CASES) {
      const target: Target = { input: `${c.name}:${server.port}`, host: c.name, port: server.port };
      const result = await probe(target, {
        trust,
        lookup,
        now,
        timeoutMs: deps.timeoutMs ?? 10_000,
        checkRevocation: false, // the test chain names no responder; revocation is not what this proves
        proxy: { noProxy: [] }, // loopback, never through a proxy
      });
      out.push(judgeCase(c, result));
    }
    return out;
  } finally {
    await server.close();
  }
}

/** Whether this runtime's TLS library accepts the profile (BoringSSL refuses OpenSSL-only cipher syntax). */
function tlsProfileCheck(profile: TlsProfileInfo): DoctorCheck {
  const what = `${profile.name} profile, ciphers ${profile.ciphers}${profile.sigalgs ? `, sigalgs ${profile.sigalgs}` : ''}`;
  try {
    tls.createSecureContext({
      ciphers: profile.ciphers,
      ...(profile.sigalgs ? { sigalgs: profile.sigalgs } : {}),
      minVersion: 'TLSv1',
    });
    return { id: 'tls-profile', label: 'TLS profile', level: 'ok', detail: what };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return {
      id: 'tls-profile',
      label: 'TLS profile',
      level: 'fail',
      detail: `${what}: this runtime's TLS library refuses it (${e.code ?? e.message})`,
    };
  }
}

function trustCheck(info: TrustInfo): DoctorCheck {
  const sources = info.sources.map((s) => `${s.name} ${s.count}`).join(', ');
  const skipped =
    info.skipped === undefined
      ? ''
      : info.skipped === 0
        ? '; none skipped'
        : `; ${info.skipped} skipped (this runtime cannot read them)`;
  if (info.size === 0)
    return {
      id: 'trust-store',
      label: 'Trust store',
      level: 'fail',
      detail: `no trusted roots (${sources || 'no source'}): every public certificate would read as untrusted`,
    };
  return {
    id: 'trust-store',
    label: 'Trust store',
    level: info.skipped ? 'warn' : 'ok',
    detail: `${info.size} trusted roots (${sources})${skipped}`,
  };
}

async function guarded(
  id: string,
  label: string,
  fn: () => RouteInfo | Promise<RouteInfo>,
): Promise<DoctorCheck> {
  try {
    return { id, label, ...(await fn()) };
  } catch (error) {
    return { id, label, level: 'fail', detail: `could not be determined: ${(error as Error).message}` };
  }
}

/** Runs every check; never throws. Probe cases run one after another on one loopback server. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const now = deps.now ?? Date.now;
  const ranAt = new Date(now()).toISOString();
  const checks: DoctorCheck[] = [
    { id: 'runtime', label: 'Runtime', level: 'ok', detail: (deps.runtime ?? runtimeDescription)() },
    tlsProfileCheck((deps.tlsProfile ?? activeTlsProfile)()),
  ];
  const probes = await probeChecks(deps, now);
  checks.push(...probes);
  let trust: DoctorCheck;
  try {
    trust = trustCheck(deps.trustInfo());
  } catch (error) {
    trust = {
      id: 'trust-store',
      label: 'Trust store',
      level: 'fail',
      detail: `could not be read: ${(error as Error).message}`,
    };
  }
  checks.push(
    trust,
    await guarded('notifications', 'Notifications', deps.notificationRoute),
    await guarded('proxy', 'Proxy', deps.proxy),
  );
  const brokenProbe = probes.find((c) => c.level === 'fail');
  const brokenProfile = checks.find((c) => c.id === 'tls-profile' && c.level === 'fail');
  return {
    checks,
    failed: checks.some((c) => c.level === 'fail'),
    probeFailure: brokenProbe ? brokenProbe.detail : brokenProfile ? brokenProfile.detail : null,
    ranAt,
  };
}
