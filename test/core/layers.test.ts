// Guards the layering a newcomer reads from the folder tree: the core, the CLI and the web bridge run in plain Node.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
