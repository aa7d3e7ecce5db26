// Starting the web bridge the way `npm run dev:web` does: `--store FILE` is the very file the CLI's `--store`
// reads and writes, and whatever stops the start (a busy port, a folder or a foreign file named as the store,
// a bad option) is one sentence with exit code 3, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { BridgeStartError, startBridge } from '../../main/bridge/server';
import type { Lookup } from '../../main/core/probe/resolve';
import { runCli } from '../fixtures/cli';

/** Probes never reach the machine's resolver. */
const lookup: Lookup = async (host) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

function devWeb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/dev-web.mjs', ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('starting the web bridge', () => {
  let scratch: string;
  let page: string;
  const quiet = { lookup, env: {}, log: () => undefined };

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'certwatch-bridge-start-'));
    page = path.join(scratch, 'page');
    mkdirSync(page);
    writeFileSync(path.join(page, 'index.html'), '<!doctype html><title>Certwatch</title>');
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('uses --store FILE as the CLI does: what the window adds, `certwatch list --store FILE` shows', async () => {
    const file = path.join(scratch, 'team', 'watchlist.json');
    const bridge = await startBridge({ ...quiet, rendererDir: page, storeFile: file });
    try {
      const reply = await fetch(new URL('/api/call/entries:add', bridge.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'shared.certwatch.test:8443' }),
      });
      expect(await reply.json()).toMatchObject({ ok: true, value: { added: 1 } });
    } finally {
      await bridge.close();
    }
    expect(existsSync(file)).toBe(true);
    const listed = await runCli(['list', '--store', file]);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toContain('shared.certwatch.test:8443');

    // And back: the bridge opens the file the CLI wrote, entries intact.
    const again = await startBridge({ ...quiet, rendererDir: page, storeFile: file });
    try {
      const state = await fetch(new URL('/api/call/state:get', again.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${again.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(JSON.stringify(await state.json())).toContain('shared.certwatch.test:8443');
    } finally {
      await again.close();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a folder, an export or a foreign file as the store in one sentence, changing nothing', async () => {
    const folder = path.join(scratch, 'a-folder');
    mkdirSync(folder);
    const exported = path.join(scratch, 'export.json');
    writeFileSync(exported, JSON.stringify({ format: 'certwatch-watchlist', version: 1, entries: [] }));
    const foreign = path.join(scratch, 'package.json');
    writeFileSync(foreign, '{"name":"not-certwatch"}');
    const cases: Array<[string, RegExp]> = [
      [folder, /is a folder; name a file/],
      [exported, /is a watchlist export, not a store; nothing was changed/],
      [foreign, /is not a Certwatch store; nothing was changed/],
    ];
    const exportDoc = readFileSync(exported, 'utf8');
    for (const [file, sentence] of cases) {
      const error = await startBridge({ ...quiet, rendererDir: page, storeFile: file }).catch(
        (e: unknown) => e,
      );
      expect(error, file).toBeInstanceOf(BridgeStartError);
      expect((error as Error).message).toMatch(sentence);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(readdirSync(folder)).toEqual([]);
    expect(readFileSync(foreign, 'utf8')).toBe('{"name":"not-certwatch"}');
    expect(readFileSync(exported, 'utf8')).toBe(exportDoc);
  });

  it('says in one sentence that the port is taken', async () => {
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const error = await startBridge({ ...quiet, rendererDir: page, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BridgeStartError);
      expect((error as Error).message).toBe(
        `port ${port} on 127.0.0.1 is already in use; choose another with --port, or leave --port out for a free one.`,
      );
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('dev:web answers a bad option with one sentence and exit code 3', async () => {
    for (const args of [['--port', 'eighty'], ['--port', '70000'], ['--store'], ['--stor', 'x.json']]) {
      const run = await devWeb(args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^certwatch dev:web: /);
      expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
