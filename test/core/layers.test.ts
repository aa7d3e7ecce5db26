// Guards the layering a newcomer reads from the folder tree: the core, the CLI and the web bridge run in plain Node.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// The web bridge runs the window in a browser with no Electron at all, so it is held to the same rule.
describe.each(['main/core', 'main/bridge'])('%s', (dir) => {
  const files = tsFiles(dir);

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('never imports electron or the app layer, directly', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(
        /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/,
      );
      expect(text, file).not.toMatch(/from\s+['"](\.\.\/)+app\//);
    }
  });

  it('nor through anything it imports (the bundled CLI and bridge pull in no electron)', async () => {
    const result = await build({
      entryPoints: ['main/cli/certwatch.ts', ...files],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const imported = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imported.length).toBeGreaterThan(0);
    expect(
      imported.filter((p) => p === 'electron' || p.startsWith('electron/') || p === 'electron-store'),
    ).toEqual([]);
  });
});

// The ground floor: the contract, the domain types and the target grammar are imported by every layer and import
// none of them, so the arrows run one way (shared ← core ← cli/app/bridge).
describe('main/shared', () => {
  const files = tsFiles('main/shared');

  it('imports nothing outside main/shared but packages', () => {
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const specifiers = [
        ...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g),
      ].map((m) => m[1]);
      expect(
        specifiers.filter((s) => s?.startsWith('..')),
        file,
      ).toEqual([]);
    }
  });

  it('is held to it by lint: an import of main/core from main/shared fails `npm run lint`', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const [result] = await eslint.lintText(
      "import type { Target } from '../core/target';\nexport type T = Target;\n",
      {
        filePath: 'main/shared/probe-of-the-fence.ts',
      },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});

describe('import cycles', () => {
  it('fail lint, even when one side imports only types', async () => {
    // watcher.ts imports watcher-core.ts; a type import back would close the knot the split untied.
    const eslint = new ESLint({ cwd: process.cwd() });
    const [result] = await eslint.lintText(
      readFileSync('main/core/watch/watcher-core.ts', 'utf8') +
        "\nexport type { Watcher as W } from './watcher';\n",
      { filePath: 'main/core/watch/watcher-core.ts' },
    );
    expect(
      result?.messages.filter((m) => m.ruleId === 'local/no-import-cycle').map((m) => m.message),
    ).toEqual([expect.stringMatching(/watcher-core\.ts → .*watcher\.ts → .*watcher-core\.ts/)]);
  });
});

// The core's two halves: the watch engine is built on the probe, never the other way round.
describe('main/core/probe', () => {
  const files = tsFiles('main/core/probe');

  it('imports nothing from main/core/watch or the self-test', () => {
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/(?:from|import\()\s*['"](?:\.\.\/)+(?:watch|selftest)(?:\/|['"])/);
    }
  });

  it('is held to it by lint', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const [result] = await eslint.lintText(
      "import type { Alert } from '../watch/alerts';\nexport type A = Alert;\n",
      {
        filePath: 'main/core/probe/probe-of-the-fence.ts',
      },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});

// The window (renderer/) is built for the browser; main/ runs one module of it, the first screen's markup (pure,
// no DOM), which the app's page handler and the web bridge write into the page they serve.
describe('main/ and the window', () => {
  it('imports nothing of renderer/ but the first screen’s markup', () => {
    const imported = tsFiles('main').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]*renderer\/[^'"]*)['"]/g)].map(
        (m) => `${file}: ${m[1]}`,
      ),
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const line of imported) expect(line).toMatch(/renderer\/first-screen-markup'?$/);
  });

  it('is held to it by lint: any other window module imported from main/ fails `npm run lint`', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const lint = async (code: string) =>
      (await eslint.lintText(code, { filePath: 'main/bridge/probe-of-the-fence.ts' }))[0]?.messages.map(
        (m) => m.ruleId,
      ) ?? [];
    expect(
      await lint("import { formatUtc } from '../../renderer/lib/format';\nexport const f = formatUtc;\n"),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await lint(
        "import { escapeHtml } from '../../renderer/first-screen-markup';\nexport const e = escapeHtml;\n",
      ),
    ).not.toContain('import-x/no-restricted-paths');
  });
});
