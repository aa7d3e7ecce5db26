// "Renewal overdue": a certificate from an ACME CA with less than a third of its lifetime left says that automatic
// renewal should already have happened and where to look, in the CLI, the window's advice and the notification.
// Real loopback servers with chains minted under CA names as the ACME CAs write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../main/cli/program';
import type { CliIo } from '../../main/cli/io';
import { acmeCaOf, renewalOverdue } from '../../main/core/probe/renewal';
import type { Lookup } from '../../main/core/probe/resolve';
import { DAY_MS, HOUR_MS } from '../../main/shared/days';
import { adviceFor } from '../../renderer/lib/advice';
import { FakeTime } from '../fixtures/fake-time';
import { mint, type Minted } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { addTargets, checkAll, testEngine, until } from '../fixtures/watch-engine';

const DOMAIN = 'acme.test';
const lookup: Lookup = async (host) => {
  if (host.endsWith(`.${DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

let caFile: string;
const servers: Running[] = [];
const target: Record<string, string> = {};

beforeAll(async () => {
  const root = await mint({
    cn: 'ISRG Root Test, O=Internet Security Research Group',
    ca: true,
    toDays: 3650,
  });
  // The subject as Let's Encrypt writes its intermediates: CN=R11, O=Let's Encrypt, C=US.
  const letsEncrypt = await mint({ cn: "R11, O=Let's Encrypt, C=US", ca: true, issuer: root, toDays: 1000 });
  const privateCa = await mint({ cn: 'Lab Issuing CA, O=Example Lab', ca: true, issuer: root, toDays: 1000 });
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-acme-')), 'root.pem');
  await writeFile(caFile, root.pem);
  const now = Date.now();
  const specs: Record<string, { issuer: Minted; life: number; left: number }> = {
    // 6-day certificates with 40 hours left: past the renewal point (48 h), not yet warning (36 h).
    late: { issuer: letsEncrypt, life: 6 * DAY_MS, left: 40 * HOUR_MS },
    lab: { issuer: privateCa, life: 6 * DAY_MS, left: 40 * HOUR_MS },
    // Renewed on schedule: 3 days left, more than a third.
    fresh: { issuer: letsEncrypt, life: 6 * DAY_MS, left: 3 * DAY_MS },
    // A 90-day certificate with 20 days left: certbot renews at 30.
    ninety: { issuer: letsEncrypt, life: 90 * DAY_MS, left: 20 * DAY_MS + HOUR_MS },
    // 5 hours left: critical, and the alert says where to look.
    last: { issuer: letsEncrypt, life: 6 * DAY_MS, left: 5.5 * HOUR_MS },
  };
  for (const [name, s] of Object.entries(specs)) {
    const leaf = await mint({
      cn: `${name}.${DOMAIN}`,
      issuer: s.issuer,
      notBefore: new Date(now + s.left - s.life),
      notAfter: new Date(now + s.left),
    });
    const server = await startTlsServer({ chain: [leaf, s.issuer] });
    servers.push(server);
    target[name] = `${name}.${DOMAIN}:${server.port}`;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface Json {
  results: { status: string; problems: { code: string; message: string }[] }[];
}

async function checkJson(...targets: string[]): Promise<Json['results']> {
  let out = '';
  const io: CliIo = {
    color: false,
    env: {},
    lookup,
    stdout: (t) => void (out += t),
    stderr: () => undefined,
  };
  await run(['check', '--json', '--no-ocsp', '--ca', caFile, ...targets], io);
  return (JSON.parse(out) as Json).results;
}

describe('renewal overdue', () => {
  it('is said for an ACME certificate past its renewal point, and only then', async () => {
    const [late, lab, fresh, ninety] = await checkJson(
      target.late!,
      target.lab!,
      target.fresh!,
      target.ninety!,
    );
    // Past a third, before a quarter: still OK, but the automation failed and the check says so.
    expect(late!.status).toBe('ok');
    expect(late!.problems.map((p) => p.code)).toEqual(['RENEWAL_OVERDUE']);
    expect(late!.problems[0]!.message).toMatch(
      /^Automatic renewal should already have happened: the certificate comes from Let's Encrypt, an ACME CA .* less than a third of its lifetime of 6 days is left\. Look at the ACME client on this server \(certbot, cert-manager, Caddy or Traefik\)/,
    );
    // A private CA is not an ACME CA; a certificate renewed on schedule has nothing to say.
    expect(lab!.problems).toEqual([]);
    expect(fresh).toMatchObject({ status: 'ok', problems: [] });
    expect(ninety!.status).toBe('warning');
    expect(ninety!.problems.map((p) => p.code)).toEqual(['RENEWAL_OVERDUE']);
  });

  it('heads the CLI table and has advice in the window', async () => {
    let out = '';
    const io: CliIo = {
      color: false,
      env: {},
      lookup,
      stdout: (t) => void (out += t),
      stderr: () => undefined,
    };
    expect(await run(['check', '--no-ocsp', '--ca', caFile, target.late!], io)).toBe(0);
    expect(out).toMatch(
      new RegExp(`^OK\\s+${target.late}\\s+1\\s+.*Automatic renewal should already have happened`, 'm'),
    );
    const advice = adviceFor('RENEWAL_OVERDUE');
    expect(advice.title).toBe('Automatic renewal overdue');
    expect(advice.action).toMatch(/certbot/);
  });

  it('the alert of a certificate not renewed says where to look', async () => {
    const time = new FakeTime(Date.now());
    const { watcher, notifier } = await testEngine(caFile, { lookup, clock: time });
    try {
      const [row] = await checkAll(watcher, await addTargets(watcher, target.last!), time);
      expect(row!.status).toBe('critical');
      await until('the alert', () => notifier.sent.length, time);
      expect(notifier.sent[0]!.title).toBe(`${target.last} expires in 5 hours`);
      expect(notifier.sent[0]!.body).toMatch(
        /clients will refuse it after that\. Automatic renewal should already have happened: .*certbot, cert-manager, Caddy or Traefik/,
      );
    } finally {
      await watcher.stop();
    }
  });

  it('knows the ACME CAs by the issuer names they use', () => {
    const life = 90 * DAY_MS;
    expect(acmeCaOf("CN=E6, O=Let's Encrypt, C=US", life)).toBe("Let's Encrypt");
    expect(acmeCaOf('CN=ZeroSSL ECC Domain Secure Site CA, O=ZeroSSL, C=AT', life)).toBe('ZeroSSL');
    expect(acmeCaOf('CN=WR1, O=Google Trust Services, C=US', life)).toBe('Google Trust Services');
    expect(acmeCaOf('CN=Buypass Class 2 CA 5, O=Buypass AS-983163327, C=NO', 180 * DAY_MS)).toBe('Buypass');
    expect(acmeCaOf('CN=SSL.com RSA SSL subCA, O=SSL Corporation, C=US', life)).toBe('SSL.com');
    // A year-long certificate from a CA that also sells them by hand is not an ACME one.
    expect(acmeCaOf('CN=SSL.com RSA SSL subCA, O=SSL Corporation, C=US', 365 * DAY_MS)).toBeNull();
    expect(acmeCaOf('CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US', life)).toBeNull();
    // Expired: still overdue, with none of the lifetime left.
    const now = Date.parse('2026-12-02T00:00:00Z');
    const expired = renewalOverdue(
      {
        issuer: "CN=R11, O=Let's Encrypt, C=US",
        notBefore: new Date(now - 100 * DAY_MS).toISOString(),
        notAfter: new Date(now - 10 * DAY_MS).toISOString(),
      },
      now,
    );
    expect(expired?.message).toMatch(/none of its lifetime of 90 days is left/);
  });
});
