// The `certwatch` program (bundled to dist/cli/certwatch.cjs and started by launch.ts, the installed command).
// Last line of defence: whatever escapes a command (a rejected promise nobody awaited, a throw in a timer)
// ends as one sentence on stderr and exit code 3 (UNKNOWN), never a stack trace.
import { EXIT_UNKNOWN, unexpectedFailure } from './io';
import { run } from './program';

function fail(error: unknown): void {
  try {
    process.stderr.write(unexpectedFailure(error));
  } finally {
    process.exit(EXIT_UNKNOWN);
  }
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// `certwatch check … | head` closes stdout early; that is not a failure worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fail(error);
});

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
