// End to end over a real D-Bus: `certwatch watch --once` against real TLS servers and a stand-in
// org.freedesktop.Notifications. Seven entries, two critical: both are named and counted, critical urgency is
// set, the ledger holds only what was shown, the rest stays due and comes next time, a renewal arrives in a
// notification of its own; certificate names full of escapes, markup and CR/LF arrive inert; a label
// starting with `-` is delivered, not read as an option.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki, type Minted, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { startNotificationBus, type NotificationBus } from '../fixtures/dbus';
import { runCli } from '../fixtures/cli';

const NAME = 'honest.test';
let bus: NotificationBus;
let dir: string;
let ca: string;
let pki: Pki;
let env: NodeJS.ProcessEnv;
const servers = new Map<string, Running>();

beforeAll(async () => {
  bus = await startNotificationBus();
  dir = await mkdtemp(join(tmpdir(), 'certwatch-honest-'));
  env = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_CONFIG_HOME: join(dir, 'xdg') };
  pki = await makePki('Honest Test');
  ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  await bus?.close();
});

async function serve(name: string, leaf: Minted, port?: number): Promise<string> {
  await servers.get(name)?.close();
  const server = await startTlsServer({ chain: [leaf, pki.intermediate], ...(port ? { port } : {}) });
  servers.set(name, server);
  return `127.0.0.1:${server.port}`;
}

async function add(store: string, target: string, ...flags: string[]): Promise<void> {
  const added = await runCli(['add', '--store', store, ...flags, target], env);
  expect(added.code, added.stdout + added.stderr).toBe(0);
}

interface StoreFile {
  entries: { id: string; sni?: string; label?: string }[];
  ledger: { entryId: string; reason: string }[];
}
const readStore = async (store: string) => JSON.parse(await readFile(store, 'utf8')) as StoreFile;

it('names both critical entries among seven, records only what it showed, and sends the renewal apart', async () => {
  const store = join(dir, 'seven.json');
  const days: Record<string, number> = {
    w20: 20.5,
    w22: 22.5,
    w24: 24.5,
    w26: 26.5,
    w28: 28.5,
    c2: 2.5,
    c3: 3.5,
  };
  const targets: Record<string, string> = {};
  for (const [name, toDays] of Object.entries(days)) {
    targets[name] = await serve(
      name,
      await pki.leaf({ cn: `${name}.${NAME}`, fromDays: toDays - 90, toDays }),
    );
    await add(store, targets[name]!, '--sni', `${name}.${NAME}`, '--owner', `team-${name}`);
  }
  const before = bus.received.length;
  const first = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
  expect(first.code, first.stderr).toBe(2);
  const sent = bus.received.slice(before);
  expect(sent, JSON.stringify(sent)).toHaveLength(1);
  const summary = sent[0]!;
  expect(summary.summary).toBe('7 certificates need attention: 2 critical');
  expect(summary.urgency).toBe(2);
  const lines = summary.body.split('\n');
  expect(lines[0]).toBe(`c2.${NAME} at ${targets.c2} expires in 2 days (owner: team-c2)`);
  expect(lines[1]).toBe(`c3.${NAME} at ${targets.c3} expires in 3 days (owner: team-c3)`);
  expect(lines.slice(2, 5).map((l) => l.split(' ')[0])).toEqual([
    `w20.${NAME}`,
    `w22.${NAME}`,
    `w24.${NAME}`,
  ]);
  expect(lines[5]).toMatch(/^…and 2 more \(2 warning, the soonest in 26 days\)/);
  // No entry twice.
  expect(new Set(lines).size).toBe(lines.length);

  // The ledger holds the five entries shown, not the two only counted.
  const doc = await readStore(store);
  const nameOf = new Map(doc.entries.map((e) => [e.id, e.sni!.split('.')[0]]));
  expect([...new Set(doc.ledger.map((r) => nameOf.get(r.entryId)))].sort()).toEqual([
    'c2',
    'c3',
    'w20',
    'w22',
    'w24',
  ]);

  // w20 is renewed meanwhile; the next run names the two still due and announces the renewal on its own.
  await serve(
    'w20',
    await pki.leaf({ cn: `w20.${NAME}`, fromDays: -1, toDays: 200 }),
    servers.get('w20')!.port,
  );
  const second = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
  expect(second.code, second.stderr).toBe(2);
  const next = bus.received.slice(before + 1);
  expect(next.map((n) => n.summary).sort()).toEqual([
    '2 certificates need attention',
    `w20.${NAME} at ${targets.w20} certificate renewed`,
  ]);
  const attention = next.find((n) => n.summary === '2 certificates need attention')!;
  expect(attention.urgency).toBe(1);
  expect(attention.body.split('\n').map((l) => l.split(' ')[0])).toEqual([`w26.${NAME}`, `w28.${NAME}`]);

  // Everything due was shown once: a third run is silent.
  const third = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
  expect(third.code, third.stderr).toBe(2);
  expect(bus.received.length).toBe(before + 3);
});

it('delivers hostile certificate names inert, and a label starting with "-"', async () => {
  const store = join(dir, 'hostile.json');
  const sans = [
    'evil\u001b]0;pwned\u0007.test',
    '<a href="https://evil.example/">click</a>&amp;',
    'x.test\r\nCertificate renewed',
    `${'long'.repeat(1250)}.test`,
  ];
  const target = await serve('hostile', await pki.leaf({ cn: `other.${NAME}`, sans, toDays: 200 }));
  await add(
    store,
    target,
    '--sni',
    `hostile.${NAME}`,
    '--label',
    '-u low --hint=int:x:1 \\e',
    '--runbook',
    'https://wiki.example.com/tls',
  );
  const before = bus.received.length;
  const run = await runCli(['watch', '--once', '--ca', ca, '--store', store], env);
  expect(run.code, run.stderr).toBe(2);
  const sent = bus.received.slice(before);
  expect(sent, run.stderr).toHaveLength(1);
  const n = sent[0]!;
  // The label reached the desktop as the summary: nothing read it as notify-send options.
  expect(n.summary).toBe('-u low --hint=int:x:1 \\e: certificate does not match the host name');
  expect(n.urgency).toBe(2);
  // No escape, bell, CR or LF inside a line, no live markup; what the certificate said is still visible.
  for (const line of n.body.split('\n')) {
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(line).not.toMatch(/<[a-z/]/i);
  }
  expect(n.body).toContain('evil\\e]0;pwned\\x07.test');
  expect(n.body).toContain('&lt;a href="https://evil.example/"&gt;click&lt;/a&gt;&amp;amp;');
  // The name-mismatch sentence lists DNS names lowercased; the fake line stays inert all the same.
  expect(n.body.toLowerCase()).toContain('x.test\\r\\ncertificate renewed');
  expect(n.body).not.toMatch(/^certificate renewed/im);
  expect(n.body.length).toBeLessThan(3000);
  expect(n.body).toContain(`hostile.${NAME} at ${target}`);
  expect(n.body).toContain('Runbook: https://wiki.example.com/tls');
});
