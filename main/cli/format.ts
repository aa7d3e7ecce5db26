// Renders check results as an aligned table for people (colour on a terminal) or JSON for machines.
import { createColors } from 'picocolors';
import { formatHostPort } from '../core/probe/target';
import type { ProbeResult, Problem, Revocation, Status } from '../shared/types';
import { displayText } from '../shared/untrusted-text';
import { adviceFor, noteAdviceFor } from '../shared/advice';
import { targetName } from '../shared/entry-name';
import { problemCell } from '../shared/problem-cell';

// Everything in a row or detail line may come from a server's certificate or a file (names, issuers, problem
// sentences quoting them, responder URLs): shown through displayText, so no escape sequence or line break
// reaches the terminal, and bounded so a 5,000-character name cannot bury the table.
const CELL = 100;
const MESSAGE = 300;
const safe = (text: string | undefined | null, limit = MESSAGE) => displayText(text ?? '', limit);

/** A target the CLI could not even parse: reported alongside real results so nothing is silently dropped. */
export interface BadTarget {
  target: string;
  status: 'error';
  problems: Problem[];
}

export type CliResult = ProbeResult | BadTarget;

export const isProbe = (r: CliResult): r is ProbeResult => 'endpoints' in r;

export function toJson(results: CliResult[]): string {
  return `${JSON.stringify({ results }, null, 2)}\n`;
}

type Colorize = (s: string) => string;

function statusColor(status: Status, c: ReturnType<typeof createColors>): Colorize {
  switch (status) {
    case 'ok':
      return c.green;
    case 'warning':
      return c.yellow;
    case 'error':
      return c.magenta;
    default:
      return (s) => c.bold(c.red(s));
  }
}

const shortIssuer = (r: ProbeResult) => {
  const issuer = r.chain[0]?.issuer ?? '';
  return /CN=([^,]+)/.exec(issuer)?.[1] ?? /O=([^,]+)/.exec(issuer)?.[1] ?? issuer;
};

export function toTable(
  results: CliResult[],
  options: { color: boolean; verbose?: boolean; width?: number },
): string {
  const c = createColors(options.color);
  const header = ['STATUS', 'TARGET', 'DAYS', 'EXPIRES', 'ISSUER', 'PROBLEM'];
  const rows = results.map((r) => {
    if (!isProbe(r)) return [r.status, safe(r.target, CELL), '', '', '', safe(r.problems[0]?.message)];
    const extra = r.problems.length > 1 ? ` (+${r.problems.length - 1} more)` : '';
    // A WARNING or CRITICAL row with no reported problem still says how close it is and what to do, as the
    // window's Problem cell does ("Expires in 9 days: renew now").
    const problem = r.problems[0]
      ? r.problems[0].message
      : problemCell({ status: r.status, daysLeft: r.daysLeft, headline: null });
    return [
      r.status,
      r.file
        ? safe(r.file, CELL)
        : targetName(r, formatHostPort(r.host, r.port) + (r.starttls ? ` (${r.starttls})` : '')),
      r.daysLeft === null ? '' : String(r.daysLeft),
      safe(r.notAfter?.slice(0, 10)),
      safe(shortIssuer(r), 28),
      safe(problem) + extra,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const pad = (cells: string[], paint?: Colorize) =>
    cells
      .map((cell, i) => {
        const text =
          i === 2 ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        return i === 0 && paint ? paint(text.toUpperCase()) : text;
      })
      .join('  ')
      .trimEnd();
  const lines = [c.bold(pad(header))];
  results.forEach((r, i) => {
    lines.push(pad(rows[i]!, statusColor(r.status, c)));
    if (options.verbose && isProbe(r)) lines.push(...details(r, c));
  });
  return `${lines.join('\n')}\n`;
}

function details(r: ProbeResult, c: ReturnType<typeof createColors>): string[] {
  const out: string[] = [];
  // Each problem and note is followed by what to do about it: the window's "What to do" table, with the
  // terminal's own controls named (--ca FILE where the window says Settings › Extra CA bundle).
  for (const p of r.problems) {
    out.push(`    ${c.red('✗')} ${safe(p.code, 40)}: ${safe(p.message)}`);
    out.push(`      ${c.bold('What to do:')} ${safe(adviceFor(p.code, 'terminal').action, 2 * MESSAGE)}`);
  }
  for (const n of r.notes) {
    out.push(`    ${c.dim('•')} ${safe(n.message)}`);
    out.push(`      ${c.bold('What to do:')} ${safe(noteAdviceFor(n.code, 'terminal').action, 2 * MESSAGE)}`);
  }
  if (r.revocation) out.push(`    ${c.dim('revocation')} ${safe(describeRevocation(r.revocation))}`);
  for (const e of r.endpoints) {
    const what = !e.fingerprint256
      ? e.problems[0]?.code
      : e.tls
        ? `${e.tls.protocol} ${e.tls.cipher}, leaf ${e.fingerprint256.slice(0, 23)}…`
        : `first to expire ${e.fingerprint256.slice(0, 23)}…`;
    const via = e.proxy ? ` via ${e.proxy}` : '';
    out.push(`    ${c.dim('endpoint')} ${safe(`${e.address}${via}: ${e.status} ${what ?? ''}`.trimEnd())}`);
  }
  r.chain.forEach((cert, i) => {
    out.push(
      `    ${c.dim(`[${i}] ${cert.role}${cert.fromTrustStore ? ' (trust store)' : ''}`)} ${safe(cert.subject)}`,
    );
    out.push(
      `        ${safe(`issuer ${cert.issuer}; ${cert.notBefore.slice(0, 10)} → ${cert.notAfter.slice(0, 10)}; ${cert.keyType} ${cert.keySize ?? ''}; ${cert.signatureAlgorithm}`, 2 * MESSAGE)}`,
    );
  });
  return out;
}

const METHOD: Record<Revocation['method'], string> = {
  ocsp: 'OCSP',
  'ocsp-stapled': 'stapled OCSP',
  crl: 'CRL',
};

/** "good (OCSP http://r3.o.lencr.org, valid until 2025-06-01)", "revoked on … (keyCompromise) (CRL …)". */
export function describeRevocation(rev: Revocation): string {
  const source = `${METHOD[rev.method]}${rev.responderUrl ? ` ${rev.responderUrl}` : ''}`;
  if (rev.status === 'revoked') {
    const when = rev.revokedAt ? ` on ${rev.revokedAt.slice(0, 10)}` : '';
    return `revoked${when}${rev.reason ? ` (${rev.reason})` : ''} per ${source}`;
  }
  if (rev.status === 'good')
    return `good (${source}${rev.nextUpdate ? `, valid until ${rev.nextUpdate.slice(0, 10)}` : ''})`;
  return `${rev.status}${rev.message ? `: ${rev.message}` : ` (${source})`}`;
}
