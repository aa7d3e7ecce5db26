// Team channels against real receivers on loopback: a node:http server standing in for a generic webhook,
// Slack/Mattermost and Teams, and smtp-server with STARTTLS (a test-minted certificate) and AUTH. The real
// engine checks real TLS servers; each receiver gets exactly the alerts due for its route, once, with owner
// and runbook; a receiver that fails twice gets them after retries; the HMAC verifies; no secret leaks into
// exports, logs or the state sent to the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createWatcher, type Watcher } from '../../main/core/watch/watcher';
import { openStore, type Store } from '../../main/core/watch/store/file-store';
import type { Lookup } from '../../main/core/probe/resolve';
import { systemClock } from '../../main/core/probe/time';
import type { ChannelInput, ChannelRoute } from '../../main/shared/channels';
import { parseRequest } from '../../main/shared/schemas';
import { slackEscape } from '../../main/core/watch/channels/messages';
import { loadDoc } from '../../main/core/watch/store/recover';
import { makePki, type Pki } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';

const DOMAIN = 'channels.test';
const SECRETS = {
  hmac: 'whsec-topsecret-1234567890',
  generic: 'generictoken-abcdef1234567890',
  slack: 'slacktoken-XYZ123456789',
  teams: 'teamstoken-QRS987654321',
  flaky: 'flakytoken-LMN55555555',
  dead: 'deadtoken-OPQ66666666',
  smtp: 'smtp-Pa55word!-secret',
};
let pki: Pki;
let caFile: string;
const servers: Running[] = [];
const target: Record<string, string> = {};
const lookup: Lookup = async (host) => {
  if (host.endsWith(`.${DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

interface Post {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}
const posts: Post[] = [];
let flakyFailures = 0;
let receiver: http.Server;
let hookBase: string;

interface Mail {
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let deadPort: number;

beforeAll(async () => {
  pki = await makePki('Channels Test');
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-channels-ca-')), 'root.pem');
  await writeFile(caFile, pki.root.pem);
  const specs: Record<string, { cn: string; toDays: number; fromDays?: number }> = {
    good: { cn: `good.${DOMAIN}`, toDays: 200 },
    soon: { cn: `soon.${DOMAIN}`, fromDays: -85, toDays: 5.5 },
    ten: { cn: `ten.${DOMAIN}`, fromDays: -80, toDays: 10.5 },
    expired: { cn: `expired.${DOMAIN}`, fromDays: -90, toDays: -3 },
  };
  for (const [name, spec] of Object.entries(specs)) {
    const server = await startTlsServer({ chain: [await pki.leaf(spec), pki.intermediate] });
    servers.push(server);
    target[name] = `${name}.${DOMAIN}:${server.port}`;
  }

  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.startsWith('/flaky/') && flakyFailures < 2) {
        flakyFailures++;
        res.writeHead(503).end('busy');
      } else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const smtpCert = await pki.leaf({ cn: 'localhost', sans: ['localhost', '127.0.0.1'] });
  smtp = new SMTPServer({
    secure: false,
    key: smtpCert.keyPem,
    cert: [smtpCert.pem, pki.intermediate.pem].join('\n'),
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'certwatch' && auth.password === SECRETS.smtp)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  deadPort = await closedPort();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const route = (r: Partial<ChannelRoute>): ChannelRoute => ({
  all: false,
  entryIds: [],
  tags: [],
  owners: [],
  ...r,
});

async function until<T>(
  what: string,
  fn: () => T | undefined | null | false,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function engine(dir: string, logs: string[]): { watcher: Watcher; store: Store } {
  const store = openStore({ dir, clock: systemClock });
  store.update((doc) => void (doc.settings = { ...doc.settings, caBundlePath: caFile }));
  const watcher = createWatcher({
    store,
    notifier: { notify: async () => ({ delivered: true }) },
    lookup,
    env: {},
    random: () => 0.5,
    log: (line) => logs.push(line),
    // The product's own window: a round's results are saved in batches up to a second apart (the first one at
    // once), and on a loaded machine its checks spread over that second; every alert of the round is one message.
    groupWindowMs: 2000,
    channelRetryDelaysMs: [30, 30],
  });
  return { watcher, store };
}

describe('team channels', () => {
  let dir: string;
  const logs: string[] = [];
  let first: Watcher;
  let store: Store;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwatch-channels-'));
    ({ watcher: first, store } = engine(dir, logs));
    const w = first;
    const report = await w.handlers['entries:add']({ text: Object.values(target).join('\n') });
    expect(report.added).toBe(4);
    const names = Object.keys(target);
    report.lines.forEach((l, i) => (ids[names[i]!] = l.entryId!));
    const runbook = 'https://wiki.example.com/tls';
    await w.handlers['entries:update']({
      id: ids.soon!,
      patch: { owner: 'alice@example.test', runbookUrl: runbook, tags: ['web'] },
    });
    await w.handlers['entries:update']({
      id: ids.ten!,
      patch: { owner: 'team-payments', runbookUrl: runbook },
    });
    await w.handlers['entries:update']({ id: ids.expired!, patch: { owner: 'team-legacy', tags: ['web'] } });

    const save = (channel: ChannelInput) => w.handlers['channels:save']({ channel });
    await save({
      name: 'Generic',
      kind: 'webhook',
      enabled: true,
      route: route({ all: true }),
      url: `${hookBase}/hook/${SECRETS.generic}`,
      secret: SECRETS.hmac,
    });
    await save({
      name: 'Web team Slack',
      kind: 'slack',
      enabled: true,
      route: route({ tags: ['WEB'] }),
      url: `${hookBase}/services/T0/B0/${SECRETS.slack}`,
    });
    await save({
      name: 'Payments Teams',
      kind: 'teams',
      enabled: true,
      route: route({ owners: ['team-payments'] }),
      url: `${hookBase}/teams/${SECRETS.teams}`,
    });
    await save({
      name: 'Flaky',
      kind: 'webhook',
      enabled: true,
      route: route({ entryIds: [ids.expired!] }),
      url: `${hookBase}/flaky/${SECRETS.flaky}`,
    });
    await save({
      name: 'Dead',
      kind: 'slack',
      enabled: true,
      route: route({ entryIds: [ids.expired!] }),
      url: `http://127.0.0.1:${deadPort}/x/${SECRETS.dead}`,
    });
    await save({
      name: 'Mail',
      kind: 'email',
      enabled: true,
      route: route({ all: true }),
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        security: 'starttls',
        user: 'certwatch',
        password: SECRETS.smtp,
        from: 'certwatch@example.test',
      },
      to: 'oncall@example.test',
    });

    w.start();
    await w.checkAll();
    await until(
      'every delivery',
      () =>
        mails.length >= 2 &&
        posts.filter((p) => p.path.startsWith('/flaky/')).length >= 3 &&
        logs.some((l) => l.includes('channel Dead: not delivered') && l.includes('tried 3 times')),
    );
    await w.stop();
  }, 60_000);

  const bodies = (prefix: string) => posts.filter((p) => p.path.startsWith(prefix));

  it('posts the generic JSON with exactly the alerts due, owner and runbook, and a signature that verifies', () => {
    const [post, ...more] = bodies('/hook/');
    expect(more).toHaveLength(0);
    const body = JSON.parse(post!.raw) as {
      timestamp: number;
      title: string;
      alerts: Array<Record<string, unknown>>;
    };
    expect(post!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRETS.hmac).update(post!.raw).digest('hex')}`;
    expect(post!.headers['x-certwatch-signature']).toBe(expected);
    expect(post!.headers['x-certwatch-timestamp']).toBe(String(body.timestamp));
    expect(body.title).toBe('3 certificates need attention: 1 expired, 1 critical');
    const byEntry = Object.fromEntries(body.alerts.map((a) => [a.entryId, a]));
    expect(Object.keys(byEntry).sort()).toEqual([ids.expired, ids.soon, ids.ten].sort());
    expect(byEntry[ids.soon!]).toMatchObject({
      kind: 'threshold',
      severity: 'critical',
      owner: 'alice@example.test',
      runbookUrl: 'https://wiki.example.com/tls',
      daysLeft: 5,
    });
    expect(byEntry[ids.ten!]).toMatchObject({ severity: 'warning', owner: 'team-payments' });
    expect(byEntry[ids.expired!]).toMatchObject({ kind: 'expired', owner: 'team-legacy' });
  });

  it('sends Slack only the entries its tag route picks, and Teams only its owner’s', () => {
    const slack = bodies('/services/');
    expect(slack).toHaveLength(1);
    const text = (JSON.parse(slack[0]!.raw) as { text: string }).text;
    expect(text.split('\n')[0]).toBe(
      ':rotating_light: *2 certificates need attention: 1 expired, 1 critical*',
    );
    expect(text).toContain(`expired.${DOMAIN}:`);
    expect(text).toContain('owner: alice@example.test, runbook: https://wiki.example.com/tls');
    expect(text).not.toContain(`ten.${DOMAIN}`);

    const teams = bodies('/teams/');
    expect(teams).toHaveLength(1);
    const card = JSON.parse(teams[0]!.raw) as {
      attachments: Array<{ contentType: string; content: { body: Array<{ text: string }> } }>;
    };
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const lines = card.attachments[0]!.content.body.map((b) => b.text);
    expect(lines[0]).toMatch(new RegExp(`^ten\\.${DOMAIN.replace('.', '\\.')}:\\d+ expires in 10 days$`));
    expect(lines).toContain('Owner: team-payments');
    expect(lines).toContain('Runbook: https://wiki.example.com/tls');
  });

  it('retries a receiver that failed twice until it has the alert', () => {
    const flaky = bodies('/flaky/');
    expect(flaky).toHaveLength(3);
    expect(
      new Set(
        flaky.map((p) =>
          (JSON.parse(p.raw) as { alerts: { key: string }[] }).alerts.map((a) => a.key).join(),
        ),
      ),
    ).toHaveProperty('size', 1);
    expect(
      logs.filter((l) =>
        l.startsWith('channel Flaky: not delivered (the receiver answered HTTP 503); retrying'),
      ),
    ).toHaveLength(2);
    expect(logs).toContain(
      `channel Flaky: sent "expired.${DOMAIN}:${target.expired!.split(':')[1]} certificate EXPIRED" (attempt 3)`,
    );
  });

  it('e-mails the owner when the owner is an address, the route address otherwise, over STARTTLS with AUTH', () => {
    expect(mails).toHaveLength(2);
    for (const m of mails) expect(m).toMatchObject({ user: 'certwatch', secure: true });
    const alice = mails.find((m) => m.to.join() === 'alice@example.test')!;
    expect(alice.raw).toMatch(/^Subject: \[Certwatch\] soon\.channels\.test:\d+ expires in 5 days/m);
    expect(alice.raw).toContain('Runbook: https://wiki.example.com/tls');
    const oncall = mails.find((m) => m.to.join() === 'oncall@example.test')!;
    expect(oncall.raw).toMatch(/^Subject: \[Certwatch\] 2 certificates need attention: 1 expired/m);
    expect(oncall.raw).toContain('owner: team-payments');
    expect(oncall.raw).not.toContain(`soon.${DOMAIN}`);
  });

  it('shows a channel that keeps failing in the window and the log', () => {
    const dead = first.state().channels!.find((c) => c.name === 'Dead')!;
    expect(dead.health.lastError).toBe('ECONNREFUSED');
    expect(dead.health.lastErrorAt).not.toBeNull();
    const generic = first.state().channels!.find((c) => c.name === 'Generic')!;
    expect(generic.health).toMatchObject({ lastError: null, retrying: 0 });
    expect(generic.health.lastSentAt).not.toBeNull();
  });

  it('sends nothing again: not on the next check, not after a restart', async () => {
    const before = { posts: posts.filter((p) => !p.path.startsWith('/x/')).length, mails: mails.length };
    const again = engine(dir, logs).watcher;
    again.start();
    await again.checkAll();
    await again.stop();
    expect({ posts: posts.length, mails: mails.length }).toEqual(before);
  });

  it('keeps every secret out of exports, logs and the state sent to the window', async () => {
    const stored = await readFile(join(dir, 'config.json'), 'utf8');
    for (const s of Object.values(SECRETS)) expect(stored).toContain(s); // the store keeps them, for sending
    const json = (await first.handlers['watchlist:export']({ format: 'json' })).content;
    const csv = (await first.handlers['watchlist:export']({ format: 'csv' })).content;
    const ics = (await first.handlers['watchlist:export']({ format: 'ics' })).content;
    const state = JSON.stringify(first.state());
    const log = logs.join('\n');
    for (const s of Object.values(SECRETS)) {
      for (const [where, text] of Object.entries({ json, csv, ics, state, log }))
        expect(text, `${s} in ${where}`).not.toContain(s);
    }
    const slack = first.state().channels!.find((c) => c.kind === 'slack' && c.name !== 'Dead')!;
    expect(slack).toMatchObject({ urlMasked: `${hookBase}/••••`, hasUrl: true });
    const mail = first.state().channels!.find((c) => c.kind === 'email')!;
    expect(mail.smtp).toMatchObject({ hasPassword: true, user: 'certwatch' });
    expect(mail.smtp).not.toHaveProperty('password');
  });

  it('keeps a stored secret when the window saves the channel without it', async () => {
    const mail = first.state().channels!.find((c) => c.kind === 'email')!;
    const { hasPassword: _h, ...smtpView } = mail.smtp!;
    await first.handlers['channels:save']({
      channel: {
        id: mail.id,
        name: 'Mail (renamed)',
        kind: 'email',
        enabled: true,
        route: mail.route,
        smtp: smtpView,
        to: mail.to!,
      },
    });
    expect(store.get().channels!.find((c) => c.id === mail.id)!.smtp!.password).toBe(SECRETS.smtp);
  });
});

describe('channels in the store file', () => {
  const hook = {
    id: 'c1',
    name: 'Hook',
    kind: 'webhook',
    enabled: true,
    route: route({ all: true }),
    url: 'https://hooks.example.com/x',
    secret: 'k',
  };
  const deps = { now: () => 0, newId: () => 'id' };
  it('keeps the readable channels when one is bad, with a sentence about it', () => {
    const raw = JSON.stringify({
      version: 1,
      entries: [],
      settings: {},
      ledger: [],
      channels: [hook, { ...hook, id: 'c2', url: 'ftp://x' }],
      state: {},
    });
    const loaded = loadDoc(raw, deps);
    expect(loaded.ok && loaded.doc.channels?.map((c) => c.id)).toEqual(['c1']);
    expect(loaded.ok && loaded.messages.join(' ')).toMatch(/A team channel could not be read/);
  });
  it('salvages channels from a file cut short', () => {
    const raw = JSON.stringify({
      version: 1,
      entries: [],
      settings: {},
      ledger: [],
      channels: [hook],
      state: { x: { history: [] } },
    });
    const loaded = loadDoc(raw.slice(0, raw.length - 20), deps);
    expect(loaded.ok && loaded.recovered).toBe(true);
    expect(loaded.ok && loaded.doc.channels).toEqual([hook]);
  });
});

describe('chat messages carry certificate text inert', () => {
  it('breaks Markdown links and channel-wide mentions, and escapes Slack’s reserved characters', () => {
    expect(
      slackEscape('[Certificate renewed](https://evil.example) @channel <!here> a&b alice@example.test'),
    ).toBe(
      '[Certificate renewed] (https://evil.example) @\u200bchannel &lt;!here&gt; a&amp;b alice@example.test',
    );
  });
});

describe('channel settings are validated where they enter', () => {
  const base = { name: 'x', kind: 'webhook', enabled: true, route: route({ all: true }) };
  it('accepts https anywhere and http only to this machine', () => {
    expect(
      parseRequest('channels:save', { channel: { ...base, url: 'https://hooks.example.com/a' } }).ok,
    ).toBe(true);
    expect(parseRequest('channels:save', { channel: { ...base, url: 'http://127.0.0.1:9/a' } }).ok).toBe(
      true,
    );
    const plain = parseRequest('channels:save', { channel: { ...base, url: 'http://hooks.example.com/a' } });
    expect(plain).toEqual({ ok: false, message: expect.stringContaining('must be an https:// URL') });
  });
  it('refuses unknown fields, bad addresses and a missing server', async () => {
    expect(
      parseRequest('channels:save', { channel: { ...base, url: 'https://h.example/a', extra: 1 } }).ok,
    ).toBe(false);
    expect(
      parseRequest('channels:save', { channel: { ...base, kind: 'email', to: 'not an address' } }).ok,
    ).toBe(false);
    const dir = await mkdtemp(join(tmpdir(), 'certwatch-channels-bad-'));
    const { watcher } = engine(dir, []);
    await expect(
      watcher.handlers['channels:save']({ channel: { ...base, kind: 'email' } as ChannelInput }),
    ).rejects.toThrow(/The channel smtp: is needed for e-mail/);
  });
});
