// Judges what one endpoint served: problems in plain sentences, notes, and a status.
// Everything is derived from the certificates themselves, never from TLS library error strings,
// so the verdict is the same on Node's OpenSSL and Electron's BoringSSL.
import type { X509Certificate } from 'node:crypto';
import { parseCert, toCertInfo, type ParsedCert } from './certinfo';
import type { CertPath, TrustStore } from './trust';
import { buildPathOnce } from './path-memo';
import { nameProblem, pathProblems } from './path-validation';
import { caIssuersUrls, type FetchedIssuer } from './aia-fetch';
import { worstStatus } from './status';
import { daysUntil } from './time';
import { relativeSpan } from '../../shared/days';
import { expiryStanding, type ExpiryPolicy } from './expiry-standing';
import { renewalOverdue } from './renewal';
import type { CertInfo, CertRole, Note, Problem, ProblemCode, Status, Thresholds } from '../../shared/types';

export interface Verdict {
  status: Status;
  daysLeft: number;
  notAfter: string;
  chainEarliestNotAfter: string;
  fingerprint256: string;
  problems: Problem[];
  notes: Note[];
  chain: CertInfo[];
  /** The certificate that signed the leaf on the path (sent or from the trust store), for revocation checks. */
  issuer?: X509Certificate;
  /** The path, leaf first, when it ends at a trust anchor (for the PKI.js pass in pkix-check.ts). */
  anchoredPath?: X509Certificate[];
}

export interface VerdictInput {
  /** Certificates as the server sent them, leaf first. */
  sent: X509Certificate[];
  /** The name the client checks (SNI or host), or the IP literal. */
  checkedName: string;
  trust: TrustStore;
  /** Status thresholds and alert days; expiry-standing.ts scales them to the leaf's lifetime. */
  thresholds: ExpiryPolicy;
  now: number;
  /** Issuers fetched through caIssuers because the server did not send them (aia-fetch.ts). */
  fetched?: FetchedIssuer[];
  /**
   * The path already built from `sent`, `trust` and `fetched` at `now` (aia-fetch.ts builds it to find what is
   * missing), so it is not built twice.
   */
  path?: CertPath;
}

const PROBLEM_STATUS: Partial<Record<ProblemCode, Status>> = {
  EXPIRED: 'expired',
  CHAIN_EXPIRED: 'expired',
  NOT_YET_VALID: 'invalid',
  HOSTNAME_MISMATCH: 'invalid',
  SELF_SIGNED: 'invalid',
  UNTRUSTED_ROOT: 'invalid',
  INCOMPLETE_CHAIN: 'invalid',
  WEAK_KEY: 'invalid',
  WEAK_SIGNATURE: 'invalid',
  SIGNATURE_UNCHECKABLE: 'warning',
  REVOKED: 'invalid',
  ENDPOINT_MISMATCH: 'warning',
  MISSING_SAN: 'invalid',
  WRONG_EKU: 'invalid',
  WRONG_KEY_USAGE: 'invalid',
  ISSUER_NOT_CA: 'invalid',
  PATH_LENGTH_EXCEEDED: 'invalid',
  NAME_NOT_PERMITTED: 'invalid',
  NAME_EXCLUDED: 'invalid',
  CHAIN_NOT_YET_VALID: 'invalid',
  PATH_INVALID: 'invalid',
  // Says where to look; the lifetime clock (expiryStanding) decides the status.
  RENEWAL_OVERDUE: 'ok',
};

/** The status a problem implies on its own; expiry-driven codes are handled by days left. */
export function problemStatus(code: ProblemCode): Status {
  return PROBLEM_STATUS[code] ?? 'error';
}

export function expiryStatus(days: number, msLeft: number, t: Thresholds): Status {
  if (msLeft <= 0) return 'expired';
  if (days < t.criticalDays) return 'critical';
  if (days < t.warningDays) return 'warning';
  return 'ok';
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cn = (c: ParsedCert) => /CN=([^,]+)/.exec(c.info.subject)?.[1] ?? c.info.subject;

export function judge(input: VerdictInput): Verdict {
  const { sent, now, thresholds } = input;
  const parsed = sent.map(parseCert);
  const leaf = parsed[0]!;
  const fetched = input.fetched ?? [];
  const path =
    input.path ??
    buildPathOnce(
      sent,
      input.trust,
      now,
      fetched.map((f) => f.cert),
    );
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const add = (code: ProblemCode, message: string) => problems.push({ code, message });

  // Leaf validity window.
  if (leaf.notAfter <= now) {
    add(
      'EXPIRED',
      `The certificate expired on ${day(leaf.notAfter)} (${relativeSpan(leaf.notAfter, now)}); clients refuse it.`,
    );
  }
  if (leaf.notBefore > now) {
    add(
      'NOT_YET_VALID',
      `The certificate is not valid until ${day(leaf.notBefore)}; either it was deployed too early or this computer's clock is wrong.`,
    );
  }

  // Name: subjectAltName only, never the Common Name (path-validation.ts).
  const badName = nameProblem(leaf.node, input.checkedName);
  if (badName) problems.push(badName);

  // Trust.
  const last = path.certs[path.certs.length - 1]!;
  if (path.end === 'self-signed') {
    add(
      'SELF_SIGNED',
      'The certificate is self-signed, so no client trusts it unless someone adds it by hand.',
    );
  } else if (path.end === 'untrusted-root') {
    add('UNTRUSTED_ROOT', untrustedRoot(cn(parseCert(last.cert))));
  } else if (path.end === 'incomplete') {
    const missing = /CN=([^\n]+)/.exec(last.cert.issuer)?.[1] ?? last.cert.issuer;
    // A missing issuer that names itself a root, with no caIssuers URL to find it by, is a root this computer
    // does not trust (an internal PKI before --ca), not an intermediate the server forgot to send.
    if (/\broot\b/i.test(missing) && !caIssuersUrls(last.cert).length)
      add('UNTRUSTED_ROOT', untrustedRoot(missing));
    else
      add(
        'INCOMPLETE_CHAIN',
        `The server does not send the intermediate certificate issued by "${missing}"; clients without it cached cannot verify the site.`,
      );
  }
  // An issuer Certwatch had to fetch: the path is judged with it (as Chrome does), but Firefox, curl, Java,
  // Python and most other clients do not fetch, so the site fails for them until the server sends it.
  // A fetched root is not something the server should send: only fetched intermediates make the chain incomplete.
  const usedFetched = path.certs.filter((c) => c.fetched && c.cert.subject !== c.cert.issuer);
  if (usedFetched.length) {
    const names = usedFetched.map((c) => `"${cn(parseCert(c.cert))}"`).join(' and ');
    const url = fetched.find((f) => f.cert.fingerprint256 === usedFetched[0]!.cert.fingerprint256)?.url;
    add(
      'INCOMPLETE_CHAIN',
      `The server does not send the intermediate certificate ${names}; Certwatch fetched it from ${url ?? 'the caIssuers URL'} as Chrome does, but Firefox, curl, Java and most other clients cannot verify the site without it.`,
    );
  }

  for (const i of path.unchecked) {
    const signed = path.certs[i]!.cert;
    const signer = path.certs[i + 1]!.cert;
    add(
      'SIGNATURE_UNCHECKABLE',
      `This build of Certwatch cannot check the signature on "${cn(parseCert(signed))}" by "${cn(parseCert(signer))}" (its ${parseCert(signer).info.keyType} key is not supported by this TLS library), so that link of the chain is unconfirmed.`,
    );
  }

  // Every certificate on the path: expiry before the leaf, weak keys and signatures.
  const onPath = path.certs.map((p) => ({ ...p, parsed: parseCert(p.cert) }));
  let earliest = leaf.notAfter;
  onPath.forEach((p, i) => {
    const role: CertRole =
      i === 0 ? 'leaf' : p.parsed.info.selfSigned || p.fromTrustStore ? 'root' : 'intermediate';
    const label = i === 0 ? 'The certificate' : `The ${role} certificate "${cn(p.parsed)}"`;
    earliest = Math.min(earliest, p.parsed.notAfter);
    if (i > 0 && p.parsed.notAfter < leaf.notAfter) {
      const days = daysUntil(p.parsed.notAfter, now);
      if (p.parsed.notAfter <= now)
        add(
          'CHAIN_EXPIRED',
          `${label} in the chain expired on ${day(p.parsed.notAfter)}; clients refuse the whole chain.`,
        );
      else if (days < thresholds.warningDays)
        add(
          'CHAIN_EXPIRING',
          `${label} expires on ${day(p.parsed.notAfter)}, ${relativeSpan(p.parsed.notAfter, now)}, before the site certificate does.`,
        );
      else
        notes.push({
          code: 'INTERMEDIATE_EXPIRES_FIRST',
          message: `${label} expires on ${day(p.parsed.notAfter)}, before the site certificate (${day(leaf.notAfter)}).`,
        });
    }
    const weak = weakKey(p.parsed);
    if (weak) add('WEAK_KEY', `${label} uses a ${weak}; browsers require at least RSA 2048 or EC 256 bits.`);
    const isAnchorSelfSig = role === 'root' && p.parsed.info.selfSigned;
    if (!isAnchorSelfSig && /md2|md5|sha1/i.test(p.parsed.info.signatureAlgorithm)) {
      add(
        'WEAK_SIGNATURE',
        `${label} is signed with ${p.parsed.info.signatureAlgorithm}, which browsers reject as forgeable.`,
      );
    }
  });

  // RFC 5280 issuer constraints, purpose and validity of every certificate on the path (path-validation.ts).
  problems.push(...pathProblems(path.certs, now, input.checkedName));
  const overdue = renewalOverdue(leaf.info, now);
  if (overdue) problems.push(overdue);

  // Notes about what the server sends but clients do not need.
  for (const i of path.unused) {
    const extra = parsed[i]!;
    const state =
      extra.notAfter <= now ? `expired on ${day(extra.notAfter)}` : `valid until ${day(extra.notAfter)}`;
    notes.push({
      code: 'EXTRA_CERTIFICATE',
      message: `The server also sends "${cn(extra)}" (${state}), which is not on the path clients build; it does not affect the verdict but can be removed.`,
    });
  }
  const sentOrder = path.certs.filter((c) => c.sentIndex >= 0).map((c) => c.sentIndex);
  if (sentOrder.some((v, i) => i > 0 && v < sentOrder[i - 1]!)) {
    notes.push({
      code: 'CHAIN_ORDER',
      message: 'The server sends the chain out of order; most clients cope, some older ones do not.',
    });
  }
  if (path.certs.some((c) => c.sentIndex > 0 && parseCert(c.cert).info.selfSigned)) {
    notes.push({
      code: 'SENT_ROOT',
      message:
        'The server sends the root certificate too; clients ignore it, so it only adds bytes to every handshake.',
    });
  }

  const sentOnPath = new Set(path.certs.map((c) => c.sentIndex));
  const chain: CertInfo[] = [
    ...parsed.map((p, i) => {
      const pos = path.certs.findIndex((c) => c.sentIndex === i);
      const role: CertRole = !sentOnPath.has(i)
        ? 'extra'
        : pos === 0
          ? 'leaf'
          : p.info.selfSigned
            ? 'root'
            : 'intermediate';
      return toCertInfo(p, role, false);
    }),
    ...path.certs
      .filter((c) => c.fetched)
      .map((c) =>
        toCertInfo(parseCert(c.cert), c.cert.subject === c.cert.issuer ? 'root' : 'intermediate', false),
      ),
    ...path.certs.filter((c) => c.fromTrustStore).map((c) => toCertInfo(parseCert(c.cert), 'root', true)),
  ];

  const days = daysUntil(leaf.notAfter, now);
  const expiry = expiryStanding(earliest, leaf.notBefore, thresholds, now, leaf.notAfter).status;
  const status = worstStatus([
    expiry,
    ...problems.map((p) => (p.code === 'CHAIN_EXPIRING' ? 'ok' : problemStatus(p.code))),
  ]);
  return {
    status,
    daysLeft: days,
    notAfter: leaf.info.notAfter,
    chainEarliestNotAfter: new Date(earliest).toISOString(),
    fingerprint256: leaf.info.fingerprint256,
    problems,
    notes,
    chain,
    ...(path.certs[1] ? { issuer: path.certs[1].cert } : {}),
    ...(path.end === 'trusted' ? { anchoredPath: path.certs.map((c) => c.cert) } : {}),
  };
}

function untrustedRoot(name: string): string {
  return `The certificate is issued under "${name}", a CA this computer does not trust; if it is your organisation's own CA, add it under Settings → CA bundle (or \`--ca\`).`;
}

function weakKey(c: ParsedCert): string | undefined {
  const { keyType, keySize } = c.info;
  if (keySize === null) return undefined;
  if (/^RSA/.test(keyType) && keySize < 2048) return `${keySize}-bit RSA key`;
  if (/^(EC|DSA)/.test(keyType) && keySize < (keyType.startsWith('DSA') ? 2048 : 256))
    return `${keySize}-bit ${keyType} key`;
  return undefined;
}
