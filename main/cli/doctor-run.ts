// What `certwatch doctor` runs (loaded by its action in doctor.ts): the self-test (main/core/selftest) with this
// process's facts: the real probe against a loopback server, the TLS profile, trust store, notify-send route and
// proxy. One line per check, or --json.
import { readFileSync } from 'node:fs';
import { createColors } from 'picocolors';
import { runDoctor, type CheckLevel, type DoctorDeps, type DoctorReport } from '../core/selftest/doctor';
import {
  cliNotificationRoute,
  defaultTrustSources,
  describeProxy,
  findExecutable,
  trustInfoFrom,
} from '../core/selftest/environment';
import { proxySettings } from '../core/probe/proxy';
import { displayText } from '../shared/untrusted-text';
import type { CliIo } from './io';
import { UsageError } from './options';

export interface DoctorOptions {
  json?: boolean;
  ca?: string;
  proxy?: string;
}

/** Exit status: 0 when nothing failed (warnings included), 1 when a check failed. */
export const EXIT_DOCTOR_FAILED = 1;

const WORD: Record<CheckLevel, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL' };

export function formatDoctor(
  report: DoctorReport,
  color: (level: CheckLevel, text: string) => string,
): string {
  const width = Math.max(...report.checks.map((c) => c.label.length));
  const lines = report.checks.map(
    (c) =>
      `${color(c.level, WORD[c.level].padEnd(4))}  ${c.label.padEnd(width)}  ${displayText(c.detail, 400)}`,
  );
  const failed = report.checks.filter((c) => c.level === 'fail').length;
  const warned = report.checks.filter((c) => c.level === 'warn').length;
  lines.push(
    '',
    failed
      ? `${failed} check${failed === 1 ? '' : 's'} failed${report.probeFailure ? ': checks are not working on this computer' : ''}.`
      : warned
        ? `Checks work here; ${warned} warning${warned === 1 ? '' : 's'} above.`
        : 'Everything works here.',
  );
  return `${lines.join('\n')}\n`;
}

/** The CLI's collaborators: what `certwatch check` and `watch` would use in this process. */
export function cliDoctorDeps(opts: DoctorOptions, io: CliIo): DoctorDeps {
  let bundle: { path: string; pem: string } | undefined;
  if (opts.ca) {
    try {
      bundle = { path: opts.ca, pem: readFileSync(opts.ca, 'utf8') };
    } catch (error) {
      throw new UsageError(
        `cannot read the CA bundle ${opts.ca}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  return {
    trustInfo: () => trustInfoFrom(defaultTrustSources(bundle)),
    notificationRoute: () =>
      cliNotificationRoute({
        platform: process.platform,
        env: io.env,
        which: (name) => findExecutable(name, io.env),
      }),
    proxy: () =>
      describeProxy(
        proxySettings({ env: io.env, explicit: opts.proxy }),
        opts.proxy ? '--proxy' : 'the environment (HTTPS_PROXY, https_proxy, http_proxy, NO_PROXY)',
      ),
  };
}

export async function runDoctorCommand(opts: DoctorOptions, io: CliIo): Promise<number> {
  const report = await runDoctor(cliDoctorDeps(opts, io));
  if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const c = createColors(io.color);
    const paint = (level: CheckLevel, text: string) =>
      level === 'ok' ? c.green(text) : level === 'warn' ? c.yellow(text) : c.red(text);
    io.stdout(formatDoctor(report, paint));
  }
  return report.failed ? EXIT_DOCTOR_FAILED : 0;
}
