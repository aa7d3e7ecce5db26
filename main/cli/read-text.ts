// Reads a text file named on the command line (a target list, an import): regular files only and bounded, so
// `--file /dev/zero` or a FIFO gets a sentence instead of filling memory or hanging.
import { readRegularFile } from '../core/probe/bounded-read';
import { UsageError } from './options';

/** As large as the window's import request may be (main/shared/schemas.ts). */
export const MAX_TEXT_FILE_BYTES = 20_000_000;

/** `what` names the file for the sentence: "the target list", "the file to import". */
export async function readTextFile(path: string, what: string): Promise<string> {
  let read: Buffer | { error: string };
  try {
    read = await readRegularFile(path, {
      maxBytes: MAX_TEXT_FILE_BYTES,
      what: 'a text file',
      hint: `name the file that holds ${what.replace(/^the /, '')}`,
    });
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if ('error' in read) throw new UsageError(`cannot read ${what}: ${read.error}`);
  return read.toString('utf8');
}
