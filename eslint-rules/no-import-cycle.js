// Fails on any import cycle among the project's own modules, type-only and dynamic imports included.
// import-x/no-cycle skips `import type` by design, which let watcher.ts ↔ watcher-handlers.ts and
// cli/engine.ts ↔ cli/engine-open.ts through; a knot of types is still a knot in the layering.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?\sfrom\s+['"](\.{1,2}\/[^'"]*)['"]|(?:^|[\s;])import\s+['"](\.{1,2}\/[^'"]*)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Resolves a relative specifier the way TypeScript's bundler resolution does for our own sources. */
function resolve(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  if (/\.(ts|tsx)$/.test(base) && fs.existsSync(base)) return base;
  const stripped = base.replace(/\.js$/, '');
  for (const ext of EXTENSIONS) {
    if (fs.existsSync(stripped + ext)) return stripped + ext;
  }
  return undefined;
}

/** The project files a module's text imports (relative specifiers only; packages cannot close a cycle). */
function scan(file, text) {
  const out = new Set();
  // Comments may mention import syntax; drop them before scanning.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(SPECIFIER)) {
    const target = resolve(file, m[1] ?? m[2] ?? m[3]);
    if (target) out.add(target);
  }
  return out;
}

// Files read from disk once per lint run; the file being linted is read from its (possibly unsaved) text.
const edges = new Map();
function importsOf(file) {
  let out = edges.get(file);
  if (!out) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // unreadable: no edges
    }
    out = scan(file, text);
    edges.set(file, out);
  }
  return out;
}

/** The shortest path of imports from `start` back to itself, or undefined. */
function cycleThrough(start, direct) {
  const previous = new Map([[start, null]]);
  const queue = [...direct].map((next) => [next, start]);
  while (queue.length > 0) {
    const [file, from] = queue.shift();
    if (file === start) {
      const route = [];
      for (let at = from; at !== null; at = previous.get(at)) route.unshift(at);
      return route;
    }
    if (previous.has(file)) continue;
    previous.set(file, from);
    for (const next of importsOf(file)) queue.push([next, file]);
  }
  return undefined;
}

export default {
  rules: {
    'no-import-cycle': {
      meta: {
        type: 'problem',
        docs: { description: 'Disallow import cycles, including type-only and dynamic imports.' },
        schema: [],
        messages: { cycle: 'Import cycle: {{route}}.' },
      },
      create(context) {
        return {
          Program(node) {
            const file = path.resolve(context.filename);
            const route = cycleThrough(file, scan(file, context.sourceCode.text));
            if (!route) return;
            const cwd = context.cwd ?? process.cwd();
            const names = [...route, file].map((f) => path.relative(cwd, f));
            context.report({ node, messageId: 'cycle', data: { route: names.join(' → ') } });
          },
        };
      },
    },
  },
};
