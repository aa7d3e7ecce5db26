// Entry point of the `certwatch` command (bin in package.json, bundled to dist/cli/certwatch.js).
import { run } from './program';

// `certwatch check … | head` closes stdout early; that is not a failure worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2));
