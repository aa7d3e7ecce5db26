// `certwatch check` against real loopback TLS servers: the table, the JSON contract and exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { run } from '../../main/cli/program';
import { makePki, mint, type Pki } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';
import { capturingIo, loopbackLookup } from '../fixtures/cli';

const exec = promisify(execFile);
let pki: Pki;
let dir: string;
let rootPem: string;
const servers: Running[] = [];
const ports: Record<string, number> = {};

const lookup = loopbackLookup('.example.test');

const io = () => capturingIo({ lookup });

beforeAll(async () => {
  pki = await makePki();
  dir = await mkdtemp(join(tmpdir(), 'certwatch-cli-'));
  rootPem = join(dir, 'root.pem');
  await writeFile(rootPem, pki.root.pem);
  const specs = {
    good: { cn: 'good.example.test', toDays: 60.5 },
    // A 90-day certificate: one living less than 60 days runs on the lifetime clock and is not warning yet.
    soon: { cn: 'soon.example.test', fromDays: -69.5, toDays: 20.5 },
    expired: { cn: 'expired.example.test', fromDays: -90, toDays: -1.5 },
  };
  for (const [name, spec] of Object.entries(specs)) {
    const s = await startTlsServer({ chain: [await pki.leaf(spec), pki.intermediate] });
    servers.push(s);
    ports[name] = s.port;
  }
  const self = await mint({ cn: 'self.example.test' });
  const s = await startTlsServer({ chain: [self] });
  servers.push(s);
  ports.self = s.port;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('exit codes follow Nagios', () => {
  it.each([
    ['good', 0],
    ['soon', 1],
    ['expired', 2],
    ['self', 2],
  ])('%s → %i', async (name, code) => {
    const c = io();
    expect(await run(['check', '--ca', rootPem, `${name}.example.test:${ports[name]}`], c)).toBe(code);
  });

  it('3 when a target cannot be reached', async () => {
    const c = io();
    expect(await run(['check', `127.0.0.1:${await closedPort()}`], c)).toBe(3);
    expect(c.out).toMatch(/ERROR\s+127\.0\.0\.1:\d+\s+Connection refused/);
  });

  it('the worst target decides: critical beats unreachable', async () => {
    const c = io();
    const code = await run(
      ['check', '--ca', rootPem, `expired.example.test:${ports.expired}`, `127.0.0.1:${await closedPort()}`],
      c,
    );
    expect(code).toBe(2);
  });
});

describe('the table', () => {
  it('aligns one row per target with status, days, expiry, issuer and the first problem', async () => {
    const c = io();
    await run(
      ['check', '--ca', rootPem, `good.example.test:${ports.good}`, `expired.example.test:${ports.expired}`],
      c,
    );
    const lines = c.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+TARGET\s+DAYS\s+EXPIRES\s+ISSUER\s+PROBLEM$/);
    expect(lines[1]).toMatch(
      /^OK\s+good\.example\.test:\d+\s+60\s+\d{4}-\d\d-\d\d\s+Certwatch Test Intermediate…$/,
    );
    expect(lines[2]).toMatch(
      /^EXPIRED\s+expired\.example\.test:\d+\s+-1\s+\d{4}-\d\d-\d\d\s+.*The certificate expired on .* \(36 hours ago\)/,
    );
    // Columns line up: every row's days column ends at the same offset.
    const end = lines[0]!.indexOf('DAYS') + 4;
    expect(lines[1]!.slice(end - 2, end)).toBe('60');
    // Expired 36 hours ago: one whole day since expiry, as every surface counts it.
    expect(lines[2]!.slice(end - 2, end)).toBe('-1');
    expect(c.out).not.toContain('\u001b[');
  });

  it('uses colour on a terminal', async () => {
    const c = { ...io(), color: true };
    let out = '';
    c.stdout = (t: string) => void (out += t);
    await run(['check', '--ca', rootPem, `good.example.test:${ports.good}`], c);
    expect(out).toContain('\u001b[32mOK');
  });

  it('--verbose lists every certificate of the chain', async () => {
    const c = io();
    await run(['check', '-v', '--ca', rootPem, `good.example.test:${ports.good}`], c);
    expect(c.out).toMatch(/\[0\] leaf CN=good\.example\.test/);
    expect(c.out).toMatch(/\[2\] root \(trust store\) CN=Certwatch Test Root CA/);
  });
});

describe('--json', () => {
  it('prints the documented contract', async () => {
    const c = io();
    const code = await run(
      ['check', '--json', '--ca', rootPem, `soon.example.test:${ports.soon}`, 'bad:port'],
      c,
    );
    expect(code).toBe(3);
    const { results } = JSON.parse(c.out);
    expect(results).toHaveLength(2);
    const [soon, bad] = results;
    expect(Object.keys(soon)).toEqual(
      expect.arrayContaining([
        'target',
        'host',
        'port',
        'status',
        'daysLeft',
        'notAfter',
        'chainEarliestNotAfter',
        'problems',
        'endpoints',
        'chain',
        'tls',
        'checkedAt',
        'durationMs',
      ]),
    );
    expect(soon).toMatchObject({
      target: `soon.example.test:${ports.soon}`,
      host: 'soon.example.test',
      port: ports.soon,
      status: 'warning',
      daysLeft: 20,
      problems: [],
    });
    expect(soon.endpoints[0]).toMatchObject({
      address: '127.0.0.1',
      status: 'warning',
      daysLeft: 20,
      problems: [],
    });
    expect(soon.endpoints[0].fingerprint256).toBe(soon.chain[0].fingerprint256);
    expect(soon.tls).toEqual({ protocol: 'TLSv1.3', cipher: expect.stringMatching(/^TLS_/) });
    expect(new Date(soon.checkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(bad).toEqual({
      target: 'bad:port',
      status: 'error',
      problems: [{ code: 'BAD_TARGET', message: expect.stringContaining('"bad:port"') }],
    });
    expect(c.err).toContain('Invalid target "bad:port"');
  });
});

describe('inputs', () => {
  it('reads --file lists with comments and blank lines', async () => {
    const list = join(dir, 'targets.txt');
    await writeFile(
      list,
      `# production\ngood.example.test:${ports.good}\n\nsoon.example.test:${ports.soon}  # renews monthly\n`,
    );
    const c = io();
    expect(await run(['check', '--json', '--ca', rootPem, '--file', list], c)).toBe(1);
    expect(JSON.parse(c.out).results.map((r: { status: string }) => r.status)).toEqual(['ok', 'warning']);
  });

  it.each([
    [['check'], /no targets given/],
    [
      ['check', '--ca', '/nonexistent/ca.pem', 'a.example.test'],
      /Cannot read the CA bundle \/nonexistent\/ca.pem/,
    ],
    [
      ['check', '--file', '/nonexistent/list', 'a.example.test'],
      /cannot read the target list \/nonexistent\/list/,
    ],
    [['check', '--starttls', 'gopher', 'a.example.test'], /--starttls "gopher" is not supported/],
    [
      ['check', '--warn', '5', '--crit', '10', 'a.example.test'],
      /--crit \(10\) must not be larger than --warn \(5\)/,
    ],
    [['check', '--timeout', 'soon', 'a.example.test'], /expected seconds/],
    [['check', '--resolve', 'nocolon', 'a.example.test'], /--resolve "nocolon" must look like NAME:ADDRESS/],
  ])('%j is refused with a clear message and exit 3', async (argv, message) => {
    const c = io();
    expect(await run(argv, c)).toBe(3);
    expect(c.err).toMatch(message);
  });

  it('a CA file without certificates is named', async () => {
    const junk = join(dir, 'junk.pem');
    await writeFile(junk, 'not a certificate');
    const c = io();
    expect(await run(['check', '--ca', junk, 'good.example.test'], c)).toBe(3);
    expect(c.err).toContain(`The CA bundle ${junk} contains no PEM certificates.`);
  });
});

describe('the installed command', () => {
  it('npx certwatch check prints the table and exits with the status code', async () => {
    const args = [
      'certwatch',
      'check',
      '--ca',
      rootPem,
      '--resolve',
      'good.example.test:127.0.0.1',
      `good.example.test:${ports.good}`,
    ];
    const { stdout } = await exec('npx', args, {
      cwd: process.cwd(),
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(stdout).toMatch(/^OK\s+good\.example\.test:\d+\s+60\s/m);
  });

  it('exits 2 for an expired certificate and prints JSON with --json', async () => {
    const args = [
      'dist/cli/certwatch.js',
      'check',
      '--json',
      '--ca',
      rootPem,
      '--resolve',
      'expired.example.test:127.0.0.1',
      `expired.example.test:${ports.expired}`,
    ];
    const failure = await exec(process.execPath, args).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(JSON.parse(failure!.stdout).results[0].problems[0].code).toBe('EXPIRED');
  });
});
