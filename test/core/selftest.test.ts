// The self-test behind `certwatch doctor` and the app: the real probe against its own loopback server must
// tell a good chain from an expired and a wrong-name one, and a self-test must notice an engine that cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probe as realProbe } from '../../main/core/probe/probe';
import { proxySettings } from '../../main/core/probe/proxy';
import { runDoctor, type DoctorDeps } from '../../main/core/selftest/doctor';
import {
  appNotificationRoute,
  cliNotificationRoute,
  describeProxy,
  findExecutable,
  macSignatureFrom,
  trustInfoFrom,
} from '../../main/core/selftest/environment';
import { mintSelfTestPki, SELFTEST_NAMES } from '../../main/core/selftest/pki';
import { makePki } from '../fixtures/pki';

const fine: DoctorDeps = {
  trustInfo: () => ({ sources: [{ name: 'test roots', count: 3 }], size: 3, skipped: 0 }),
  notificationRoute: () => ({ level: 'ok', detail: 'test route' }),
  proxy: () => ({ level: 'ok', detail: 'direct' }),
};

describe('the self-test PKI', () => {
  it('mints a chain openssl-style verification accepts, and leaves that say what they are', async () => {
    const now = Date.now();
    const pki = await mintSelfTestPki(now);
    const root = new X509Certificate(pki.rootPem);
    const [leaf, intermediate] = pki.good.certPem
      .split(/(?<=-----END CERTIFICATE-----)/)
      .filter((p) => p.includes('BEGIN'))
      .map((p) => new X509Certificate(p));
    expect(leaf!.verify(intermediate!.publicKey)).toBe(true);
    expect(intermediate!.verify(root.publicKey)).toBe(true);
    expect(leaf!.checkHost(SELFTEST_NAMES.good)).toBe(SELFTEST_NAMES.good);
    const expired = new X509Certificate(pki.expired.certPem);
    expect(Date.parse(expired.validTo)).toBeLessThan(now);
    expect(new X509Certificate(pki.wrongName.certPem).checkHost(SELFTEST_NAMES.wrongName)).toBeUndefined();
  });
});

describe('runDoctor with the real engine', () => {
  it('passes here: the good case is OK, the expired one expired, the wrong name invalid', async () => {
    const report = await runDoctor(fine);
    expect(report.failed).toBe(false);
    expect(report.probeFailure).toBeNull();
    expect(report.checks.map((c) => [c.id, c.level])).toEqual([
      ['runtime', 'ok'],
      ['tls-profile', 'ok'],
      ['probe-valid', 'ok'],
      ['probe-expired', 'ok'],
      ['probe-wrong-name', 'ok'],
      ['trust-store', 'ok'],
      ['notifications', 'ok'],
      ['proxy', 'ok'],
    ]);
    expect(report.checks.find((c) => c.id === 'tls-profile')!.detail).toContain('DEFAULT:@SECLEVEL=0');
    expect(report.checks.find((c) => c.id === 'runtime')!.detail).toContain(`Node ${process.versions.node}`);
  });

  it('catches an engine that calls everything OK (a false OK)', async () => {
    const report = await runDoctor({
      ...fine,
      probe: async (target, options) => ({
        ...(await realProbe(target, options)),
        status: 'ok',
        problems: [],
      }),
    });
    expect(report.failed).toBe(true);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(byId.get('probe-valid')!.level).toBe('ok');
    expect(byId.get('probe-expired')).toMatchObject({
      level: 'fail',
      detail: 'an expired test certificate came out ok, not expired (EXPIRED)',
    });
    expect(byId.get('probe-wrong-name')!.level).toBe('fail');
    expect(report.probeFailure).toBe('an expired test certificate came out ok, not expired (EXPIRED)');
  });

  it('says why when the engine cannot check at all, and sets the tray sentence', async () => {
    const report = await runDoctor({
      ...fine,
      // The real probe, with a resolver that knows no name: every case comes back as an error.
      probe: (target, options) =>
        realProbe(target, {
          ...options,
          lookup: async () => {
            throw Object.assign(new Error('resolver unavailable'), { code: 'EAI_AGAIN' });
          },
        }),
    });
    expect(report.failed).toBe(true);
    expect(report.probeFailure).toMatch(/^could not check a test server on 127\.0\.0\.1: /);
    expect(report.checks.filter((c) => c.level === 'fail').map((c) => c.id)).toEqual([
      'probe-valid',
      'probe-expired',
      'probe-wrong-name',
    ]);
  });

  it('fails a TLS profile this runtime refuses, by its error code', async () => {
    const report = await runDoctor({
      ...fine,
      tlsProfile: () => ({ name: 'openssl', ciphers: 'NO-SUCH-CIPHER' }),
    });
    const check = report.checks.find((c) => c.id === 'tls-profile')!;
    expect(check.level).toBe('fail');
    expect(check.detail).toMatch(/refuses it \(ERR_SSL_/);
    expect(report.probeFailure).toBe(check.detail);
  });

  it('turns a collaborator that throws into a failed line, never a crash', async () => {
    const report = await runDoctor({
      ...fine,
      trustInfo: () => {
        throw new Error('store unreadable');
      },
      notificationRoute: async () => {
        throw new Error('no session');
      },
    });
    expect(report.checks.find((c) => c.id === 'trust-store')).toMatchObject({ level: 'fail' });
    expect(report.checks.find((c) => c.id === 'notifications')!.detail).toContain('no session');
    expect(report.probeFailure).toBeNull(); // the probe itself works
  });
});

describe('what the self-test reports about this computer', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'certwatch-selftest-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('counts trust anchors per source, once each, and the ones this runtime cannot read', async () => {
    const pki = await makePki('Doctor');
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n';
    const info = trustInfoFrom([
      { name: 'bundled', pems: [pki.root.pem, pki.intermediate.pem] },
      { name: 'bundle', pems: [`${pki.root.pem}\n${broken}`] },
    ]);
    expect(info).toEqual({
      sources: [
        { name: 'bundled', count: 2 },
        { name: 'bundle', count: 1 },
      ],
      size: 2,
      skipped: 1,
    });
    const report = await runDoctor({ ...fine, trustInfo: () => info });
    expect(report.checks.find((c) => c.id === 'trust-store')).toMatchObject({
      level: 'warn',
      detail: '2 trusted roots (bundled 2, bundle 1); 1 skipped (this runtime cannot read them)',
    });
  });

  it('finds notify-send on PATH and the D-Bus socket the address names', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'notify-send'), '#!/bin/sh\n', { mode: 0o755 });
    const socket = join(dir, 'bus');
    await writeFile(socket, '');
    const env = { PATH: bin, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` };
    const which = (name: string) => findExecutable(name, env, 'linux');
    expect(cliNotificationRoute({ platform: 'linux', env, which })).toEqual({
      level: 'ok',
      detail: `${join(bin, 'notify-send')} over the D-Bus session bus at unix:path=${socket}`,
    });
    const gone = { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'nothing')}` };
    expect(cliNotificationRoute({ platform: 'linux', env: gone, which }).level).toBe('warn');
    expect(cliNotificationRoute({ platform: 'linux', env: { PATH: bin }, which }).detail).toContain(
      'no D-Bus session bus',
    );
    expect(
      cliNotificationRoute({
        platform: 'linux',
        env: { PATH: dir },
        which: (n) => findExecutable(n, { PATH: dir }),
      }).detail,
    ).toContain('libnotify-bin');
  });

  it('warns that an unsigned or ad-hoc signed macOS build may have its notifications refused', () => {
    expect(macSignatureFrom('/Applications/Certwatch.app: code object is not signed at all')).toBe(
      'unsigned',
    );
    expect(macSignatureFrom('Executable=/x\nSignature=adhoc\nTeamIdentifier=not set')).toBe('ad-hoc');
    expect(
      macSignatureFrom('Authority=Developer ID Application: Example (ABCDE12345)\nAuthority=Apple Root CA'),
    ).toBe('developer-id');
    expect(appNotificationRoute({ platform: 'darwin', supported: true, signature: 'ad-hoc' })).toMatchObject({
      level: 'warn',
      detail: expect.stringContaining('only ad-hoc signed'),
    });
    expect(
      appNotificationRoute({ platform: 'darwin', supported: true, signature: 'developer-id' }).level,
    ).toBe('ok');
    expect(appNotificationRoute({ platform: 'linux', supported: false }).level).toBe('warn');
    expect(
      appNotificationRoute({ platform: 'linux', supported: true, notice: 'Notifications were refused' }),
    ).toEqual({ level: 'warn', detail: 'Notifications were refused' });
  });

  it('names the proxy in effect and where it came from, and fails on one that cannot be used', () => {
    const env = { HTTPS_PROXY: 'http://user:secret@proxy.corp.test:3128', NO_PROXY: 'intranet.test' };
    const named = describeProxy(proxySettings({ env }), 'HTTPS_PROXY');
    expect(named).toEqual({
      level: 'ok',
      detail:
        'http://proxy.corp.test:3128 for TLS targets, from HTTPS_PROXY; not for intranet.test (NO_PROXY); STARTTLS targets connect directly',
    });
    expect(named.detail).not.toContain('secret');
    expect(describeProxy(proxySettings({ env: {} }), 'the environment').detail).toBe(
      'direct (the environment names no proxy)',
    );
    expect(describeProxy(proxySettings({ env: { HTTPS_PROXY: 'socks5://x:1' } }), 'env').level).toBe('fail');
  });
});
