// A second, independent RFC 5280 §6 validation of the built path with PKI.js's CertificateChainValidationEngine
// (signatures through WebCrypto, validity, CA flags, policy processing, name constraints of every form).
// path-validation.ts names each failure it knows; this pass catches what it does not (policy constraints,
// directoryName/email constraints, unreadable critical extensions). Never throws.
import { createHash, webcrypto, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { worstStatus } from './status';
import { pkijsCertificate } from './pkijs-cert';
import type { Note, Problem, ProblemCode, Status } from '../../shared/types';

export type PkixOutcome =
  | { kind: 'valid' }
  | { kind: 'invalid'; reason: string }
  /** PKI.js could not verify a signature (algorithm unknown to WebCrypto); Node verified the path already. */
  | { kind: 'uncheckable'; reason: string };

/**
 * PKI.js over Node's WebCrypto, remembering each signature it has verified: the same signed bytes, signature and
 * key always give the same answer, and every leaf under one intermediate repeats the intermediate → root link.
 */
class RememberingEngine extends pkijs.CryptoEngine {
  private readonly verified = new Map<string, boolean>();
  private readonly keys = new Map<string, ReturnType<pkijs.CryptoEngine['getPublicKey']>>();

  /** An issuer's key imported once (its SubjectPublicKeyInfo through ASN.1, JWK and WebCrypto is costly). */
  override getPublicKey(
    publicKeyInfo: pkijs.PublicKeyInfo,
    signatureAlgorithm: pkijs.AlgorithmIdentifier,
    parameters?: pkijs.CryptoEnginePublicKeyParams,
  ): ReturnType<pkijs.CryptoEngine['getPublicKey']> {
    let key: string | undefined;
    try {
      key = createHash('sha256')
        .update(new Uint8Array(publicKeyInfo.toSchema().toBER(false)))
        .update(`|${signatureAlgorithm?.algorithmId ?? ''}|${JSON.stringify(parameters ?? null)}`)
        .digest('base64');
    } catch {
      key = undefined;
    }
    const hit = key === undefined ? undefined : this.keys.get(key);
    if (hit) return hit;
    const imported = super.getPublicKey(publicKeyInfo, signatureAlgorithm, parameters);
    if (key !== undefined) {
      if (this.keys.size >= MEMO_LIMIT) this.keys.delete(this.keys.keys().next().value as string);
      const k = key;
      this.keys.set(k, imported);
      // A key that fails to import is not remembered: the next path gets the error afresh.
      imported.catch(() => this.keys.delete(k));
    }
    return imported;
  }

  override async verifyWithPublicKey(
    data: Parameters<pkijs.CryptoEngine['verifyWithPublicKey']>[0],
    signature: asn1js.BitString | asn1js.OctetString,
    publicKeyInfo: pkijs.PublicKeyInfo,
    signatureAlgorithm: pkijs.AlgorithmIdentifier,
    shaAlgorithm?: string,
  ): Promise<boolean> {
    let key: string | undefined;
    try {
      key = createHash('sha256')
        .update(bytes(data))
        .update('|')
        .update(signature.valueBlock.valueHexView)
        .update('|')
        .update(new Uint8Array(publicKeyInfo.toSchema().toBER(false)))
        .update(`|${signatureAlgorithm.algorithmId}|${shaAlgorithm ?? ''}`)
        .digest('base64');
    } catch {
      key = undefined; // something odd to encode: verify without remembering
    }
    const hit = key === undefined ? undefined : this.verified.get(key);
    if (hit !== undefined) return hit;
    const ok = await super.verifyWithPublicKey(
      data,
      signature,
      publicKeyInfo,
      signatureAlgorithm,
      shaAlgorithm,
    );
    if (key !== undefined) {
      if (this.verified.size >= MEMO_LIMIT * 4)
        this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(key, ok);
    }
    return ok;
  }
}

function bytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

let engine: pkijs.CryptoEngine | undefined;

/** Passed per call so no global engine is set for other users of pkijs. */
function cryptoEngine(): pkijs.CryptoEngine {
  engine ??= new RememberingEngine({
    name: 'node-webcrypto',
    crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
  });
  return engine;
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
    const certs = path.map((c) => pkijsCertificate(c));
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
