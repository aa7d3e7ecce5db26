// One day count on every surface: the same certificate at the same moment reads the same number and sentence in
// the CLI table and JSON, `list`, the watch log, the notification, the tray, the window and the calendar.
// A certificate that expired 5 days and 39 seconds ago expired "5 days ago" (not 6); under 48 hours, hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { run } from '../../main/cli/program';
import type { CliIo } from '../../main/cli/io';
import { listTable } from '../../main/cli/list-format';
import { timeLeftText } from '../../main/app/tray-model';
import type { Lookup } from '../../main/core/probe/resolve';
import { DAY_MS, HOUR_MS } from '../../main/shared/days';
import { describeExpiryAt, formatDaysLeft } from '../../renderer/lib/format';
import { validity } from '../../renderer/lib/validity';
import { FakeTime } from '../fixtures/fake-time';
import { makePki, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { addTargets, checkAll, testEngine, until } from '../fixtures/watch-engine';

const DOMAIN = 'days.test';
const lookup: Lookup = async (host) => {
  if (host.endsWith(`.${DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

interface Case {
  /** Milliseconds left when minted (negative: expired that long ago). */
  msLeft: number;
  days: number;
  /** The phrase every sentence uses. */
  span: string;
  expired: boolean;
}

const CASES: Record<string, Case> = {
  // Expired 5 days and 39 seconds ago: 5 whole days since expiry.
  gone: { msLeft: -(5 * DAY_MS + 39_000), days: -5, span: '5 days', expired: true },
  // 12 days and 3 hours left: 12 whole days.
  soon: { msLeft: 12 * DAY_MS + 3 * HOUR_MS, days: 12, span: '12 days', expired: false },
  // 30 hours and 10 minutes left: 1 whole day, and "30 hours" in words.
  hours: { msLeft: 30 * HOUR_MS + 600_000, days: 1, span: '30 hours', expired: false },
};

let pki: Pki;
let caFile: string;
const servers: Running[] = [];
const target: Record<string, string> = {};

beforeAll(async () => {
  pki = await makePki('Day Count Test');
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-days-')), 'root.pem');
  await writeFile(caFile, pki.root.pem);
  const now = Date.now();
  for (const [name, c] of Object.entries(CASES)) {
    const notAfter = now + c.msLeft;
    // 90-day certificates, so the expiry status is the familiar calendar one.
    const leaf = await pki.leaf({
      cn: `${name}.${DOMAIN}`,
      notBefore: new Date(notAfter - 90 * DAY_MS),
      notAfter: new Date(notAfter),
    });
    const server = await startTlsServer({ chain: [leaf, pki.intermediate] });
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

const names = Object.keys(CASES);
const rowOf = (table: string, t: string) => table.split('\n').find((l) => l.includes(t)) ?? '';
/** The DAYS column: the number after the target. */
const daysColumn = (row: string, t: string) =>
  row
    .slice(row.indexOf(t) + t.length)
    .trim()
    .split(/\s+/)[0];

describe('every surface counts the same days', () => {
  it('certwatch check: the table and --json', async () => {
    const table = io();
    await run(['check', '--ca', caFile, '--no-ocsp', ...names.map((n) => target[n]!)], table);
    const json = io();
    await run(['check', '--json', '--ca', caFile, '--no-ocsp', ...names.map((n) => target[n]!)], json);
    const results = (
      JSON.parse(json.out) as { results: { daysLeft: number; problems: { message: string }[] }[] }
    ).results;
    names.forEach((name, i) => {
      const c = CASES[name]!;
      const row = rowOf(table.out, target[name]!);
      expect(daysColumn(row, target[name]!), name).toBe(String(c.days));
      expect(results[i]!.daysLeft, name).toBe(c.days);
      if (c.expired) {
        expect(row).toContain(`(${c.span} ago); clients refuse it.`);
        expect(results[i]!.problems[0]!.message).toContain(`(${c.span} ago)`);
      }
    });
  });

  // One engine per certificate, so each notification is the specific one (several at once become a summary).
  it.each(names)(
    'the watch engine (%s): list, watch log, notification, tray, window and calendar',
    async (name) => {
      const c = CASES[name]!;
      const t = target[name]!;
      const time = new FakeTime(Date.now());
      const { watcher, notifier, logs } = await testEngine(caFile, { lookup, clock: time });
      try {
        const [row] = await checkAll(watcher, await addTargets(watcher, t), time);
        await until('the notification', () => notifier.sent.length, time);
        const now = time.now();
        const phrase = c.expired ? `expired ${c.span} ago` : `expires in ${c.span}`;

        // `certwatch list`
        expect(daysColumn(rowOf(listTable(watcher.state().entries, false), t), t)).toBe(String(c.days));
        // the watch log line of the check
        expect(logs.find((l) => l.startsWith(`${t} `))).toContain(`, ${phrase}`);
        // the notification
        const [note] = notifier.sent;
        if (c.expired) expect(note!.body).toContain(`(${c.span} ago); clients refuse it.`);
        else {
          expect(note!.title).toBe(`${t} expires in ${c.span}`);
          expect(note!.body).toContain(`, in ${c.span}; clients will refuse it after that.`);
        }
        // the tray menu
        expect(timeLeftText(row!.notAfter!, now)).toBe(c.expired ? phrase : `${c.span} left`);
        // the window: days column, verdict sentence, validity bar
        expect(formatDaysLeft(row!.daysLeft)).toBe(String(c.days).replace('-', '−'));
        expect(describeExpiryAt(row!.notAfter, now)).toBe(phrase.charAt(0).toUpperCase() + phrase.slice(1));
        const notBefore = new Date(Date.parse(row!.notAfter!) - 90 * DAY_MS).toISOString();
        expect(validity(notBefore, row!.notAfter!, now)?.daysLeft).toBe(c.days);
        // the calendar (upcoming expiries only), read back with a real iCalendar parser
        const ics = (await watcher.handlers['watchlist:export']({ format: 'ics' })).content;
        const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
        if (c.expired) expect(events).toEqual([]);
        else expect(String(events[0]?.getFirstPropertyValue('description'))).toContain(`: ${c.span}.`);
      } finally {
        await watcher.stop();
      }
    },
  );
});
