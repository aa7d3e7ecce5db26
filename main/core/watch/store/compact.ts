// The store file's format 2 on disk: each certificate once in a `certs` table (results name it by a short key),
// an endpoint's fields written only where they differ from its result's, and history runs as short tuples.
// In memory the document keeps the shape of model.ts; this module turns one into the other, losslessly, and
// serialises the file one line per entry, certificate and state, caching each line so a save re-encodes only
// the states that changed. Decoding never throws: a part it cannot read comes out in a shape the schemas reject.
import { createHash } from 'node:crypto';
import type { CheckRecord, EntryState, StoreDoc } from '../../../shared/model';
import { STATUSES, type CertInfo, type EndpointResult, type ProbeResult } from '../../../shared/types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A certificate as the table holds it: no role (that belongs to its place in a chain), PEM as its base64 body. */
type StoredCert = Omit<CertInfo, 'role' | 'fromTrustStore' | 'pem' | 'fingerprint256'> & {
  /** The DER in base64, when the PEM is exactly the usual 64-column wrapping of it. */
  der?: string;
  pem?: string;
  /** Only when it is not the SHA-256 of `der` (never, for what the probe writes). */
  fingerprint256?: string;
};

/** A place in a chain: [certificate key, role, 1 when it came from the trust store]. */
type ChainRef = [string, CertInfo['role'], 0 | 1];

const PEM_HEAD = '-----BEGIN CERTIFICATE-----\n';
const PEM_TAIL = '\n-----END CERTIFICATE-----\n';

function pemOf(der: string): string {
  const lines: string[] = [];
  for (let i = 0; i < der.length; i += 64) lines.push(der.slice(i, i + 64));
  return PEM_HEAD + lines.join('\n') + PEM_TAIL;
}

function derOf(pem: string): string | undefined {
  if (!pem.startsWith(PEM_HEAD) || !pem.endsWith(PEM_TAIL)) return undefined;
  const der = pem.slice(PEM_HEAD.length, -PEM_TAIL.length).replace(/\n/g, '');
  return pemOf(der) === pem ? der : undefined;
}

function fingerprintOf(der: string): string {
  const hex = createHash('sha256').update(Buffer.from(der, 'base64')).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** The certificate's table key: the first 16 hex digits of its fingerprint, all 64 if two share them. */
const shortKey = (fp: string) => fp.replace(/:/g, '').slice(0, 16);
const longKey = (fp: string) => fp.replace(/:/g, '');

function storedCert(cert: CertInfo): StoredCert {
  const { role: _r, fromTrustStore: _t, pem, fingerprint256, ...rest } = cert;
  const der = derOf(pem);
  const out: StoredCert = { ...rest, ...(der !== undefined ? { der } : { pem }) };
  if (der === undefined || fingerprintOf(der) !== fingerprint256) out.fingerprint256 = fingerprint256;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Encoding (memory → disk)

interface Encoder {
  keyOf(fp: string): string;
  certs: Map<string, CertInfo>;
}

function encodeChain(chain: readonly CertInfo[], enc: Encoder): ChainRef[] {
  return chain.map((c) => {
    const key = enc.keyOf(c.fingerprint256);
    if (!enc.certs.has(key)) enc.certs.set(key, c);
    return [key, c.role, c.fromTrustStore ? 1 : 0];
  });
}

/**
 * What an endpoint usually shares with its result (or, for its fingerprint, with its own chain's leaf): written
 * once, and `same` is a bit mask over this list (bit i: field i is the result's).
 */
const SAME_FIELDS = [
  'status',
  'daysLeft',
  'notAfter',
  'chainEarliestNotAfter',
  'problems',
  'notes',
  'tls',
  'revocation',
  'chain',
  'fingerprint256',
] as const;
const bit = (field: (typeof SAME_FIELDS)[number]) => 1 << SAME_FIELDS.indexOf(field);

function encodeResult(result: ProbeResult, enc: Encoder): Json {
  const chain = encodeChain(result.chain, enc);
  const chainText = JSON.stringify(chain);
  const endpoints = result.endpoints.map((e) => {
    const out: Json = { ...e };
    let same = 0;
    for (const k of SAME_FIELDS) {
      if (k === 'chain' || k === 'fingerprint256') continue;
      const mine = (e as unknown as Json)[k];
      const theirs = (result as unknown as Json)[k];
      if (mine !== undefined && theirs !== undefined && JSON.stringify(mine) === JSON.stringify(theirs)) {
        delete out[k];
        same |= bit(k);
      }
    }
    const refs = encodeChain(e.chain, enc);
    if (JSON.stringify(refs) === chainText) {
      delete out.chain;
      same |= bit('chain');
    } else out.chain = refs;
    if (e.fingerprint256 === (e.chain[0]?.fingerprint256 ?? null)) {
      delete out.fingerprint256;
      same |= bit('fingerprint256');
    }
    if (same) out.same = same;
    return out;
  });
  return { ...result, chain, endpoints };
}

const canonicalMs = (iso: string): number | string => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : iso;
};

/**
 * History: `certs` lists the distinct [fingerprint or table key, notAfter] pairs the runs saw; each run is
 * [at, status, daysLeft, cert index (-1: none), problems joined by spaces, durationMs] plus, for a run of
 * several checks, [checks, lastAt]. Times are milliseconds, `at` counted from the run before it.
 */
function encodeHistory(history: readonly CheckRecord[], enc: Encoder, current: Set<string>): Json {
  const certs: [string | null, number | string | null][] = [];
  const index = new Map<string, number>();
  let prev = 0;
  const runs = history.map((r) => {
    let ci = -1;
    if (r.fingerprint256 !== null || r.notAfter !== null) {
      const fp = r.fingerprint256;
      const ref = fp !== null && current.has(fp) ? `#${enc.keyOf(fp)}` : fp;
      const na = r.notAfter === null ? null : canonicalMs(r.notAfter);
      const id = JSON.stringify([ref, na]);
      ci = index.get(id) ?? -1;
      if (ci < 0) {
        ci = certs.push([ref, na]) - 1;
        index.set(id, ci);
      }
    }
    const at = canonicalMs(r.at);
    const atOut = typeof at === 'number' ? at - prev : at;
    if (typeof at === 'number') prev = at;
    const status = STATUSES.indexOf(r.status);
    const run: unknown[] = [atOut, status, r.daysLeft, ci, r.problems.join(' '), r.durationMs];
    if (r.checks !== undefined || r.lastAt !== undefined) {
      const last = r.lastAt === undefined ? null : canonicalMs(r.lastAt);
      run.push(
        r.checks ?? null,
        typeof last === 'number' && typeof at === 'number' ? last - at : last === null ? null : [r.lastAt],
      );
    }
    return run;
  });
  return { certs, runs };
}

function encodeState(state: EntryState, enc: Encoder): Json {
  const current = new Set<string>();
  const out: Json = {};
  if (state.lastResult) {
    out.lastResult = encodeResult(state.lastResult, enc);
    for (const c of state.lastResult.chain) current.add(c.fingerprint256);
    for (const e of state.lastResult.endpoints) for (const c of e.chain) current.add(c.fingerprint256);
  }
  if (state.lastCheckedAt !== undefined) out.lastCheckedAt = state.lastCheckedAt;
  out.consecutiveFailures = state.consecutiveFailures;
  out.history = encodeHistory(state.history, enc, current);
  return out;
}

/** Each state's line and the certificates it names, kept while the (frozen) state object lives. */
const stateLines = new WeakMap<object, { line: string; certs: Map<string, CertInfo> }>();

function allFingerprints(doc: StoreDoc): Set<string> {
  const fps = new Set<string>();
  for (const s of Object.values(doc.state)) {
    const r = s.lastResult;
    if (!r) continue;
    for (const c of r.chain) fps.add(c.fingerprint256);
    for (const e of r.endpoints) for (const c of e.chain) fps.add(c.fingerprint256);
  }
  return fps;
}

/** The whole file's text: the parts that did not change since the last save are not encoded again. */
export function serializeStore(value: unknown): string {
  const doc = value as StoreDoc;
  if (!isObject(value) || !isObject(doc.state)) return JSON.stringify(value);
  // Short keys unless two certificates share one (then those two are written with all 64 digits).
  const byShort = new Map<string, string>();
  let clash = false;
  for (const fp of allFingerprints(doc)) {
    const k = shortKey(fp);
    const other = byShort.get(k);
    if (other !== undefined && other !== fp) clash = true;
    byShort.set(k, fp);
  }
  const clashing = new Set<string>();
  if (clash) {
    const seen = new Map<string, string>();
    for (const fp of allFingerprints(doc)) {
      const k = shortKey(fp);
      const other = seen.get(k);
      if (other !== undefined && other !== fp) clashing.add(k);
      seen.set(k, fp);
    }
  }
  const keyOf = (fp: string) => (clashing.has(shortKey(fp)) ? longKey(fp) : shortKey(fp));

  const certs = new Map<string, CertInfo>();
  const stateParts: string[] = [];
  for (const [id, state] of Object.entries(doc.state)) {
    let cached = clash ? undefined : stateLines.get(state);
    if (!cached) {
      const enc: Encoder = { keyOf, certs: new Map() };
      const line = JSON.stringify(encodeState(state, enc));
      cached = { line, certs: enc.certs };
      if (!clash && Object.isFrozen(state)) stateLines.set(state, cached);
    }
    for (const [k, c] of cached.certs) if (!certs.has(k)) certs.set(k, c);
    stateParts.push(`${JSON.stringify(id)}:${cached.line}`);
  }
  const certParts = [...certs].map(([k, c]) => `${JSON.stringify(k)}:${certLine(c)}`);
  const { version, entries, settings, ledger, channels, channelLedger } = doc;
  const head: string[] = [
    `"version":${JSON.stringify(version)}`,
    `"entries":[${(entries ?? []).map((e) => `\n${entryLine(e)}`).join(',')}\n]`,
    `"settings":${JSON.stringify(settings)}`,
    `"ledger":${JSON.stringify(ledger)}`,
  ];
  if (channels !== undefined) head.push(`"channels":${JSON.stringify(channels)}`);
  if (channelLedger !== undefined) head.push(`"channelLedger":${JSON.stringify(channelLedger)}`);
  head.push(`"certs":{${certParts.map((p) => `\n${p}`).join(',')}\n}`);
  head.push(`"state":{${stateParts.map((p) => `\n${p}`).join(',')}\n}`);
  return `{${head.join(',\n')}}\n`;
}

const entryLines = new WeakMap<object, string>();
function entryLine(entry: object): string {
  let line = entryLines.get(entry);
  if (line === undefined) {
    line = JSON.stringify(entry);
    if (Object.isFrozen(entry)) entryLines.set(entry, line);
  }
  return line;
}

const certLines = new WeakMap<object, string>();
function certLine(cert: CertInfo): string {
  let line = certLines.get(cert);
  if (line === undefined) {
    line = JSON.stringify(storedCert(cert));
    if (Object.isFrozen(cert)) certLines.set(cert, line);
  }
  return line;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding (disk → memory)

/** Certificates made once per table key, role and source, so results of many entries share them in memory. */
export type CertPool = Map<string, CertInfo>;

/** Decoding one file: the table, and each certificate made once per key, role and source. */
interface Decoder {
  table: Json;
  pool: CertPool;
  fingerprints: Map<string, string>;
}

function fingerprintOfKey(key: string, dec: Decoder): string {
  let fp = dec.fingerprints.get(key);
  if (fp === undefined) {
    const stored = dec.table[key];
    if (!isObject(stored)) throw new Error(`certificate ${key} is missing`);
    const { der, fingerprint256 } = stored as StoredCert;
    fp = fingerprint256 ?? (typeof der === 'string' ? fingerprintOf(der) : undefined);
    if (typeof fp !== 'string') throw new Error(`certificate ${key} has no fingerprint`);
    dec.fingerprints.set(key, fp);
  }
  return fp;
}

function certFrom(ref: unknown, dec: Decoder): CertInfo {
  if (!Array.isArray(ref) || typeof ref[0] !== 'string') throw new Error('bad chain reference');
  const [key, role, trust] = ref as ChainRef;
  const id = `${key}|${role}|${trust}`;
  const known = dec.pool.get(id);
  if (known) return known;
  const stored = dec.table[key];
  if (!isObject(stored)) throw new Error(`certificate ${key} is missing`);
  const { der, pem, fingerprint256: _f, ...rest } = stored as StoredCert;
  const fullPem = typeof der === 'string' ? pemOf(der) : pem;
  if (typeof fullPem !== 'string') throw new Error(`certificate ${key} has no PEM`);
  const cert = {
    role,
    ...rest,
    fingerprint256: fingerprintOfKey(key, dec),
    fromTrustStore: trust === 1,
    pem: fullPem,
  } as CertInfo;
  dec.pool.set(id, cert);
  return cert;
}

function decodeResult(stored: Json, dec: Decoder): ProbeResult {
  const chainOf = (refs: unknown) => {
    if (!Array.isArray(refs)) throw new Error('bad chain');
    return refs.map((r) => certFrom(r, dec));
  };
  const chain = chainOf(stored.chain);
  if (!Array.isArray(stored.endpoints)) throw new Error('bad endpoints');
  const endpoints = stored.endpoints.map((raw) => {
    if (!isObject(raw)) throw new Error('bad endpoint');
    const { same, chain: refs, ...rest } = raw;
    const mask = typeof same === 'number' ? same : 0;
    const out: Json = { ...rest };
    // Shared, not copied: the document is frozen once loaded.
    for (const k of SAME_FIELDS)
      if (mask & bit(k) && k !== 'chain' && k !== 'fingerprint256') out[k] = stored[k];
    const own = mask & bit('chain') ? chain : chainOf(refs);
    out.chain = own;
    if (mask & bit('fingerprint256')) out.fingerprint256 = own[0]?.fingerprint256 ?? null;
    return out as unknown as EndpointResult;
  });
  return { ...stored, chain, endpoints } as unknown as ProbeResult;
}

/** `toISOString` of a time in milliseconds, the day part remembered (a history holds tens of thousands). */
const dayText = new Map<number, string>();
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function isoOf(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let date = dayText.get(day);
  if (date === undefined) {
    const full = new Date(day * 86_400_000).toISOString();
    date = full.slice(0, 11);
    if (full.length !== 24 || dayText.size > 10_000) return new Date(ms).toISOString();
    dayText.set(day, date);
  }
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${date}${pad(h)}:${pad(m)}:${pad(sec)}.${pad(rest - sec * 1000, 3)}Z`;
}

function decodeHistory(stored: unknown, dec: Decoder): CheckRecord[] {
  if (!isObject(stored) || !Array.isArray(stored.certs) || !Array.isArray(stored.runs))
    throw new Error('bad history');
  const certs = stored.certs as [string | null, number | string | null][];
  const fpOf = (ref: string | null): string | null =>
    ref === null || !ref.startsWith('#') ? ref : fingerprintOfKey(ref.slice(1), dec);
  const iso = (v: number | string) => (typeof v === 'number' ? isoOf(v) : v);
  let prev = 0;
  return (stored.runs as unknown[][]).map((run) => {
    const [atIn, status, daysLeft, ci, problems, durationMs, checks, span] = run as [
      number | string,
      number,
      number | null,
      number,
      string,
      number,
      number | null | undefined,
      number | [string] | null | undefined,
    ];
    let at: string;
    if (typeof atIn === 'number') {
      prev += atIn;
      at = iso(prev);
    } else at = atIn;
    const pair = ci >= 0 ? certs[ci] : undefined;
    if (ci >= 0 && !pair) throw new Error('bad history certificate');
    const record: CheckRecord = {
      at,
      status: STATUSES[status] ?? (status as never),
      daysLeft,
      notAfter: pair && pair[1] !== null ? iso(pair[1]) : null,
      fingerprint256: pair ? fpOf(pair[0]) : null,
      problems: (problems ? problems.split(' ') : []) as CheckRecord['problems'],
      durationMs,
    };
    if (run.length > 6) {
      if (span !== null && span !== undefined)
        record.lastAt = Array.isArray(span) ? span[0] : iso(prev + span);
      if (checks !== null && checks !== undefined) record.checks = checks;
    }
    // Same key order as the history code writes, so a decoded record reads like a fresh one.
    const { at: a, lastAt, checks: n, ...tail } = record;
    return {
      at: a,
      ...(lastAt !== undefined ? { lastAt } : {}),
      ...(n !== undefined ? { checks: n } : {}),
      ...tail,
    };
  });
}

const isExpanded = (result: Json) => Array.isArray(result.chain) && result.chain.some((c) => isObject(c));

/** One state as the file holds it, back in the document's shape; unreadable parts fail validation later. */
export function decodeState(stored: unknown, table: Json, pool: CertPool = new Map()): unknown {
  return decodeWith(stored, { table, pool, fingerprints: new Map() });
}

function decodeWith(stored: unknown, dec: Decoder): unknown {
  if (!isObject(stored)) return stored;
  try {
    const out: Json = {};
    if (stored.lastResult !== undefined) {
      if (!isObject(stored.lastResult)) throw new Error('bad result');
      // A result or history already in the document's shape (written by hand, or by a test) is taken as it is.
      out.lastResult = isExpanded(stored.lastResult)
        ? stored.lastResult
        : decodeResult(stored.lastResult, dec);
    }
    if (stored.lastCheckedAt !== undefined) out.lastCheckedAt = stored.lastCheckedAt;
    out.history = Array.isArray(stored.history) ? stored.history : decodeHistory(stored.history, dec);
    out.consecutiveFailures = stored.consecutiveFailures;
    return out;
  } catch {
    return { unreadable: true };
  }
}

/** A parsed format-2 file in the document's shape (the `certs` table folded back into the results). */
export function decodeDoc(doc: Json, pool: CertPool = new Map()): Json {
  const table = isObject(doc.certs) ? doc.certs : {};
  const { certs: _c, state, ...rest } = doc;
  if (!isObject(state)) return { ...rest, ...(state !== undefined ? { state } : {}) };
  const decoded: Json = {};
  const dec: Decoder = { table, pool, fingerprints: new Map() };
  for (const [id, s] of Object.entries(state)) decoded[id] = decodeWith(s, dec);
  return { ...rest, state: decoded };
}
