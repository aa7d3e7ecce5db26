// The terminal says what to do, in the window's words: a WARNING or CRITICAL row of `certwatch check` and
// `certwatch list` has a PROBLEM cell, and `check -v` follows every problem and note with its "What to do"
// line from the one advice table the window reads (main/shared/advice.ts). Real loopback TLS servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../main/cli/program';
import type { ProbeResult } from '../../main/shared/types';
import { adviceFor, noteAdviceFor } from '../../main/shared/advice';
import * as windowAdvice from '../../renderer/lib/advice';
import { makePki, mint, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { capturingIo, loopbackLookup, runCli } from '../fixtures/cli';

let pki: Pki;
let dir: string;
let rootPem: string;
const servers: Running[] = [];
const at: Record<string, string> = {};

const lookup = loopbackLookup('.advice.test');

const io = () => capturingIo({ lookup });

beforeAll(async () => {
  pki = await makePki('CLI Advice Test');
  dir = await mkdtemp(join(tmpdir(), 'certwatch-cli-advice-'));
  rootPem = join(dir, 'root.pem');
  await writeFile(rootPem, pki.root.pem);
  const leaves = {
    // 90-day certificates past the middle of their life: on the day clock, 20 days is WARNING, 5 CRITICAL.
    warn: await pki.leaf({ cn: 'warn.advice.test', fromDays: -69.5, toDays: 20.5 }),
    crit: await pki.leaf({ cn: 'crit.advice.test', fromDays: -84.5, toDays: 5.5 }),
    expired: await pki.leaf({ cn: 'expired.advice.test', fromDays: -90, toDays: -1.5 }),
  };
  for (const [name, leaf] of Object.entries(leaves)) {
    const s = await startTlsServer({ chain: [leaf, pki.intermediate] });
    servers.push(s);
    at[name] = `${name}.advice.test:${s.port}`;
  }
  const self = await startTlsServer({ chain: [await mint({ cn: 'self.advice.test' })] });
  servers.push(self);
  at.self = `self.advice.test:${self.port}`;
  // The leaf alone, without its intermediate: an incomplete chain.
  const bare = await startTlsServer({ chain: [await pki.leaf({ cn: 'bare.advice.test', toDays: 200 })] });
  servers.push(bare);
  at.bare = `bare.advice.test:${bare.port}`;
  // A good chain sent with its root: a note to advise on.
  const rooted = await startTlsServer({
    chain: [await pki.leaf({ cn: 'rooted.advice.test', toDays: 200 }), pki.intermediate, pki.root],
  });
  servers.push(rooted);
  at.rooted = `rooted.advice.test:${rooted.port}`;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const rowOf = (out: string, target: string) => out.split('\n').find((l) => l.includes(target)) ?? '';

describe('the PROBLEM cell of WARNING and CRITICAL rows', () => {
  it('says how close the expiry is and to renew, as the window does', async () => {
    const c = io();
    expect(await run(['check', '--no-ocsp', '--ca', rootPem, at.warn!, at.crit!], c)).toBe(2);
    expect(rowOf(c.out, at.warn!)).toMatch(/^WARNING\s+.*\s+20\s+.*Expires in 20 days: renew now$/);
    expect(rowOf(c.out, at.crit!)).toMatch(/^CRITICAL\s+.*\s+5\s+.*Expires in 5 days: renew now$/);
  });

  it('in `certwatch list` too, after a watch run recorded the checks', async () => {
    const store = join(dir, 'list-store.json');
    const env = {
      XDG_CONFIG_HOME: join(dir, 'xdg'),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}`,
    };
    // The child process has no injected resolver: the address with the name as SNI.
    for (const name of ['warn', 'crit']) {
      const port = at[name]!.split(':')[1]!;
      const added = await runCli(
        ['add', '--store', store, '--sni', `${name}.advice.test`, `127.0.0.1:${port}`],
        env,
      );
      expect(added.code, added.stdout + added.stderr).toBe(0);
    }
    const watched = await runCli(['watch', '--once', '--ca', rootPem, '--store', store], env);
    expect(watched.code, watched.stdout + watched.stderr).toBe(2);
    const list = await runCli(['list', '--store', store], env);
    expect(rowOf(list.stdout, 'warn.advice.test')).toMatch(/^WARNING\s.*Expires in 20 days: renew now$/);
    expect(rowOf(list.stdout, 'crit.advice.test')).toMatch(/^CRITICAL\s.*Expires in 5 days: renew now$/);
  });
});

describe('check -v says what to do about every problem and note', () => {
  it("prints each problem's and note's advice under it, from the window's table", async () => {
    // The window's advice module is the shared one, not a copy.
    expect(windowAdvice.PROBLEM_ADVICE.SELF_SIGNED).toBe(adviceFor('SELF_SIGNED'));

    const targets = [at.expired!, at.self!, at.bare!, at.rooted!];
    const json = io();
    await run(['check', '--no-ocsp', '--ca', rootPem, '--json', ...targets], json);
    const results = (JSON.parse(json.out) as { results: ProbeResult[] }).results;
    const codes = results.flatMap((r) => r.problems.map((p) => p.code));
    // The servers give the problems this test is about.
    expect(codes).toEqual(expect.arrayContaining(['EXPIRED', 'SELF_SIGNED', 'INCOMPLETE_CHAIN']));
    expect(results.flatMap((r) => r.notes.map((n) => n.code))).toContain('SENT_ROOT');

    const c = io();
    await run(['check', '--no-ocsp', '--ca', rootPem, '-v', ...targets], c);
    const lines = c.out.split('\n');
    let advised = 0;
    for (const r of results) {
      for (const p of r.problems) {
        const at = lines.findIndex((l) => l.trim().startsWith(`✗ ${p.code}: `));
        expect(at, `${p.code} is listed`).toBeGreaterThan(0);
        expect(lines[at + 1]!.trim()).toBe(`What to do: ${adviceFor(p.code, 'terminal').action}`);
        advised++;
      }
      for (const n of r.notes) {
        const at = lines.findIndex((l) => l.trim() === `• ${n.message}`);
        expect(at, `${n.code} is listed`).toBeGreaterThan(0);
        expect(lines[at + 1]!.trim()).toBe(`What to do: ${noteAdviceFor(n.code, 'terminal').action}`);
      }
    }
    expect(advised).toBe(codes.length);
    // Without -v the table stays one line per target.
    const plain = io();
    await run(['check', '--no-ocsp', '--ca', rootPem, ...targets], plain);
    expect(plain.out).not.toContain('What to do:');
    expect(plain.out.trim().split('\n')).toHaveLength(targets.length + 1);
  });
});

describe('the advice names the controls of the surface it is read on', () => {
  it('tells the terminal to use --ca and --starttls, and the window to use Settings and Edit, in one sentence', () => {
    const codes = [
      'SELF_SIGNED',
      'UNTRUSTED_ROOT',
      'RESET',
      'NOT_TLS',
      'BAD_TARGET',
      'RENEWAL_OVERDUE',
      'NEW_CODE',
    ];
    for (const code of codes) {
      const terminal = adviceFor(code, 'terminal').action;
      const window = adviceFor(code).action;
      // No placeholder is left behind on either surface.
      expect(terminal).not.toMatch(/[{}]/);
      expect(window).not.toMatch(/[{}]/);
      // The terminal never sends the user to a button it does not have.
      expect(terminal).not.toMatch(/Check now|in Edit|Edit the entry|^(?!.*--ca).*Settings ›/);
    }
    expect(adviceFor('SELF_SIGNED', 'terminal').action).toContain('--ca FILE');
    expect(adviceFor('SELF_SIGNED').action).toContain('Settings › Extra CA bundle');
    expect(adviceFor('RESET', 'terminal').action).toContain('--starttls');
    expect(adviceFor('RESET').action).toContain('in Edit');
    expect(adviceFor('RENEWAL_OVERDUE', 'terminal').action).toMatch(/run certwatch check again\.$/);
    expect(noteAdviceFor('NEW_NOTE', 'terminal').action).toContain('run certwatch check again');
    // Apart from the controls, both read the same words.
    expect(adviceFor('INCOMPLETE_CHAIN', 'terminal')).toEqual(adviceFor('INCOMPLETE_CHAIN'));
  });
});
