// A second, independent RFC 5280 §6 validation of the built path with PKI.js's CertificateChainValidationEngine
// (signatures through WebCrypto, validity, CA flags, policy processing, name constraints of every form).
// path-validation.ts names each failure it knows; this pass catches what it does not (policy constraints,
// directoryName/email constraints, unreadable critical extensions). Never throws.
import { webcrypto, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { worstStatus } from './status';
import type { Note, Problem, ProblemCode, Status } from '../../shared/types';

export type PkixOutcome =
  | { kind: 'valid' }
  | { kind: 'invalid'; reason: string }
  /** PKI.js could not verify a signature (algorithm unknown to WebCrypto); Node verified the path already. */
  | { kind: 'uncheckable'; reason: string };

let engine: pkijs.CryptoEngine | undefined;

/** PKI.js over Node's WebCrypto, passed per call so no global engine is set for other users of pkijs. */
function cryptoEngine(): pkijs.CryptoEngine {
  engine ??= new pkijs.CryptoEngine({
    name: 'node-webcrypto',
    crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
  });
  return engine;
}

function toPkijs(cert: X509Certificate): pkijs.Certificate {
  const asn = asn1js.fromBER(new Uint8Array(cert.raw));
  return new pkijs.Certificate({ schema: asn.result });
}

/** Result codes PKI.js uses for failures path-validation.ts and verdict.ts already name in their own words. */
const NAMED_ELSEWHERE = new Set([3, 4, 8, 14]);

/**
 * `path` is leaf first, ending at the trust anchor; a path of one (a trusted leaf) is valid. Failures the named
 * checks report in their own words count as valid here, so one fault never reads as two problems.
 */
export async function pkixValidate(path: X509Certificate[], now: number): Promise<PkixOutcome> {
  if (path.length < 2) return { kind: 'valid' };
  const key = memoKey(path, now);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) return hit;
  const outcome = validateUncached(path, now);
  if (key !== undefined) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, outcome);
  }
  return outcome;
}

/**
 * Outcomes by path, once per distinct chain: a watchlist's sites share a few chains, and a list of names on one
 * server all get the same one. PKI.js compares the check date only with each certificate's validity, so the
 * outcome is the same for any moment at which the same certificates are in their validity windows; the key is
 * the fingerprints and that pattern. Within a second of any certificate's notBefore or notAfter nothing is
 * remembered, so rounding (UTCTime has seconds) can never pick a stale answer.
 */
const memo = new Map<string, Promise<PkixOutcome>>();
const MEMO_LIMIT = 1000;

function memoKey(path: X509Certificate[], now: number): string | undefined {
  let key = '';
  for (const cert of path) {
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
    if (Math.abs(now - from) < 1000 || Math.abs(now - to) < 1000) return undefined;
    key += `${cert.fingerprint256}:${now < from ? 'before' : now > to ? 'after' : 'in'}/`;
  }
  return key;
}

async function validateUncached(path: X509Certificate[], now: number): Promise<PkixOutcome> {
  try {
    const certs = path.map(toPkijs);
    const validator = new pkijs.CertificateChainValidationEngine({
      trustedCerts: [certs[certs.length - 1]!],
      // The engine takes the last certificate of trusted + certs as the end entity.
      certs: certs.slice(0, -1).reverse(),
      checkDate: new Date(now),
    });
    const result = await validator.verify({}, cryptoEngine());
    if (result.result) return { kind: 'valid' };
    const code = result.resultCode;
    // No path, or an exception inside the engine (its issuer search throws when WebCrypto cannot verify a
    // signature: brainpool, DSA, MD5…). Node already verified every signature while building the path.
    if (
      code === pkijs.ChainValidationCode.noPath ||
      code === pkijs.ChainValidationCode.noValidPath ||
      code === pkijs.ChainValidationCode.unknown
    )
      return { kind: 'uncheckable', reason: result.resultMessage };
    if (NAMED_ELSEWHERE.has(code)) return { kind: 'valid' };
    return { kind: 'invalid', reason: result.resultMessage };
  } catch (error) {
    return { kind: 'uncheckable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Codes that already say the path is refused: PKI.js refusing it too adds nothing. */
const PATH_CODES = new Set<ProblemCode>([
  'SELF_SIGNED',
  'UNTRUSTED_ROOT',
  'INCOMPLETE_CHAIN',
  'CHAIN_EXPIRED',
  'CHAIN_NOT_YET_VALID',
  'EXPIRED',
  'NOT_YET_VALID',
  'WRONG_EKU',
  'WRONG_KEY_USAGE',
  'ISSUER_NOT_CA',
  'PATH_LENGTH_EXCEEDED',
  'NAME_NOT_PERMITTED',
  'NAME_EXCLUDED',
  'PATH_INVALID',
]);

interface Judged {
  status: Status;
  problems: Problem[];
  notes: Note[];
}

/** Folds the PKI.js outcome into a verdict: a refusal nobody named yet is PATH_INVALID; uncheckable is a note. */
export function applyPkix<T extends Judged>(verdict: T, outcome: PkixOutcome): T {
  if (outcome.kind === 'valid') return verdict;
  if (outcome.kind === 'uncheckable')
    return {
      ...verdict,
      notes: [
        ...verdict.notes,
        {
          code: 'SIGNATURE_UNCHECKABLE',
          message: `The full RFC 5280 re-validation could not run here: a signature on the chain uses an algorithm this runtime's WebCrypto cannot verify (PKI.js: ${outcome.reason}). The signatures were verified while the path was built and every other check applies.`,
        },
      ],
    };
  if (verdict.problems.some((p) => PATH_CODES.has(p.code))) return verdict;
  return {
    ...verdict,
    status: worstStatus([verdict.status, 'invalid']),
    problems: [
      ...verdict.problems,
      {
        code: 'PATH_INVALID',
        message: `RFC 5280 path validation refuses the chain (${outcome.reason}); strict clients will not connect. Ask the CA which certificate's policies or constraints are at fault.`,
      },
    ],
  };
}
