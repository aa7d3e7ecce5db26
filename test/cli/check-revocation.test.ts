// `certwatch check` with revocation (--ocsp/--no-ocsp), proxies (--proxy, HTTPS_PROXY), certificate files and
// the new STARTTLS protocols, against real local servers: what a person sees in the table, -v and --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { run } from '../../main/cli/program';
import type { Lookup } from '../../main/core/probe/resolve';
import { DAY, makePki, type Minted, type Pki } from '../fixtures/pki';
import { closedPort, startStarttlsServer, startTlsServer, type Running } from '../fixtures/servers';
import { CRLReasons, requestsFor, startOcspResponder, type OcspResponder } from '../fixtures/ocsp';
import { startProxy, type RunningProxy } from '../fixtures/proxy';
import { capturingIo } from '../fixtures/cli';

const exec = promisify(execFile);
let pki: Pki;
let dir: string;
let rootPem: string;
let responder: OcspResponder;
let proxy: RunningProxy;
const closers: { close(): Promise<void> }[] = [];
const ports: Record<string, number> = {};
const leaves: Record<string, Minted> = {};

const lookup: Lookup = async (host) => {
  if (host.endsWith('.example.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
};

const io = (env: NodeJS.ProcessEnv = {}) => capturingIo({ env, lookup });

beforeAll(async () => {
  pki = await makePki('CLI Revocation');
  dir = await mkdtemp(join(tmpdir(), 'certwatch-cli-rev-'));
  rootPem = join(dir, 'root.pem');
  await writeFile(rootPem, pki.root.pem);
  responder = await startOcspResponder();
  proxy = await startProxy({ hosts: { 'good.example.test': '127.0.0.1' } });
  closers.push(responder, proxy);
  const down = `http://127.0.0.1:${await closedPort()}/`;
  const specs = {
    good: { ocspUrl: responder.url },
    revoked: { ocspUrl: responder.url },
    down: { ocspUrl: down },
  };
  for (const [name, spec] of Object.entries(specs)) {
    const leaf = await pki.leaf({ cn: `${name}.example.test`, toDays: 60.5, ...spec });
    leaves[name] = leaf;
    const s = await startTlsServer({ chain: [leaf, pki.intermediate] });
    closers.push(s);
    ports[name] = s.port;
  }
  responder.set(leaves.good!, pki.intermediate, { status: 'good' });
  responder.set(leaves.revoked!, pki.intermediate, {
    status: 'revoked',
    revokedAt: new Date(Date.now() - 3 * DAY),
    reason: CRLReasons.keyCompromise,
  });
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await rm(dir, { recursive: true, force: true });
});

const target = (name: string) => `${name}.example.test:${ports[name]}`;

describe('revocation', () => {
  it('a revoked certificate exits 2 and says so in the table', async () => {
    const c = io();
    expect(await run(['check', '--ca', rootPem, target('revoked')], c)).toBe(2);
    expect(c.out).toMatch(
      /^INVALID\s+revoked\.example\.test:\d+\s+60\s.*The issuer revoked this certificate on \d{4}-\d\d-\d\d \(key compromise\)/m,
    );
  });

  it('--json carries the revocation object', async () => {
    const c = io();
    expect(await run(['check', '--json', '--ca', rootPem, target('revoked'), target('good')], c)).toBe(2);
    const [revoked, good] = JSON.parse(c.out).results;
    expect(revoked.revocation).toMatchObject({
      method: 'ocsp',
      status: 'revoked',
      reason: 'keyCompromise',
      responderUrl: responder.url,
    });
    expect(revoked.problems.map((p: { code: string }) => p.code)).toEqual(['REVOKED']);
    expect(good.revocation).toMatchObject({ method: 'ocsp', status: 'good' });
    expect(good.endpoints[0].revocation.status).toBe('good');
  });

  it('--no-ocsp asks no responder and leaves the field out', async () => {
    const before = requestsFor(responder, leaves.revoked!);
    const c = io();
    expect(await run(['check', '--no-ocsp', '--json', '--ca', rootPem, target('revoked')], c)).toBe(0);
    expect(JSON.parse(c.out).results[0].revocation).toBeUndefined();
    expect(requestsFor(responder, leaves.revoked!)).toBe(before);
  });

  it('an unreachable responder keeps the exit code 0; -v shows why', async () => {
    const c = io();
    expect(await run(['check', '-v', '--ca', rootPem, target('down')], c)).toBe(0);
    expect(c.out).toMatch(/^OK\s+down\.example\.test/m);
    expect(c.out).toMatch(
      /revocation unavailable: The OCSP responder at http:\/\/127\.0\.0\.1:\d+\/ refused the connection\./,
    );
    expect(c.out).toMatch(/• Revocation could not be checked with OCSP/);
  });

  it('-v shows a good answer with who gave it and until when', async () => {
    const c = io();
    await run(['check', '-v', '--ca', rootPem, target('good')], c);
    expect(c.out).toMatch(
      /revocation good \(OCSP http:\/\/127\.0\.0\.1:\d+\/, valid until \d{4}-\d\d-\d\d\)/,
    );
  });
});

describe('proxies', () => {
  it('--proxy tunnels the check; -v names the proxy', async () => {
    const c = io();
    expect(
      await run(['check', '-v', '--no-ocsp', '--ca', rootPem, '--proxy', proxy.url, target('good')], c),
    ).toBe(0);
    expect(c.out).toMatch(
      new RegExp(`endpoint good\\.example\\.test via ${proxy.url.replace(/[.:/]/g, '\\$&')}: ok`),
    );
    expect(proxy.connects).toContain(target('good'));
  });

  it('HTTPS_PROXY from the environment is used, and --proxy direct ignores it', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const viaEnv = io({ HTTPS_PROXY: down });
    expect(await run(['check', '--no-ocsp', '--ca', rootPem, target('good')], viaEnv)).toBe(3);
    expect(viaEnv.out).toMatch(/ERROR\s+good\.example\.test:\d+.*Could not connect to the proxy/);
    const direct = io({ HTTPS_PROXY: down });
    expect(
      await run(['check', '--no-ocsp', '--proxy', 'direct', '--ca', rootPem, target('good')], direct),
    ).toBe(0);
    const bypass = io({ HTTPS_PROXY: down, NO_PROXY: 'example.test' });
    expect(await run(['check', '--no-ocsp', '--ca', rootPem, target('good')], bypass)).toBe(0);
  });

  it('a bad --proxy is a usage error', async () => {
    const c = io();
    expect(await run(['check', '--proxy', 'socks5://p:1080', 'example.test'], c)).toBe(3);
    expect(c.err).toMatch(/--proxy "socks5:\/\/p:1080": only http:\/\/ proxies are supported/);
  });
});

describe('certificate files', () => {
  it('are checked with the rest and shown by path', async () => {
    const soon = join(dir, 'soon.pem');
    await writeFile(
      soon,
      (await pki.leaf({ cn: 'file.example.test', fromDays: -69.5, toDays: 20.5 })).pem + pki.intermediate.pem,
    );
    const c = io();
    expect(await run(['check', soon, join(dir, 'missing.pem')], c)).toBe(3);
    expect(c.out).toMatch(new RegExp(`^WARNING\\s+${soon.replace(/[.\\/]/g, '\\$&')}\\s+20\\s`, 'm'));
    expect(c.out).toMatch(
      /^ERROR\s+\S+missing\.pem\s+The certificate file \S+missing\.pem does not exist\./m,
    );
  });

  it('JSON names the file', async () => {
    const path = join(dir, 'json.pem');
    await writeFile(path, (await pki.leaf({ cn: 'j.example.test', toDays: 90 })).pem);
    const c = io();
    expect(await run(['check', '--json', `file://${path}`], c)).toBe(0);
    expect(JSON.parse(c.out).results[0]).toMatchObject({ file: path, status: 'ok', tls: null });
  });
});

describe('STARTTLS protocols', () => {
  it('--starttls accepts the new dialogues and lists them when wrong', async () => {
    const leaf = await pki.leaf({ cn: 'dir.example.test' });
    const s: Running = await startStarttlsServer({ protocol: 'ldap', chain: [leaf, pki.intermediate] });
    closers.push(s);
    const c = io();
    expect(await run(['check', '--ca', rootPem, '--starttls', 'ldap', `dir.example.test:${s.port}`], c)).toBe(
      0,
    );
    expect(c.out).toMatch(/^OK\s+dir\.example\.test:\d+ \(ldap\)/m);
    const bad = io();
    expect(await run(['check', '--starttls', 'gopher', 'x.example.test'], bad)).toBe(3);
    expect(bad.err).toContain('choose smtp, imap, pop3, postgres, ftp, ldap, xmpp, xmpp-server, mysql');
  });
});

it('the built CLI documents the new flags', async () => {
  const { stdout } = await exec(process.execPath, ['dist/cli/certwatch.js', 'check', '--help']);
  expect(stdout).toContain('--no-ocsp');
  expect(stdout).toContain('--proxy <url>');
  expect(stdout).toContain('xmpp-server');
  expect(stdout).toContain('certificate file');
});
