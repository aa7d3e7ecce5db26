// `certwatch export --format prometheus`: the watchlist's last results as Prometheus text, the same series as
// `watch --metrics`, for node_exporter's textfile collector. A file is replaced atomically (written beside it,
// then renamed), so the collector never reads half of it, and a file that is not such an export is never replaced.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { metricsText } from '../core/watch/metrics';
import { openEngine } from './engine';
import type { CliIo } from './io';
import { UsageError } from './options';

/** How every export begins; an existing file that does not is someone else's and is left alone. */
const OUR_FIRST_LINE = '# HELP certwatch_';

export async function exportPrometheus(
  opts: { store?: string; output?: string },
  io: CliIo,
): Promise<number> {
  const { store } = await openEngine(opts, io);
  const text = await metricsText(store.get(), 'prometheus');
  if (!opts.output) io.stdout(text);
  else {
    await writeAtomically(path.resolve(opts.output), text);
    io.stderr(`Wrote ${opts.output}.\n`);
  }
  return 0;
}

export async function writeAtomically(file: string, text: string): Promise<void> {
  await refuseForeign(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${file}: ${code ?? (error as Error).message}`);
  }
}

async function refuseForeign(file: string): Promise<void> {
  let existing: string;
  try {
    if (!(await stat(file)).isFile())
      throw new UsageError(`${file} is not a regular file; nothing was written. Name a file.`);
    existing = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new UsageError(`cannot write ${file}: ${code ?? (error as Error).message}`);
  }
  if (existing.length && !existing.startsWith(OUR_FIRST_LINE))
    throw new UsageError(
      `${file} exists and is not a Certwatch metrics export; nothing was written. Name a new file, or remove it first.`,
    );
}
