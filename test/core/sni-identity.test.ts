// Identity on a shared address: one loopback TLS server (a VIP) serves two names with two certificates chosen
// by SNI. Both are watched through the real engine and handlers, each judged with its own certificate, and
// every surface names the entry by the name the user gave (`blog.vip.test at 127.0.0.1:PORT`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWatcher } from '../../main/core/watch/watcher';
import { openStore } from '../../main/core/watch/store/file-store';
import type { Notification, Notifier } from '../../main/core/watch/notify';
import type { Lookup } from '../../main/core/probe/resolve';
import { systemClock } from '../../main/core/probe/time';
import { listTable } from '../../main/cli/list-format';
import { entryName as trayName } from '../../main/app/tray-model';
import { makePki, type Pki } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';

let pki: Pki;
let caFile: string;
let server: Running;
let address: string;

// Nothing here may reach a resolver: every target is an IP address.
const lookup: Lookup = async (host) => {
  throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  pki = await makePki('SNI Identity Test');
  caFile = join(await mkdtemp(join(tmpdir(), 'certwatch-sni-ca-')), 'root.pem');
  await writeFile(caFile, pki.root.pem);
  server = await startTlsServer({
    // Without SNI the server answers with a third name, which neither entry may be judged by.
    chain: [await pki.leaf({ cn: 'default.vip.test', toDays: 300 }), pki.intermediate],
    sni: {
      'shop.vip.test': { chain: [await pki.leaf({ cn: 'shop.vip.test', toDays: 200 }), pki.intermediate] },
      'blog.vip.test': {
        chain: [await pki.leaf({ cn: 'blog.vip.test', fromDays: -85, toDays: 5.5 }), pki.intermediate],
      },
    },
  });
  address = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

class RecordingNotifier implements Notifier {
  sent: Notification[] = [];
  async notify(n: Notification) {
    this.sent.push(n);
    return { delivered: true };
  }
}

async function until<T>(what: string, fn: () => T | undefined | null | false): Promise<T> {
  const end = Date.now() + 30_000;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('two SNI names on one address', () => {
  it('are both watched, each judged with its own certificate and named by its SNI name everywhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwatch-sni-'));
    const store = openStore({ dir, clock: systemClock });
    store.update((doc) => void (doc.settings = { ...doc.settings, caBundlePath: caFile }));
    const notifier = new RecordingNotifier();
    const logs: string[] = [];
    const watcher = createWatcher({
      store,
      notifier,
      lookup,
      env: {},
      random: () => 0.5,
      log: (line) => logs.push(line),
    });
    try {
      // The window's way: add the address, then give it an SNI name in the edit form; twice.
      const ids: string[] = [];
      for (const sni of ['shop.vip.test', 'blog.vip.test']) {
        const report = await watcher.handlers['entries:add']({ text: address });
        expect(report.lines.map((l) => l.error ?? 'added')).toEqual(['added']);
        const id = report.lines[0]!.entryId!;
        const updated = await watcher.handlers['entries:update']({ id, patch: { sni } });
        expect(updated.sni).toBe(sni);
        ids.push(id);
      }
      const [shopId, blogId] = ids as [string, string];

      watcher.start();
      const rows = await until('both checks', () => {
        const { entries, checking } = watcher.state();
        return entries.every((e) => e.lastCheckedAt) && !checking.length ? entries : undefined;
      });
      const shop = rows.find((e) => e.id === shopId)!;
      const blog = rows.find((e) => e.id === blogId)!;
      // Each judged with the certificate its name gets: no name mismatch, two different expiries.
      expect([shop.status, shop.problemCodes]).toEqual(['ok', []]);
      expect([blog.status, blog.daysLeft, blog.problemCodes]).toEqual(['critical', 5, []]);
      expect(shop.daysLeft).toBeGreaterThan(190);
      const details = await watcher.handlers['entries:details']({ id: blogId });
      expect(details.lastResult?.chain[0]?.subject).toContain('CN=blog.vip.test');

      // The notification names the entry by its SNI name, with the address it is served from.
      await until('the notification', () => notifier.sent.length);
      expect(notifier.sent.map((n) => n.title)).toEqual([`blog.vip.test at ${address} expires in 5 days`]);

      // The watch log says which name each line is about.
      const checkLines = logs.filter((l) => l.includes(address) && !l.startsWith('notified'));
      expect(checkLines.find((l) => l.startsWith(`shop.vip.test at ${address} ok, expires in`))).toBeTruthy();
      expect(
        checkLines.find((l) => l.startsWith(`blog.vip.test at ${address} critical, expires in 5 days`)),
      ).toBeTruthy();

      // `certwatch list` and the tray read the same name.
      const table = listTable(rows, false).split('\n');
      expect(table.find((l) => l.startsWith('OK '))).toContain(`shop.vip.test at ${address}`);
      expect(table.find((l) => l.startsWith('CRITICAL '))).toContain(`blog.vip.test at ${address}`);
      expect(trayName(blog)).toBe(`blog.vip.test at ${address}`);

      // The same name again is refused, by that name.
      const again = await watcher.handlers['entries:add']({ text: address });
      const third = again.lines[0]!.entryId!;
      await expect(
        watcher.handlers['entries:update']({ id: third, patch: { sni: 'BLOG.vip.test' } }),
      ).rejects.toThrow(`"blog.vip.test at ${address}" is already in the watchlist`);
    } finally {
      await watcher.stop();
    }
  });
});
