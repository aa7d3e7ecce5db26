// Certificate files watched like endpoints: real PEM bundles and DER files in a temporary directory, no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { probe, type ProbeOptions } from '../../main/core/probe/probe';
import { parseTarget } from '../../main/core/probe/target';
import type { ProbeResult } from '../../main/shared/types';
import { makePki, type Pki } from '../fixtures/pki';

let pki: Pki;
let dir: string;

beforeAll(async () => {
  pki = await makePki('File Test');
  dir = await mkdtemp(join(tmpdir(), 'certwatch-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Any attempt to use the network fails the probe loudly. */
const offline: ProbeOptions = {
  lookup: async (host) => {
    throw new Error(`network used for ${host}`);
  },
  fetcher: async ({ url }) => {
    throw new Error(`network used for ${url}`);
  },
};

async function checkFile(input: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const parsed = parseTarget(input, { cwd: dir, home: dir });
  if (!parsed.ok) throw new Error(parsed.error);
  return probe(parsed.target, { ...offline, ...options });
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('a PEM file', () => {
  it('with one certificate: judged on its dates, no handshake, no revocation', async () => {
    const leaf = await pki.leaf({
      cn: 'app.example.test',
      toDays: 40.5,
      ocspUrl: 'http://ocsp.example.test/',
    });
    const path = await file('one.pem', leaf.pem);
    const r = await checkFile(path);
    expect(r).toMatchObject({
      target: path,
      file: path,
      host: path,
      port: 0,
      status: 'ok',
      daysLeft: 40,
      notAfter: leaf.cert.notAfter.toISOString(),
      problems: [],
      tls: null,
    });
    expect(r.revocation).toBeUndefined();
    expect(r.endpoints).toHaveLength(1);
    expect(r.endpoints[0]).toMatchObject({ address: path, status: 'ok', tls: null });
    expect(r.chain.map((c) => [c.role, c.subject])).toEqual([['leaf', 'CN=app.example.test']]);
  });

  it('with a bundle: every certificate counts and the one expiring first decides', async () => {
    // 90-day certificates: a shorter life would run on the lifetime clock (expiry-standing.ts).
    const soon = await pki.leaf({ cn: 'soon.example.test', fromDays: -84.5, toDays: 5.5 });
    const later = await pki.leaf({ cn: 'later.example.test', toDays: 200 });
    const path = await file(
      'bundle.pem',
      `# notes are ignored\n${later.pem}\n${pki.intermediate.pem}\n${soon.pem}\n${pki.root.pem}`,
    );
    const r = await checkFile(path);
    expect(r.status).toBe('critical');
    expect(r.daysLeft).toBe(5);
    expect(r.endpoints[0]!.fingerprint256).toBe(r.chain[2]!.fingerprint256);
    expect(r.chain.map((c) => c.role)).toEqual(['leaf', 'intermediate', 'leaf', 'root']);
    expect(r.chain[2]!.subject).toBe('CN=soon.example.test');
  });

  it('an expired certificate anywhere in the bundle makes it expired and names it', async () => {
    const ok = await pki.leaf({ cn: 'ok.example.test', toDays: 100 });
    const old = await pki.leaf({ cn: 'old.example.test', fromDays: -100, toDays: -3.5 });
    const path = await file('expired.pem', ok.pem + old.pem);
    const r = await checkFile(path);
    expect(r.status).toBe('expired');
    // 3.5 days since expiry: 3 whole days, as every surface counts it.
    expect(r.daysLeft).toBe(-3);
    expect(r.problems).toEqual([
      {
        code: 'EXPIRED',
        message: expect.stringMatching(
          /^The certificate "old\.example\.test" in the file expired on \d{4}-\d\d-\d\d \(3 days ago\)\.$/,
        ),
      },
    ]);
  });

  it('a certificate that is not valid yet is invalid', async () => {
    const early = await pki.leaf({ cn: 'early.example.test', fromDays: 2, toDays: 90 });
    const r = await checkFile(await file('early.pem', early.pem));
    expect(r.status).toBe('invalid');
    expect(r.problems.map((p) => p.code)).toEqual(['NOT_YET_VALID']);
  });

  it('a renewed file shows a new fingerprint', async () => {
    const path = join(dir, 'renewed.pem');
    await writeFile(path, (await pki.leaf({ cn: 'r.example.test', fromDays: -80, toDays: 10 })).pem);
    const before = await checkFile(path);
    await writeFile(path, (await pki.leaf({ cn: 'r.example.test', toDays: 90 })).pem);
    const after = await checkFile(path);
    expect(before.status).toBe('warning');
    expect(after.status).toBe('ok');
    expect(after.endpoints[0]!.fingerprint256).not.toBe(before.endpoints[0]!.fingerprint256);
  });
});

describe('other forms', () => {
  it('a DER certificate (.cer)', async () => {
    const leaf = await pki.leaf({ cn: 'der.example.test', toDays: 50.5 });
    const r = await checkFile(await file('one.cer', leaf.der));
    expect(r).toMatchObject({ status: 'ok', daysLeft: 50 });
  });

  it('file:// URLs, ./ and ~/ paths', async () => {
    const leaf = await pki.leaf({ cn: 'url.example.test' });
    await mkdir(join(dir, 'sub dir'), { recursive: true });
    const path = await file('sub dir/url.pem', leaf.pem);
    for (const input of [pathToFileURL(path).href, './sub dir/url.pem', '~/sub dir/url.pem']) {
      const r = await checkFile(input);
      expect(r.file, input).toBe(path);
      expect(r.status, input).toBe('ok');
      expect(r.target).toBe(input);
    }
  });
});

describe('unreadable files are errors that say why', () => {
  it.each([
    ['missing.pem', null, /^The certificate file .*missing\.pem does not exist\.$/],
    [
      'notes.txt',
      'just some text\n',
      /holds no certificate \(expected PEM "BEGIN CERTIFICATE" blocks or one DER certificate\)/,
    ],
    [
      'broken.pem',
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
      /holds a PEM certificate block that cannot be decoded/,
    ],
    ['.', undefined, /is a folder/],
  ])('%s', async (name, content, why) => {
    const path = content ? await file(name, content) : join(dir, name);
    const r = await checkFile(path);
    expect(r.status).toBe('error');
    expect(r.problems.map((p) => p.code)).toEqual(['FILE_UNREADABLE']);
    expect(r.problems[0]!.message).toMatch(why);
    expect(r.endpoints).toEqual([]);
  });
});

it('a key file next to the certificate is never echoed', async () => {
  const leaf = await pki.leaf({ cn: 'key.example.test', toDays: 31 });
  const r = await checkFile(await file('with-key.pem', leaf.keyPem + leaf.pem));
  expect(r.status).toBe('ok');
  expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
});

describe('only regular files are read, never more than 1 MiB, never past the deadline', () => {
  it('a FIFO is refused without opening it (no writer needed, no hang)', async () => {
    const fifo = join(dir, 'pipe.pem');
    execFileSync('mkfifo', [fifo]);
    const r = await checkFile(fifo, { timeoutMs: 60_000 });
    expect(r.status).toBe('error');
    expect(r.problems[0]!.message).toBe(
      `${fifo} is a named pipe (FIFO), not a certificate file; name a PEM or DER file.`,
    );
  });

  it('a device is refused, /dev/zero included', async () => {
    const r = await checkFile('/dev/zero');
    expect(r.problems[0]!.message).toBe(
      '/dev/zero is a device, not a certificate file; name a PEM or DER file.',
    );
  });

  it('a file over 1 MiB is refused before it is read', async () => {
    const leaf = await pki.leaf({ cn: 'big.example.test', toDays: 90 });
    const path = await file('huge.pem', leaf.pem + 'x'.repeat(1024 * 1024));
    const r = await checkFile(path);
    expect(r.status).toBe('error');
    expect(r.problems[0]!.message).toMatch(
      /huge\.pem is 1\.0 MiB, too large to be a certificate file \(the limit is 1 MiB\)\./,
    );
  });

  it('a certificate file can be an entry target: its absolute path, port 0', async () => {
    const { normaliseEntryTarget } = await import('../../main/core/watch/watchlist');
    const t = normaliseEntryTarget(join(dir, 'cert.pem'));
    expect(t).toMatchObject({
      ok: true,
      target: join(dir, 'cert.pem'),
      host: join(dir, 'cert.pem'),
      port: 0,
    });
  });
});
