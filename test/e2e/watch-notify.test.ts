// End to end: `certwatch watch` checks real TLS servers and its notification reaches a desktop notification
// server over D-Bus (node-notifier → notify-send → org.freedesktop.Notifications), once, across restarts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { startNotificationBus, type NotificationBus } from '../fixtures/dbus';
import { runCli, startCli } from '../fixtures/cli';

const NAME = 'e2e.test';
let bus: NotificationBus;
let dir: string;
let ca: string;
let store: string;
let env: NodeJS.ProcessEnv;
const servers: Running[] = [];
const at: Record<string, string> = {};

beforeAll(async () => {
  bus = await startNotificationBus();
  dir = await mkdtemp(join(tmpdir(), 'certwatch-e2e-'));
  store = join(dir, 'watchlist.json');
  env = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_CONFIG_HOME: join(dir, 'xdg') };
  const pki = await makePki('E2E Test');
  ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
  const certs = {
    soon: { cn: `soon.${NAME}`, fromDays: -85, toDays: 5.5 },
    expired: { cn: `expired.${NAME}`, fromDays: -90, toDays: -2.5 },
    // Asked for wrong.e2e.test, it answers with a certificate for another name.
    wrong: { cn: `other.${NAME}`, toDays: 200 },
  };
  for (const [name, spec] of Object.entries(certs)) {
    const server = await startTlsServer({ chain: [await pki.leaf(spec), pki.intermediate] });
    servers.push(server);
    at[name] = `127.0.0.1:${server.port}`;
    // The command resolves through the OS, so the target is the address and the name goes in SNI.
    const added = await runCli(['add', '--store', store, '--sni', `${name}.${NAME}`, at[name]!], env);
    expect(added.code, added.stdout + added.stderr).toBe(0);
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await bus?.close();
});

// Each log line names the entry by its SNI name at the address it was added as.
const checkLines = () => [
  new RegExp(`Z soon\\.${NAME} at ${at.soon} critical, expires in 5 days \\(\\d+ ms\\)$`),
  new RegExp(
    `Z expired\\.${NAME} at ${at.expired} expired, expired 2 days ago: The certificate expired on \\d{4}-\\d\\d-\\d\\d \\(2 days ago\\)`,
  ),
  new RegExp(
    `Z wrong\\.${NAME} at ${at.wrong} invalid, expires in 199 days: .*wrong\\.${NAME.replace('.', '\\.')}`,
  ),
];

it('sends one native notification for three broken certificates, and none again after a restart', async () => {
  const watch = startCli(['watch', '--ca', ca, '--store', store], env);
  let code: number | null;
  try {
    const summary = await bus.waitFor((n) => n.summary.includes('need attention'), 60_000);
    // Checked together, the three alerts fall within one grouping window: one summary, worst first, each
    // named by the server name the user gave, not only the address.
    expect(summary.summary).toBe('3 certificates need attention: 1 expired, 1 invalid, 1 critical');
    expect(summary.appName).toBe('Certwatch');
    expect(summary.urgency).toBe(2);
    expect(summary.body.split('\n')).toEqual([
      `expired.${NAME} at ${at.expired} certificate EXPIRED`,
      `wrong.${NAME} at ${at.wrong}: certificate does not match the host name`,
      `soon.${NAME} at ${at.soon} expires in 5 days`,
    ]);
    await watch.waitFor(/Z notified: 3 certificates need attention: 1 expired, 1 invalid, 1 critical$/);
  } finally {
    code = await watch.stop('SIGTERM');
  }
  expect(code, watch.stderr.join('\n')).toBe(0);
  const log = watch.stdout.join('\n');
  for (const line of checkLines())
    expect(
      watch.stdout.some((l) => line.test(l)),
      `${line}\n${log}`,
    ).toBe(true);
  expect(watch.stdout.at(-1)).toMatch(/Z stopped$/);
  expect(bus.received).toHaveLength(1);

  // Restarted, it finds the results on disk, already announced: its start-up sends nothing.
  const again = startCli(['watch', '--ca', ca, '--store', store], env);
  try {
    await again.waitFor(/Z watching 3 entries/);
  } finally {
    code = await again.stop('SIGTERM');
  }
  // stop() sends anything still grouping before the process exits, so nothing can arrive later.
  expect(code, again.stderr.join('\n')).toBe(0);
  expect(bus.received).toHaveLength(1);

  // Checked afresh: the same certificates with the same problems are still not news.
  const once = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
  expect(once.code, once.stderr).toBe(2);
  for (const line of checkLines())
    expect(
      once.stdout.split('\n').some((l) => line.test(l)),
      once.stdout,
    ).toBe(true);
  expect(bus.received).toHaveLength(1);
});
