// The window's compact state (main/shared/window-state.ts) against the real engine: everything the table draws,
// sorts and filters by arrives exactly as the engine's own rows say it, the counts are the rows' counts, and
// what only the details show stays out of it.
import { describe, expect, it } from 'vitest';
import type { EntrySummary, WindowState } from '../../main/shared/contract';
import { readTable, windowState } from '../../main/shared/window-state';
import { countByStatus, tagCounts } from '../../renderer/lib/filter';
import { EngineApi } from './engine-api';

/** What the table keeps of an engine row. */
function tableFields(e: EntrySummary) {
  return {
    id: e.id,
    target: e.target,
    host: e.host,
    port: e.port,
    starttls: e.starttls,
    sni: e.sni,
    label: e.label,
    tags: e.tags,
    owner: e.owner,
    enabled: e.enabled,
    status: e.status,
    daysLeft: e.daysLeft,
    notAfter: e.notAfter,
    issuer: e.issuer,
    lastCheckedAt: e.lastCheckedAt,
    checking: e.checking,
    headline: e.headline,
    problemCodes: e.problemCodes,
    snoozed: e.snooze !== undefined,
  };
}

describe('the window state', () => {
  it('carries every row as the engine summarises it, through JSON, with the counts of the same rows', async () => {
    const api = new EngineApi([
      {
        target: 'shop.example.com',
        daysLeft: 40,
        label: 'Shop',
        tags: ['prod', 'EU'],
        owner: 'ops@example.com',
        runbookUrl: 'https://wiki.example.com/shop',
        issuer: 'R11',
      },
      { target: '10.0.0.7:8443', sni: 'blog.example.com', daysLeft: 9, status: 'warning', tags: ['Prod'] },
      {
        target: 'smtp://mail.example.com',
        status: 'error',
        daysLeft: null,
        problems: [{ code: 'TIMEOUT', message: 'The server did not answer within 10 s.' }],
      },
      { target: 'old.example.com', daysLeft: -2, status: 'expired', enabled: false, issuer: 'R11' },
      { target: 'new.example.com', snooze: { untilDaysLeft: 7 } },
    ]);
    const engine = api.state();
    const sent = JSON.parse(JSON.stringify(windowState(engine))) as WindowState;
    const read = readTable(sent.table);

    expect(read.rows).toEqual(engine.entries.map(tableFields));
    expect(read.statuses).toEqual(countByStatus(read.rows));
    expect([...read.tags].sort((a, b) => a.tag.localeCompare(b.tag))).toEqual(tagCounts(read.rows));
    expect(read.tags).toContainEqual({ tag: 'prod', count: 2 });
    // Everything else of the engine's state is the window's as it is.
    const { entries: _entries, ...rest } = engine;
    const { table: _table, ...sentRest } = sent;
    expect(sentRest).toEqual(JSON.parse(JSON.stringify(rest)));
  });

  it('leaves out what only the details show, and is much smaller than the engine’s rows', () => {
    const api = new EngineApi(
      Array.from({ length: 300 }, (_, i) => ({
        target: `host${i}.example.com`,
        daysLeft: 10 + (i % 50),
        label: `service ${i}`,
        tags: [`team-${i % 5}`],
        owner: `owner${i % 7}@example.com`,
        runbookUrl: `https://wiki.example.com/runbooks/${i}`,
        issuer: 'R11',
      })),
    );
    const engine = api.state();
    const sent = JSON.stringify(windowState(engine));
    expect(sent).not.toContain('wiki.example.com/runbooks');
    expect(sent).not.toContain('nextDueAt');
    expect(sent.length).toBeLessThan(JSON.stringify(engine).length / 2);
  });

  it('is what window:state answers and what state:changed pushes', async () => {
    const api = new EngineApi([{ target: 'shop.example.com', daysLeft: 40 }]);
    const answer = await api.call('window:state', {});
    expect(answer).toEqual({ ok: true, value: windowState(api.state()) });
    const pushed: WindowState[] = [];
    api.on('state:changed', (state) => pushed.push(state));
    api.pushState();
    expect(pushed).toEqual([windowState(api.state())]);
  });
});
