// Keeps a store file the app cannot use next to it under a dated name, byte for byte, so nothing the user
// saved is ever lost to recovery or an upgrade.
import fs from 'node:fs';
import path from 'node:path';

/** `config.corrupt-2025-03-01T120000.000Z.json`: ISO time without colons (Windows forbids them in names). */
export function asideName(file: string, tag: string, now: number, attempt = 0): string {
  const { dir, name, ext } = path.parse(file);
  const stamp = new Date(now).toISOString().replace(/:/g, '');
  return path.join(dir, `${name}.${tag}-${stamp}${attempt ? `-${attempt + 1}` : ''}${ext}`);
}

function firstFree(file: string, tag: string, now: number, place: (target: string) => void): string {
  for (let attempt = 0; ; attempt++) {
    const target = asideName(file, tag, now, attempt);
    if (fs.existsSync(target)) continue;
    try {
      place(target);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

/**
 * Copies (the original stays until it is replaced) or renames (for a file that cannot even be read), to
 * `<name>.<tag>-<time><ext>`; `corrupt` for damaged files, `v0` and so on for the copy kept before an upgrade.
 */
export function keepAside(file: string, now: number, how: 'copy' | 'rename', tag = 'corrupt'): string {
  return firstFree(file, tag, now, (target) =>
    how === 'copy' ? fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL) : fs.renameSync(file, target),
  );
}
