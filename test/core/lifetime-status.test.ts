// Short-lived certificates: status and alerts read the same lifetime clock (expiry-standing.ts), so a 6-day
// certificate renewed on schedule is OK everywhere and silent, and one left to its last hours is critical and
// alerts. Real loopback TLS servers; `check` in-process; `list`, the tray and the window from the real watch
// engine's state at an injected moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../main/cli/program';
import type { CliIo } from '../../main/cli/io';
import { listTable } from '../../main/cli/list-format';
import { trayMenuModel, trayStatus } from '../../main/app/tray-model';
import type { Lookup } from '../../main/core/probe/resolve';
import { DAY_MS, HOUR_MS } from '../../main/shared/days';
import { describeExpiryAt, formatDaysLeft } from '../../renderer/lib/format';
import { STATUS_LABEL } from '../../renderer/lib/status';
import { FakeTime } from '../fixtures/fake-time';
import { makePki, type Minted, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { addTargets, checkAll, testEngine, until } from '../fixtures/watch-engine';

const DOMAIN = 'life.test';
const lookup: Lookup = async (host) => {
  if (host.endsWith(`.${DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

let pki: Pki;
let caFile: string;
const servers: Running[] = [];
const target: Record<string, string> = {};
const leaf: Record<string, Minted> = {};

beforeAll(async () => {
  pki = await makePki('Lifetime Test');
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-life-')), 'root.pem');
  await writeFile(caFile, pki.root.pem);
  const now = Date.now();
  const specs: Record<string, { notBefore: number; notAfter: number }> = {
    // A 6-day certificate renewed on schedule: 4 days left (two thirds of its life).
    // (An hour's margin, so the seconds the test takes do not change the whole days.)
    healthy: { notBefore: now - 2 * DAY_MS + HOUR_MS, notAfter: now + 4 * DAY_MS + HOUR_MS },
    // The same lifetime, not renewed: 5 hours left.
    overdue: { notBefore: now - 6 * DAY_MS + 5.5 * HOUR_MS, notAfter: now + 5.5 * HOUR_MS },
    // A 90-day certificate with 4 days left: long-lived, so the thresholds apply in calendar days.
    long: { notBefore: now - 86 * DAY_MS + HOUR_MS, notAfter: now + 4 * DAY_MS + HOUR_MS },
  };
  for (const [name, spec] of Object.entries(specs)) {
    leaf[name] = await pki.leaf({
      cn: `${name}.${DOMAIN}`,
      notBefore: new Date(spec.notBefore),
      notAfter: new Date(spec.notAfter),
    });
    const server = await startTlsServer({ chain: [leaf[name], pki.intermediate] });
    servers.push(server);
    target[name] = `${name}.${DOMAIN}:${server.port}`;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function io(): CliIo & { out: string } {
  const c = {
    out: '',
    color: false,
    env: {},
    lookup,
    stdout: (t: string) => void (c.out += t),
    stderr: () => undefined,
  };
  return c;
}

async function check(...args: string[]): Promise<{ code: number; out: string }> {
  const c = io();
  const code = await run(['check', '--ca', caFile, '--no-ocsp', ...args], c);
  return { code, out: c.out };
}

describe('certwatch check', () => {
  it('a 6-day certificate with 4 days left is OK (exit 0); with 5 hours left it is critical (exit 2)', async () => {
    const healthy = await check(target.healthy!);
    expect(healthy.code).toBe(0);
    expect(healthy.out).toMatch(new RegExp(`^OK\\s+${target.healthy}\\s+4\\s`, 'm'));

    const overdue = await check(target.overdue!);
    expect(overdue.code).toBe(2);
    expect(overdue.out).toMatch(new RegExp(`^CRITICAL\\s+${target.overdue}\\s+0\\s`, 'm'));

    const json = JSON.parse((await check('--json', target.healthy!, target.overdue!)).out) as {
      results: { status: string; daysLeft: number }[];
    };
    expect(json.results.map((r) => [r.status, r.daysLeft])).toEqual([
      ['ok', 4],
      ['critical', 0],
    ]);
  });

  it('a long-lived certificate keeps the thresholds as given: 4 days left is critical', async () => {
    const long = await check(target.long!);
    expect(long.code).toBe(2);
    expect(long.out).toMatch(new RegExp(`^CRITICAL\\s+${target.long}\\s+4\\s`, 'm'));
  });

  it('other thresholds scale down with the lifetime too: --warn 45 warns a 6-day certificate from 54 hours left', async () => {
    // One counted day of a 6-day certificate is 6 days / 120 = 1.2 hours: 45 of them are 54 hours.
    expect((await check('--warn', '45', '--crit', '7', target.healthy!)).code).toBe(0);
    expect((await check('--warn', '45', '--crit', '7', target.overdue!)).code).toBe(2);
  });
});

describe('the watch engine: list, tray, window and notifications agree', () => {
  it('4 days left: OK everywhere and no alert; 5 hours left: critical everywhere and an alert', async () => {
    const time = new FakeTime(Date.now());
    const { watcher, notifier, logs } = await testEngine(caFile, { lookup, clock: time });
    try {
      const [id] = await addTargets(watcher, target.healthy!);

      const [healthy] = await checkAll(watcher, [id!], time);
      await time.advance(10_000); // past the grouping window: anything due would have gone out
      const state = watcher.state();
      expect(healthy!.status).toBe('ok');
      expect(healthy!.daysLeft).toBe(4);
      // `certwatch list` prints this table from the same state.
      expect(listTable(state.entries, false)).toMatch(new RegExp(`^OK\\s+${target.healthy}\\s+4\\s`, 'm'));
      // The window: badge label, days column and verdict sentence.
      expect(STATUS_LABEL[healthy!.status]).toBe('OK');
      expect(formatDaysLeft(healthy!.daysLeft)).toBe('4');
      expect(describeExpiryAt(healthy!.notAfter, time.now())).toBe('Expires in 4 days');
      expect(trayStatus(state)).toBe('ok');
      expect(logs.join('\n')).toMatch(new RegExp(`${target.healthy} ok, expires in 4 days`));
      expect(notifier.sent).toEqual([]);

      // The same certificate, not renewed, 5 hours before it expires.
      time.jump(leaf.healthy!.cert.notAfter.getTime() - 5 * HOUR_MS - 60_000 - time.now());
      const [late] = await checkAll(watcher, [id!], time);
      expect(late!.status).toBe('critical');
      expect(late!.daysLeft).toBe(0);
      expect(listTable(watcher.state().entries, false)).toMatch(
        new RegExp(`^CRITICAL\\s+${target.healthy}\\s+0\\s`, 'm'),
      );
      expect(STATUS_LABEL[late!.status]).toBe('Critical');
      expect(describeExpiryAt(late!.notAfter, time.now())).toBe('Expires in 5 hours');
      expect(trayStatus(watcher.state())).toBe('critical');
      const menu = trayMenuModel(watcher.state(), { now: time.now() }).items.map((i) =>
        'label' in i ? i.label : '',
      );
      expect(menu).toContain(`${target.healthy} — 5 hours left`);

      await until('the alert', () => notifier.sent.length, time);
      expect(notifier.sent).toHaveLength(1);
      expect(notifier.sent[0]!.title).toBe(`${target.healthy} expires in 5 hours`);
      expect(notifier.sent[0]!.body).toMatch(/, in 5 hours; clients will refuse it after that\./);
    } finally {
      await watcher.stop();
    }
  });
});
