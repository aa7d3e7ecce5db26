// Two names on one address from the terminal: `certwatch add 127.0.0.1:PORT --sni NAME` twice gives two
// entries, each checked with its own certificate, and `list`, `watch` and `check` name them by SNI name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { runCli } from '../fixtures/cli';

let dir: string;
let ca: string;
let env: NodeJS.ProcessEnv;
let server: Running;
let address: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-cli-sni-'));
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
  const pki = await makePki('CLI SNI Test');
  ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
  server = await startTlsServer({
    chain: [await pki.leaf({ cn: 'default.vip.test', toDays: 300 }), pki.intermediate],
    sni: {
      'shop.vip.test': { chain: [await pki.leaf({ cn: 'shop.vip.test', toDays: 200 }), pki.intermediate] },
      'blog.vip.test': {
        chain: [await pki.leaf({ cn: 'blog.vip.test', fromDays: -70, toDays: 20.5 }), pki.intermediate],
      },
    },
  });
  address = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

describe('certwatch add HOST:PORT --sni NAME', () => {
  it('keeps two names on one address apart in add, list, watch, check and remove', async () => {
    const store = join(dir, 'store.json');
    for (const name of ['shop', 'blog']) {
      const r = await runCli(['add', '--store', store, '--sni', `${name}.vip.test`, address], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    const again = await runCli(['add', '--store', store, '--sni', 'BLOG.vip.test', address], env);
    expect(again.stdout + again.stderr).toContain(
      `"blog.vip.test at ${address}" is already in the watchlist.`,
    );

    const watched = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
    expect(watched.code, watched.stdout + watched.stderr).toBe(1);
    expect(watched.stdout).toMatch(
      new RegExp(`^\\S+Z shop\\.vip\\.test at ${address} ok, expires in 199 days`, 'm'),
    );
    expect(watched.stdout).toMatch(
      new RegExp(`^\\S+Z blog\\.vip\\.test at ${address} warning, expires in 20 days`, 'm'),
    );

    const list = await runCli(['list', '--store', store], env);
    expect(list.stdout).toMatch(new RegExp(`^OK\\s+shop\\.vip\\.test at ${address}\\s+199\\s`, 'm'));
    expect(list.stdout).toMatch(
      new RegExp(`^WARNING\\s+blog\\.vip\\.test at ${address}\\s+20\\s.*Expires in 20 days: renew now$`, 'm'),
    );

    const check = await runCli(['check', '--no-ocsp', '--ca', ca, '--sni', 'blog.vip.test', address], env);
    expect(check.stdout).toMatch(new RegExp(`^WARNING\\s+blog\\.vip\\.test at ${address}\\s+20\\s`, 'm'));

    // The address alone is ambiguous: the error names both entries and how to pick one.
    const removed = await runCli(['remove', '--store', store, address], env);
    expect(removed.code).not.toBe(0);
    expect(removed.stderr).toMatch(
      new RegExp(
        `matches shop\\.vip\\.test at ${address} \\(id \\S+\\), blog\\.vip\\.test at ${address} \\(id \\S+\\); name one of them by its id\\.`,
      ),
    );
  });
});
