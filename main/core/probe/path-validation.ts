// RFC 5280 checks on the path a client builds, each failure with its own code and a sentence naming the
// certificate at fault: issuer constraints (basicConstraints, pathLen, keyUsage, name constraints), validity of
// every certificate, TLS server purpose (EKU/keyUsage) and names from subjectAltName only (no CN fallback).
// Signatures are checked while the path is built (trust.ts); PKI.js re-validates the whole path (pkix-check.ts).
import 'reflect-metadata';
import { BlockList, isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import * as px from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  NameConstraints,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_nameConstraints,
  id_ce_subjectAltName,
  type GeneralSubtrees,
} from '@peculiar/asn1-x509';
import { asnCertificate, CertExtensions } from './cert-extensions';
import { parseCert } from './certinfo';
import type { CertRole, Problem } from '../../shared/types';

export interface PathCert {
  cert: X509Certificate;
  fromTrustStore: boolean;
  sentIndex: number;
  /** Fetched through the caIssuers URL of the certificate below it (aia-fetch.ts). */
  fetched?: boolean;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cnOf = (subject: string) => /CN=([^,\n]+)/.exec(subject)?.[1] ?? subject;

/** Never throws: a malformed extension reads as absent and the other checks still run. */
function ext<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function extensionsOf(cert: X509Certificate): CertExtensions | undefined {
  return ext(() => new CertExtensions(asnCertificate(cert)));
}

interface SanNames {
  dns: string[];
  ip: string[];
  present: boolean;
}

/** What the checks below read from one certificate's extensions (undefined: absent or unreadable). */
interface CertFacts {
  san: SanNames;
  eku?: string[];
  keyUsage?: number;
  basic?: { ca: boolean; pathLength?: number };
  nameConstraints?: { critical: boolean; parsed?: NameConstraints };
}

/**
 * Extensions read once per certificate (by fingerprint, so the same bytes always give the same facts): parsing
 * them is most of a verdict's cost, and a watchlist re-checks the same leaves and intermediates all day.
 */
const factsCache = new Map<string, CertFacts>();
const FACTS_CACHE_LIMIT = 4000;

function certFacts(cert: X509Certificate): CertFacts {
  const key = cert.fingerprint256;
  const hit = factsCache.get(key);
  if (hit) return hit;
  // Each extension read on its own: one that does not parse reads as absent without hiding the others.
  const pc = extensionsOf(cert);
  const eku = pc && ext(() => pc.get(px.ExtendedKeyUsageExtension, id_ce_extKeyUsage));
  const ku = pc && ext(() => pc.get(px.KeyUsagesExtension, id_ce_keyUsage));
  const bc = pc && ext(() => pc.get(px.BasicConstraintsExtension, id_ce_basicConstraints));
  const nc = pc && ext(() => pc.generic(id_ce_nameConstraints));
  const facts: CertFacts = {
    san: sanNames(pc),
    ...(eku ? { eku: ext(() => eku.usages.map(String)) ?? [] } : {}),
    ...(ku ? { keyUsage: ku.usages } : {}),
    ...(bc
      ? { basic: { ca: bc.ca, ...(bc.pathLength !== undefined ? { pathLength: bc.pathLength } : {}) } }
      : {}),
    ...(nc
      ? {
          nameConstraints: {
            critical: nc.critical,
            parsed: ext(() => AsnConvert.parse(nc.value, NameConstraints)),
          },
        }
      : {}),
  };
  if (factsCache.size >= FACTS_CACHE_LIMIT) factsCache.delete(factsCache.keys().next().value as string);
  factsCache.set(key, facts);
  return facts;
}

function sanNames(pc: CertExtensions | undefined): SanNames {
  const san = pc && ext(() => pc.get(px.SubjectAlternativeNameExtension, id_ce_subjectAltName));
  const items = san ? (ext(() => san.names.items) ?? []) : [];
  return {
    present: !!san,
    dns: items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
    ip: items.filter((n) => n.type === 'ip').map((n) => n.value),
  };
}

/**
 * The name check browsers make: subjectAltName only. The Common Name is ignored (Chrome 58, Firefox 48 and
 * RFC 6125 §6.4.4 for certificates that carry any SAN), so a CN-only certificate matches nothing.
 */
export function nameProblem(leaf: X509Certificate, checkedName: string): Problem | undefined {
  const names = certFacts(leaf).san;
  const ip = isIP(checkedName) !== 0;
  if (!names.present) {
    const cn = cnOf(leaf.subject);
    return {
      code: 'MISSING_SAN',
      message: `The certificate names "${cn}" only in its Common Name and has no subjectAltName; browsers ignore the Common Name, so they refuse it for ${checkedName}. Reissue it with ${checkedName} as a subjectAltName (every CA and ACME client does this by default).`,
    };
  }
  let matches = false;
  try {
    matches = ip
      ? leaf.checkIP(checkedName) !== undefined
      : leaf.checkHost(checkedName, { subject: 'never', partialWildcards: false }) !== undefined;
  } catch {
    matches = false;
  }
  if (matches) return undefined;
  const listed = [...names.dns, ...names.ip];
  return {
    code: 'HOSTNAME_MISMATCH',
    message: `The certificate is for ${listed.length ? listed.join(', ') : 'no DNS name or IP address'}, not for ${checkedName}; browsers and clients will refuse it.`,
  };
}

/** The role a certificate plays on the path, for sentences. */
export function pathRole(path: PathCert[], i: number): CertRole {
  if (i === 0) return 'leaf';
  const p = path[i]!;
  return p.fromTrustStore || (i === path.length - 1 && parseCert(p.cert).info.selfSigned)
    ? 'root'
    : 'intermediate';
}

function label(path: PathCert[], i: number): string {
  const role = pathRole(path, i);
  return role === 'leaf'
    ? `The server's certificate "${cnOf(path[0]!.cert.subject)}"`
    : `The ${role} certificate "${cnOf(path[i]!.cert.subject)}"`;
}

/**
 * Every check RFC 5280 §6.1 and the CA/Browser Forum put on the path except signatures (verified while the path
 * was built) and the leaf's own dates (verdict.ts). `anchored` means the last certificate is a trust anchor.
 */
export function pathProblems(path: PathCert[], now: number, checkedName: string): Problem[] {
  const problems: Problem[] = [];
  const add = (code: Problem['code'], message: string) => problems.push({ code, message });
  const parsed = path.map((p) => certFacts(p.cert));
  // A copy: the facts are cached and shared, and the leaf's names may get the checked name added below.
  const leafNames = { ...parsed[0]!.san, dns: [...parsed[0]!.san.dns], ip: [...parsed[0]!.san.ip] };
  if (leafNames.dns.length === 0 && leafNames.ip.length === 0 && !leafNames.present) {
    // Name constraints then apply to the name the client asked for (as Chrome does for CN-only leaves).
    if (isIP(checkedName)) leafNames.ip.push(checkedName);
    else leafNames.dns.push(checkedName.toLowerCase());
  }

  path.forEach((p, i) => {
    const facts = parsed[i]!;
    const who = label(path, i);
    const role = pathRole(path, i);
    const isAnchor = p.fromTrustStore || (i === path.length - 1 && role === 'root');

    // Validity of every issuer (the leaf's dates and an expired issuer are judged in verdict.ts).
    if (i > 0) {
      const notBefore = Date.parse(p.cert.validFrom);
      if (notBefore > now)
        add(
          'CHAIN_NOT_YET_VALID',
          `${who} in the chain is not valid until ${day(notBefore)}; clients refuse the whole chain. Serve the CA's current ${role} certificate instead (or check this computer's clock).`,
        );
    }

    // Purpose: TLS server authentication. An EKU, where present, must allow it on the leaf and on every CA
    // below the anchor (OpenSSL's -purpose sslserver and Chrome both chain EKUs).
    if (!isAnchor) {
      const usages = facts.eku;
      if (usages && !usages.includes(SERVER_AUTH) && !usages.includes(ANY_EKU)) {
        add(
          'WRONG_EKU',
          i === 0
            ? `${who} is not for TLS servers: its extendedKeyUsage allows only ${describeEku(usages)}. Reissue it with serverAuth (TLS Web Server Authentication).`
            : `${who} may not issue TLS server certificates: its extendedKeyUsage allows only ${describeEku(usages)}. The CA must issue from an intermediate that allows serverAuth.`,
        );
      }
    }

    const ku = facts.keyUsage;
    if (i === 0) {
      const tlsUses =
        px.KeyUsageFlags.digitalSignature | px.KeyUsageFlags.keyEncipherment | px.KeyUsageFlags.keyAgreement;
      if (ku !== undefined && (ku & tlsUses) === 0)
        add(
          'WRONG_KEY_USAGE',
          `${who} has a keyUsage that allows neither digitalSignature nor keyEncipherment, so its key may not be used for TLS. Reissue it with the usual server key usages.`,
        );
      return;
    }

    // Issuer constraints (§6.1.4). A trust anchor without basicConstraints is a legacy v1 root: accepted, as
    // OpenSSL and browsers do; an anchor that says CA:FALSE is still refused.
    const bc = facts.basic;
    if (!(isAnchor && !bc) && !bc?.ca) {
      add(
        'ISSUER_NOT_CA',
        `${who} signs "${cnOf(path[i - 1]!.cert.subject)}" but is not a CA (its basicConstraints ${bc ? 'say CA:FALSE' : 'are missing'}); clients refuse certificates it issued. Use the CA's real intermediate certificate; a leaf certificate cannot issue others.`,
      );
    }
    if (ku !== undefined && (ku & px.KeyUsageFlags.keyCertSign) === 0) {
      add(
        'WRONG_KEY_USAGE',
        `${who} signs "${cnOf(path[i - 1]!.cert.subject)}" but its keyUsage lacks keyCertSign, so clients refuse the certificates it issued. The CA must reissue it with keyCertSign.`,
      );
    }
    // pathLenConstraint counts the non-self-issued intermediates below this CA (the leaf excluded).
    const pathLen = bc?.pathLength;
    if (bc?.ca && pathLen !== undefined) {
      const below = path.slice(1, i).filter((q) => q.cert.subject !== q.cert.issuer).length;
      if (below > pathLen)
        add(
          'PATH_LENGTH_EXCEEDED',
          `${who} allows at most ${pathLen} intermediate certificate${pathLen === 1 ? '' : 's'} below it (pathLenConstraint), but the path has ${below}; clients refuse it. The CA must issue from a path its constraints allow.`,
        );
    }

    // Name constraints: each CA's subtrees apply to every name below it (DNS and IP; other forms are left to
    // the PKI.js pass). Checking each CA on its own gives the intersection RFC 5280 asks for.
    const nc = facts.nameConstraints;
    if (nc) {
      const constraints = nc.parsed;
      if (!constraints) {
        if (nc.critical)
          add(
            'PATH_INVALID',
            `${who} has name constraints Certwatch cannot read; clients refuse a path with an unreadable critical extension.`,
          );
        return;
      }
      for (let j = 0; j < i; j++) {
        const names = j === 0 ? leafNames : parsed[j]!.san;
        const subject = j === 0 ? 'the certificate' : label(path, j).replace(/^The/, 'the');
        const bad = constraintViolation(names, constraints);
        if (!bad) continue;
        add(
          bad.kind === 'excluded' ? 'NAME_EXCLUDED' : 'NAME_NOT_PERMITTED',
          bad.kind === 'excluded'
            ? `${who} excludes ${bad.name} in its name constraints, so clients refuse ${subject} for it. Get the certificate from a CA allowed to issue for that name.`
            : `${who} may issue only for ${bad.allowed} (name constraints), not for ${bad.name}, so clients refuse ${subject}. Get the certificate from a CA allowed to issue for that name.`,
        );
        break;
      }
    }
  });
  return problems;
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
};

function describeEku(usages: string[]): string {
  return usages.length ? usages.map((u) => EKU_NAMES[u] ?? u).join(', ') : 'nothing';
}

type Violation =
  { kind: 'excluded'; name: string } | { kind: 'not-permitted'; name: string; allowed: string };

function subtreesOf(list: GeneralSubtrees | undefined) {
  const dns: string[] = [];
  const ip = new BlockList();
  const ipText: string[] = [];
  for (const st of list ?? []) {
    if (st.base.dNSName !== undefined) dns.push(st.base.dNSName.toLowerCase());
    if (st.base.iPAddress !== undefined) {
      const cidr = /^([^/]+)\/(\d+)$/.exec(st.base.iPAddress);
      if (cidr) {
        const family = isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4';
        ip.addSubnet(cidr[1]!, Number(cidr[2]), family);
        ipText.push(st.base.iPAddress);
      }
    }
  }
  return { dns, ip, ipText };
}

/** RFC 5280 §4.2.1.10: "example.com" covers itself and every subdomain; ".example.com" only subdomains. */
function dnsWithin(name: string, base: string): boolean {
  const n = name.replace(/\.$/, '');
  const b = base.replace(/\.$/, '');
  if (b === '') return true;
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function ipWithin(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

function constraintViolation(
  names: { dns: string[]; ip: string[] },
  nc: NameConstraints,
): Violation | undefined {
  const permitted = subtreesOf(nc.permittedSubtrees);
  const excluded = subtreesOf(nc.excludedSubtrees);
  for (const name of names.dns) {
    if (excluded.dns.some((b) => dnsWithin(name, b))) return { kind: 'excluded', name };
    if (permitted.dns.length && !permitted.dns.some((b) => dnsWithin(name, b)))
      return { kind: 'not-permitted', name, allowed: permitted.dns.join(', ') };
  }
  for (const address of names.ip) {
    if (excluded.ipText.length && ipWithin(excluded.ip, address)) return { kind: 'excluded', name: address };
    if (permitted.ipText.length && !ipWithin(permitted.ip, address))
      return { kind: 'not-permitted', name: address, allowed: permitted.ipText.join(', ') };
  }
  return undefined;
}
