// `certwatch doctor`: one line per check with OK/WARN/FAIL, --json, exit 0 here and 1 when a check fails;
// the built command finds a real private D-Bus session bus and notify-send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { run } from '../../main/cli/program';
import type { DoctorReport } from '../../main/core/selftest/doctor';
import { startNotificationBus, type NotificationBus } from '../fixtures/dbus';
import { capturingIo } from '../fixtures/cli';

const exec = promisify(execFile);

const io = (env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) => capturingIo({ env });

const LABELS = [
  'Runtime',
  'TLS profile',
  'Probe: valid certificate',
  'Probe: expired certificate',
  'Probe: certificate for another name',
  'Trust store',
  'Notifications',
  'Proxy',
];

describe('certwatch doctor', () => {
  it('prints one OK/WARN/FAIL line per check and exits 0 when nothing failed', async () => {
    const out = io();
    expect(await run(['doctor'], out)).toBe(0);
    const lines = out.out.trimEnd().split('\n');
    const checks = lines.slice(0, LABELS.length);
    expect(checks.map((l) => /^(OK|WARN|FAIL)\s+(.+?)\s{2,}/.exec(l)?.[2])).toEqual(LABELS);
    for (const label of LABELS.filter((l) => l !== 'Notifications'))
      expect(checks.find((l) => l.includes(label))).toMatch(/^OK /);
    expect(lines.at(-1)).toMatch(/^(Everything works here\.|Checks work here; \d warnings? above\.)$/);
    expect(out.err).toBe('');
  });

  it('--json prints the report', async () => {
    const out = io();
    expect(await run(['doctor', '--json'], out)).toBe(0);
    const report = JSON.parse(out.out) as DoctorReport;
    expect(report.checks.map((c) => c.label)).toEqual(LABELS);
    expect(report).toMatchObject({ failed: false, probeFailure: null });
  });

  it('exits 1 and says FAIL when a check fails (a proxy checks could not use)', async () => {
    const out = io({ PATH: process.env.PATH, HTTPS_PROXY: 'socks5://proxy.corp.test:1080' });
    expect(await run(['doctor'], out)).toBe(1);
    expect(out.out).toMatch(/^FAIL\s+Proxy\s+HTTPS_PROXY .*only http:\/\/ proxies are supported/m);
    expect(out.out).toContain('1 check failed.');
  });

  it('refuses an unreadable --ca in one sentence (exit 3)', async () => {
    const out = io();
    expect(await run(['doctor', '--ca', '/nonexistent/ca.pem'], out)).toBe(3);
    expect(out.err).toBe('certwatch: cannot read the CA bundle /nonexistent/ca.pem: ENOENT\n');
  });

  describe('the built command with a desktop session', () => {
    let bus: NotificationBus;
    beforeAll(async () => (bus = await startNotificationBus()));
    afterAll(() => bus.close());

    it('reports notify-send over the session bus as the notification route', async () => {
      const { stdout } = await exec(process.execPath, ['dist/cli/certwatch.js', 'doctor'], {
        env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: bus.address },
      });
      expect(stdout).toMatch(
        new RegExp(
          `^OK\\s+Notifications\\s+\\S*notify-send over the D-Bus session bus at ${bus.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          'm',
        ),
      );
      expect(stdout).toContain('Everything works here.');
    });
  });
});
