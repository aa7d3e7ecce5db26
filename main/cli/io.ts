// What a CLI command may touch, passed in so tests run commands in-process with captured output.
import type { Lookup } from '../core/probe/resolve';
import { displayText } from '../shared/untrusted-text';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour only for a terminal, and never when NO_COLOR is set. */
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** Replaces the OS resolver (tests); `--resolve` builds on top of it. */
  lookup?: Lookup;
  /** Resolves when the user presses Ctrl-C or the service manager stops the process. */
  stopSignal?: AbortSignal;
}

export function processIo(): CliIo {
  const env = process.env;
  const color = env.FORCE_COLOR
    ? env.FORCE_COLOR !== '0'
    : !!process.stdout.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color,
    env,
  };
}

/** Exit codes follow the Nagios plugin convention so `certwatch check` drops into monitoring. */
export const EXIT_UNKNOWN = 3;

/**
 * The one sentence a user sees when something the command did not foresee went wrong: no stack trace (it
 * helps nobody at a terminal and may quote file contents); CERTWATCH_DEBUG=1 adds it for a bug report.
 */
export function unexpectedFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const raw = error instanceof Error ? error.message : String(error);
  const why = displayText(raw.split(/\r?\n/)[0]?.trim() || 'no reason given', 300).replace(/[.\s]+$/, '');
  const sentence = `certwatch: the command stopped on an unexpected error (${why}); nothing more was done. Run it again with CERTWATCH_DEBUG=1 to see the details for a bug report.\n`;
  if (env.CERTWATCH_DEBUG && env.CERTWATCH_DEBUG !== '0' && error instanceof Error && error.stack)
    return `${sentence}${error.stack}\n`;
  return sentence;
}
