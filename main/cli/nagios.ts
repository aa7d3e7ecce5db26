// `certwatch check --nagios`: output in the Nagios/Icinga plugin format. One status line
// `CERTWATCH <STATE> - <summary> | <perfdata>`, then one line per target (long text); perfdata gives each target's
// days left with the warning and critical thresholds, so graphs and threshold lines come for free.
import { displayText } from '../shared/untrusted-text';
import { formatHostPort } from '../core/probe/target';
import { targetName } from '../shared/entry-name';
import { nagiosExitCode, statusRank } from '../core/probe/status';
import type { Status, Thresholds } from '../shared/types';
import { isProbe, type CliResult } from './format';
import type { CliIo } from './io';
import { UsageError } from './options';

const STATE = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** Server and file text made safe for a plugin line: no control characters, and no `|`, which starts perfdata. */
const text = (raw: unknown, limit?: number) => displayText(raw, limit).replace(/\|/g, '/');

// The name the user typed: `sni at address` when an SNI name differs from the host, so two names served from one
// address keep two perfdata series instead of one numbered `(2)`.
const nameOf = (r: CliResult): string =>
  isProbe(r)
    ? (r.file ?? targetName(r, formatHostPort(r.host, r.port)) + (r.starttls ? ` (${r.starttls})` : ''))
    : r.target;

function describe(r: CliResult): string {
  const problem = r.problems[0]?.message;
  if (!isProbe(r)) return problem ?? 'cannot be checked';
  const days =
    r.daysLeft === null
      ? ''
      : `${r.daysLeft < 0 ? `expired ${-r.daysLeft} days ago` : `${r.daysLeft} days left`}${r.notAfter ? `, expires ${r.notAfter.slice(0, 10)}` : ''}`;
  // An expired certificate's sentence already says when; other problems keep the days for context.
  if (!problem) return days || 'no expiry date';
  return r.status === 'expired' || !days ? problem : `${problem} ${days}`;
}

/**
 * A perfdata label per the plugin guidelines: quoted, a quote inside doubled, and no `=` (which would end it).
 * Duplicates (the same target twice) get a number so each series stays its own.
 */
function labelFor(name: string, used: Set<string>): string {
  const base = text(name, 120).replace(/=/g, '_');
  let label = base;
  for (let n = 2; used.has(label); n++) label = `${base} (${n})`;
  used.add(label);
  return `'${label.replace(/'/g, "''")}'`;
}

const COUNT_ORDER: Status[] = ['expired', 'invalid', 'critical', 'error', 'warning', 'ok'];

/** The plugin output for these results; the exit code is `nagiosExitCode` of the same statuses. */
export function toNagios(results: CliResult[], thresholds: Thresholds): string {
  const code = nagiosExitCode(results.map((r) => r.status));
  const counts = COUNT_ORDER.map((s) => [s, results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s === 'ok' ? 'OK' : s}`)
    .join(', ');

  let summary: string;
  if (code === 0) {
    const soonest = results
      .filter(isProbe)
      .filter((r) => r.daysLeft !== null)
      .sort((a, b) => a.daysLeft! - b.daysLeft!)[0];
    summary = `${results.length === 1 ? 'certificate' : `all ${results.length} certificates`} OK`;
    if (soonest)
      summary +=
        results.length === 1
          ? `, ${soonest.daysLeft} days left`
          : `; ${text(nameOf(soonest), 100)} expires first, in ${soonest.daysLeft} days`;
  } else {
    const worst = [...results].sort((a, b) => statusRank(b.status) - statusRank(a.status))[0]!;
    summary = `${text(nameOf(worst), 100)} ${worst.status.toUpperCase()}: ${text(describe(worst), 160)}`;
    if (results.length > 1) summary += ` (${counts})`;
  }

  const used = new Set<string>();
  const perfdata = results
    .filter(isProbe)
    .filter((r) => r.daysLeft !== null)
    .map(
      (r) =>
        // Ranges per the guidelines: `30:` alerts below 30, as fewer days left is worse.
        `${labelFor(nameOf(r), used)}=${r.daysLeft}d;${thresholds.warningDays}:;${thresholds.criticalDays}:;;`,
    );

  const lines = [`CERTWATCH ${STATE[code]} - ${summary}${perfdata.length ? ` | ${perfdata.join(' ')}` : ''}`];
  for (const r of results) lines.push(`${r.status.toUpperCase()} ${text(nameOf(r))} - ${text(describe(r))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * In plugin mode a mistake (no targets, an unreadable --file or --ca) is still a plugin answer on stdout, so the
 * monitoring system shows the sentence rather than "(null)": `CERTWATCH UNKNOWN - <sentence>`, exit 3.
 */
export async function asPlugin(io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stdout(`CERTWATCH UNKNOWN - ${text(error.message, 300)}\n`);
    return 3;
  }
}
