// The app's log: timestamped lines to stdout and to a file the user can attach to a bug report. A tray app
// has no terminal, so failures (a notification the OS refused, a store problem) must land somewhere readable.
import fs from 'node:fs';
import path from 'node:path';

/** Past this size the file is renamed to `.1` (one generation kept), so the log never grows unbounded. */
const MAX_BYTES = 1_000_000;

export function createFileLog(file: string, now: () => number = Date.now): (line: string) => void {
  let ready = false;
  return (line) => {
    const text = `${new Date(now()).toISOString()} ${line}\n`;
    console.log(text.trimEnd()); // console ignores a closed stdout (GUI launch on Windows); stream.write would not
    try {
      if (!ready) fs.mkdirSync(path.dirname(file), { recursive: true });
      ready = true;
      if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES)
        fs.renameSync(file, `${file}.1`);
      fs.appendFileSync(file, text);
    } catch {
      // Logging must never take the app down; stdout already has the line.
    }
  };
}
