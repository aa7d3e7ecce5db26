// Runs the bundled CLI through V8's code cache, so a command does not parse and compile the same megabytes of
// JavaScript on every start: Node ≥ 22.1 has module.enableCompileCache(); on Node 20 the bundle is compiled as a
// vm.Script with the cached data of an earlier run of the same command. Any failure just runs it uncached.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Where compiled code is kept: NODE_COMPILE_CACHE as Node reads it, else the user's own cache folder (never a
 * shared temporary folder: code cache is trusted input). Null when NODE_DISABLE_COMPILE_CACHE is set.
 */
export function compileCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  if (env.NODE_COMPILE_CACHE) return env.NODE_COMPILE_CACHE;
  if (!home) return null;
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'certwatch', 'compile-cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'certwatch', 'compile-cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'certwatch', 'compile-cache');
}

/** A folder only this user can write to (where getuid exists), or none: cached code is run without checks. */
function privateFolder(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return false;
    return true;
  } catch {
    return false;
  }
}

interface EnableCompileCache {
  enableCompileCache?: (dir?: string) => unknown;
}

/**
 * Runs the CommonJS bundle `file` (built with id `buildId`, a hash of the bundles) for the command `command`. Each
 * command keeps its own cache, holding the functions that command compiled, written once after its first run.
 * The bundle's `require` of a sibling file in `cachedSiblings` (the npm packages' bundle) goes through the cache too.
 */
export function runBundle(
  file: string,
  buildId: string,
  command: string,
  cachedSiblings: readonly string[] = [],
): void {
  const dir = compileCacheDir();
  // Bun keeps its own cache; vm's cached data is V8's.
  if (!dir || process.versions.bun || !privateFolder(dir)) return void createRequire(file)(file);
  const enable = (Module as unknown as EnableCompileCache).enableCompileCache;
  if (enable) {
    try {
      enable(dir);
    } catch {
      // Runs uncached.
    }
    return void createRequire(file)(file);
  }
  const name = (f: string) =>
    `certwatch-${buildId}-${process.version}-${process.arch}-${command}-${path.basename(f)}.v8`;
  const loaded = new Map<string, unknown>();
  const plainRequire = createRequire(file);
  const requireFromBundle = Object.assign((id: string): unknown => {
    if (!cachedSiblings.includes(id)) return plainRequire(id);
    if (!loaded.has(id)) {
      const sibling = path.join(path.dirname(file), id);
      loaded.set(id, runWithCachedData(sibling, dir, name(sibling), plainRequire));
    }
    return loaded.get(id);
  }, plainRequire) as NodeJS.Require;
  runWithCachedData(file, dir, name(file), requireFromBundle);
}

/** Compiles and runs one CommonJS file with the cached data of an earlier run; returns its exports. */
function runWithCachedData(file: string, dir: string, name: string, require: NodeJS.Require): unknown {
  const cacheFile = path.join(dir, name);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, 'utf8');
  // The wrapper CommonJS gives a module, on one line so positions in stack traces stay those of the file.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected) {
    // After the command ran, the cache holds every function it compiled, not just the top level.
    process.once('exit', () => writeCache(script, dir, cacheFile, name));
  }
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module: { exports: unknown } = { exports: {} };
  wrapper.call(module.exports, module.exports as object, require, module, file, path.dirname(file));
  return module.exports;
}

function writeCache(script: vm.Script, dir: string, cacheFile: string, name: string): void {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    // Caches of earlier builds would never be read again.
    const keep = name.slice(0, name.indexOf('-', 'certwatch-'.length));
    for (const other of fs.readdirSync(dir)) {
      if (other.startsWith('certwatch-') && !other.startsWith(`${keep}-`) && other.endsWith('.v8'))
        fs.rmSync(path.join(dir, other), { force: true });
    }
  } catch {
    // A read-only or full disk only costs the next start its speed.
  }
}
