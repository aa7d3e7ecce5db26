// Asks whether the leaf is revoked: a stapled OCSP response first, then the OCSP responder, then the CRL,
// stopping at the first trustworthy good/revoked answer, all within a short budget of its own.
import type { X509Certificate } from 'node:crypto';
import { worstStatus } from '../status';
import type { Note, Problem, Revocation, Status } from '../../../shared/types';
import { checkCrl, type CrlCache } from './crl';
import type { Fetcher } from './http';
import { buildOcspRequest, readOcspResponse } from './ocsp';

export const DEFAULT_REVOCATION_TIMEOUT_MS = 5_000;
const MAX_OCSP_BYTES = 1024 * 1024;

export interface RevocationInput {
  leaf: X509Certificate;
  issuer: X509Certificate;
  ocspUrls: string[];
  crlUrls: string[];
  /** The OCSP response the server stapled, if any. */
  staple?: Buffer;
}

export interface RevocationContext {
  fetcher: Fetcher;
  /** Aborts when the probe's own deadline or the revocation budget runs out. */
  signal: AbortSignal;
  /** Budget in ms, for the timeout sentence and to split it between OCSP and CRL. */
  budgetMs: number;
  now: () => number;
  crlCache: CrlCache;
}

export interface RevocationOutcome {
  revocation: Revocation;
  notes: Note[];
}

const fetchable = (url: string) => /^https?:\/\//i.test(url);

/**
 * Soft-fail by design: when no source answers (responder down or blocked, stale or badly signed answers) the
 * result says `unavailable` and adds an OCSP_UNAVAILABLE / CRL_UNAVAILABLE note, which never changes the
 * status. Browsers behave the same way, responders flap, and a warning the site owner cannot fix would only
 * teach people to ignore warnings. Only a trustworthy "revoked" changes the verdict (REVOKED, invalid).
 */
export async function checkRevocation(
  input: RevocationInput,
  ctx: RevocationContext,
): Promise<RevocationOutcome> {
  const notes: Note[] = [];
  const checkedAt = () => new Date(ctx.now()).toISOString();
  let unknown: Revocation | undefined;

  if (input.staple) {
    const answer = readOcspResponse(input.staple, input.leaf, input.issuer, ctx.now());
    if (answer.ok) {
      const { ok: _ok, ...rest } = answer;
      const revocation: Revocation = { method: 'ocsp-stapled', ...rest, checkedAt: checkedAt() };
      if (answer.status !== 'unknown') return { revocation, notes };
      unknown = revocation;
    } else {
      notes.push({
        code: 'OCSP_STAPLE_INVALID',
        message: `The server staples an OCSP response that ${answer.why}; clients that rely on stapling may refuse the connection.`,
      });
    }
  }

  const ocspUrls = input.ocspUrls.filter(fetchable);
  const crlUrls = input.crlUrls.filter(fetchable);
  const failures: { method: 'ocsp' | 'crl'; url: string; message: string }[] = [];
  // A hung responder must leave time for the CRL when there is one.
  const ocspSignal = crlUrls.length
    ? AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.floor(ctx.budgetMs / 2))])
    : ctx.signal;
  const ocspBudget = crlUrls.length ? ctx.budgetMs / 2 : ctx.budgetMs;

  for (const url of ocspUrls) {
    if (ocspSignal.aborted) break;
    try {
      const response = await ctx.fetcher({
        url,
        method: 'POST',
        body: buildOcspRequest(input.leaf, input.issuer),
        contentType: 'application/ocsp-request',
        signal: ocspSignal,
        maxBytes: MAX_OCSP_BYTES,
      });
      if (response.status !== 200) {
        failures.push({ method: 'ocsp', url, message: `answered HTTP ${response.status}` });
        continue;
      }
      const answer = readOcspResponse(response.body, input.leaf, input.issuer, ctx.now());
      if (!answer.ok) {
        failures.push({ method: 'ocsp', url, message: `sent a response that ${answer.why}` });
        continue;
      }
      const { ok: _ok, ...rest } = answer;
      const revocation: Revocation = { method: 'ocsp', ...rest, responderUrl: url, checkedAt: checkedAt() };
      if (answer.status !== 'unknown') return { revocation, notes };
      unknown ??= revocation;
    } catch (error) {
      failures.push({ method: 'ocsp', url, message: describe(error, ocspSignal, ocspBudget) });
    }
  }

  for (const url of crlUrls) {
    if (ctx.signal.aborted) break;
    try {
      const answer = await checkCrl({
        ...input,
        url,
        fetcher: ctx.fetcher,
        signal: ctx.signal,
        now: ctx.now(),
        cache: ctx.crlCache,
      });
      if (!answer.ok) {
        failures.push({ method: 'crl', url, message: answer.why });
        continue;
      }
      const { ok: _ok, ...rest } = answer;
      return { revocation: { method: 'crl', ...rest, responderUrl: url, checkedAt: checkedAt() }, notes };
    } catch (error) {
      failures.push({ method: 'crl', url, message: describe(error, ctx.signal, ctx.budgetMs) });
    }
  }

  for (const f of failures) {
    notes.push(
      f.method === 'ocsp'
        ? {
            code: 'OCSP_UNAVAILABLE',
            message: `Revocation could not be checked with OCSP: the responder at ${f.url} ${f.message}. Clients carry on in this case.`,
          }
        : {
            code: 'CRL_UNAVAILABLE',
            message: `Revocation could not be checked with the CRL: ${f.url} ${f.message}.`,
          },
    );
  }
  if (unknown) {
    notes.push({
      code: 'REVOCATION_UNKNOWN',
      message: `The OCSP responder${unknown.responderUrl ? ` at ${unknown.responderUrl}` : ''} does not know this certificate; it may not come from the CA it names.`,
    });
    return { revocation: { ...unknown, message: 'The responder does not know this certificate.' }, notes };
  }
  const first = failures[0];
  const message = first
    ? `${first.method === 'ocsp' ? `The OCSP responder at ${first.url}` : `The CRL at ${first.url}`} ${first.message}.`
    : input.staple
      ? 'The stapled OCSP response is unusable and the certificate names no OCSP responder or CRL to ask.'
      : 'The certificate names only OCSP or CRL locations Certwatch cannot fetch (such as ldap://).';
  return {
    revocation: {
      method: first?.method ?? (input.staple ? 'ocsp-stapled' : input.ocspUrls.length ? 'ocsp' : 'crl'),
      status: 'unavailable',
      checkedAt: checkedAt(),
      ...(first ? { responderUrl: first.url } : {}),
      message,
    },
    notes,
  };
}

/** Network failures as the end of "the responder at URL …". */
function describe(error: unknown, signal: AbortSignal, budgetMs: number): string {
  const code = (error as { code?: string }).code;
  if (signal.aborted || code === 'ABORT_ERR' || (error as Error).name === 'AbortError')
    return `did not answer within ${Math.round(budgetMs / 100) / 10} s`;
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return 'could not be resolved';
  if (code === 'ECONNRESET') return 'closed the connection';
  if (code && /^E[A-Z]+$/.test(code)) return `could not be reached (${code})`;
  return `could not be reached (${(error as Error).message ?? String(error)})`;
}

/** Folds the outcome into an endpoint's verdict: notes always, and REVOKED (invalid) only when revoked. */
export function applyRevocation<T extends { status: Status; problems: Problem[]; notes: Note[] }>(
  verdict: T,
  outcome: RevocationOutcome,
): T & { revocation: Revocation } {
  const { revocation } = outcome;
  const problems = [...verdict.problems];
  let status = verdict.status;
  if (revocation.status === 'revoked') {
    const when = revocation.revokedAt ? ` on ${revocation.revokedAt.slice(0, 10)}` : '';
    // `keyCompromise` → `key compromise`: the sentence is for people; the JSON keeps the RFC name.
    const why = revocation.reason
      ? ` (${revocation.reason.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()})`
      : '';
    problems.push({
      code: 'REVOKED',
      message: `The issuer revoked this certificate${when}${why}; clients that check revocation refuse it.`,
    });
    status = worstStatus([status, 'invalid']);
  }
  return { ...verdict, status, problems, notes: [...verdict.notes, ...outcome.notes], revocation };
}
