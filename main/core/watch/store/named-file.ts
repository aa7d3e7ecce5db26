// Checks a store file someone named (`--store FILE`) before Certwatch opens it: a folder, a watchlist export or
// another program's JSON is refused in one sentence, since opening it as a store would set it aside and start
// over. A missing file is fine (a new store is made there); a damaged store is left to openStore's recovery.
import fs from 'node:fs';
import path from 'node:path';
import { JSON_FORMAT } from '../exchange';

/** null when the file may be opened as a store; otherwise the sentence that says why not. */
export function namedStoreProblem(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return `cannot open the store ${file}: ${code ?? (error as Error).message}`;
  }
  if (stat.isDirectory())
    return `--store ${file} is a folder; name a file, e.g. ${path.join(file, 'config.json')}`;
  if (!stat.isFile()) return `--store ${file} is not a regular file; name a Certwatch store, or a new file.`;
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null; // damaged or empty: openStore recovers what it can and keeps the original aside
  }
  const object = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  if (object && 'format' in object && object.format === JSON_FORMAT)
    return `${file} is a watchlist export, not a store; nothing was changed. Add its entries with: certwatch import ${file}`;
  if (!object || !('entries' in object || 'hosts' in object || 'version' in object))
    return `${file} is not a Certwatch store; nothing was changed. Name a Certwatch store, or a new file, with --store.`;
  return null;
}
