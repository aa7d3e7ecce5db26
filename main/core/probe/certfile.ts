// Judges a local certificate file (a PEM bundle of one or many certificates, or one DER certificate) like an
// endpoint, with no network: every certificate's dates count, and the one that expires first decides.
import { readRegularFile } from './bounded-read';
import { X509Certificate } from 'node:crypto';
import { certsFromPem, parseCert, toCertInfo, type ParsedCert } from './certinfo';
import { expiryStanding, type ExpiryPolicy } from './expiry-standing';
import { renewalOverdue } from './renewal';
import { relativeSpan } from '../../shared/days';
import { worstStatus } from './status';
import { daysUntil } from './time';
import type { CertInfo, CertRole, Problem, ProbeResult, Status, Target } from '../../shared/types';

/** Certificate bundles are kilobytes (a full CA bundle is ~250 KB); a larger file is almost certainly the wrong path. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface FileProbeOptions {
  now: () => number;
  thresholds: ExpiryPolicy;
  signal?: AbortSignal;
}

const cn = (c: ParsedCert) => /CN=([^,]+)/.exec(c.info.subject)?.[1] ?? c.info.subject;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Non-CA certificates are leaves; a CA is a root when self-signed, otherwise an intermediate. */
function roleOf(c: ParsedCert): CertRole {
  if (!c.info.isCA) return 'leaf';
  return c.info.selfSigned ? 'root' : 'intermediate';
}

/** No hostname or trust checks: a file is not served under a name, and bundles of private roots are normal. */
export async function probeFile(target: Target, options: FileProbeOptions): Promise<ProbeResult> {
  const path = target.file ?? target.host;
  const started = options.now();
  const t0 = performance.now();
  const base = {
    target: target.input,
    host: target.host,
    port: target.port,
    file: path,
    checkedAt: new Date(started).toISOString(),
  };
  const loaded = await load(path, options.signal);
  const durationMs = () => Math.round(performance.now() - t0);
  if ('error' in loaded) {
    return {
      ...base,
      status: 'error',
      daysLeft: null,
      notAfter: null,
      chainEarliestNotAfter: null,
      problems: [{ code: 'FILE_UNREADABLE', message: loaded.error }],
      notes: [],
      endpoints: [],
      chain: [],
      tls: null,
      durationMs: durationMs(),
    };
  }

  const now = options.now();
  const parsed = loaded.certs.map(parseCert);
  const problems: Problem[] = [];
  for (const c of parsed) {
    const label = parsed.length > 1 ? `The certificate "${cn(c)}" in the file` : 'The certificate';
    if (c.notAfter <= now)
      problems.push({
        code: 'EXPIRED',
        message: `${label} expired on ${day(c.notAfter)} (${relativeSpan(c.notAfter, now)}).`,
      });
    if (c.notBefore > now)
      problems.push({ code: 'NOT_YET_VALID', message: `${label} is not valid until ${day(c.notBefore)}.` });
  }
  const soonest = [...parsed].sort((a, b) => a.notAfter - b.notAfter)[0]!;
  const statuses: Status[] = [
    expiryStanding(soonest.notAfter, soonest.notBefore, options.thresholds, now).status,
  ];
  const overdue = renewalOverdue(soonest.info, now);
  if (overdue) problems.push(overdue);
  if (problems.some((p) => p.code === 'NOT_YET_VALID')) statuses.push('invalid');
  const status = worstStatus(statuses);
  const chain: CertInfo[] = parsed.map((c) => toCertInfo(c, roleOf(c), false));
  const notAfter = soonest.info.notAfter;
  const daysLeft = daysUntil(soonest.notAfter, now);
  return {
    ...base,
    status,
    daysLeft,
    notAfter,
    chainEarliestNotAfter: notAfter,
    problems,
    notes: [],
    endpoints: [
      {
        address: path,
        family: 4,
        status,
        daysLeft,
        notAfter,
        chainEarliestNotAfter: notAfter,
        // The certificate that expires first stands for the file, so replacing it reads as a renewal.
        fingerprint256: soonest.info.fingerprint256,
        problems,
        notes: [],
        chain,
        tls: null,
        durationMs: durationMs(),
      },
    ],
    chain,
    tls: null,
    durationMs: durationMs(),
  };
}

async function load(
  path: string,
  signal?: AbortSignal,
): Promise<{ certs: X509Certificate[] } | { error: string }> {
  let data: Buffer;
  try {
    const read = await readRegularFile(path, {
      maxBytes: MAX_FILE_BYTES,
      what: 'a certificate file',
      hint: 'name a PEM or DER file',
      signal,
    });
    if ('error' in read) return read;
    data = read;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return { error: `Reading the certificate file ${path} took too long.` };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: `The certificate file ${path} does not exist.` };
    if (code === 'ENOTDIR')
      return { error: `The certificate file ${path} does not exist (a parent is not a folder).` };
    if (code === 'EACCES' || code === 'EPERM')
      return { error: `The certificate file ${path} cannot be read (permission denied).` };
    if (code === 'ABORT_ERR') return { error: `Reading the certificate file ${path} took too long.` };
    if (code === 'EAGAIN') return { error: `The certificate file ${path} had nothing to read.` };
    return { error: `The certificate file ${path} cannot be read (${code ?? (error as Error).message}).` };
  }
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    try {
      return { certs: certsFromPem(text) };
    } catch {
      return { error: `${path} holds a PEM certificate block that cannot be decoded.` };
    }
  }
  try {
    // No PEM armour: a single DER certificate (.cer/.der) is the other common form.
    return { certs: [new X509Certificate(data)] };
  } catch {
    return {
      error: `${path} holds no certificate (expected PEM "BEGIN CERTIFICATE" blocks or one DER certificate).`,
    };
  }
}
