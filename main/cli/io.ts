// What a CLI command may touch, passed in so tests run commands in-process with captured output.
import type { Lookup } from '../core/resolve';

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
