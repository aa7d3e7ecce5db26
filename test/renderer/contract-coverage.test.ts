// The window's harness serves every channel of the contract with the real engine's handlers (the same ones the
// preload and the web bridge reach), so no renderer test can pass against an answer the engine would not give.
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type RequestOf } from '../../main/shared/contract';
import { EngineApi } from './engine-api';

/** A valid request per channel, aimed at the one seeded entry (or a channel that does not exist). */
const REQUESTS: { [C in Channel]: RequestOf<C> } = {
  'state:get': {},
  'window:state': {},
  'window:first-screen': { rows: 20, locale: 'en' },
  'entries:add': { text: 'new.example.com' },
  'entries:update': { id: 'shop', patch: { label: 'Shop' } },
  'entries:remove': { ids: ['shop'] },
  'entries:undo-remove': { undoToken: 'not-a-token' },
  'entries:details': { id: 'shop' },
  'entries:snooze': { id: 'shop', kind: '1d' },
  'checks:run': { ids: ['shop'] },
  'checks:quick': { target: 'quick.example.com' },
  'settings:update': { patch: { intervalMinutes: 120 } },
  'notifications:pause': { until: null },
  'notifications:test': {},
  'watchlist:export': { format: 'json' },
  'watchlist:import': { text: '[{"target":"imported.example.com"}]', format: 'json' },
  'app:open-external': { url: 'https://example.com/runbook' },
  'selftest:run': {},
  'channels:save': {
    channel: {
      name: 'Ops',
      kind: 'webhook',
      enabled: true,
      route: { all: true, tags: [], owners: [], entryIds: [] },
      url: 'https://hooks.example.com/t/abc',
    },
  },
  'channels:remove': { id: 'no-such-channel' },
  'channels:test': { id: 'no-such-channel' },
};

describe('the harness behind the window', () => {
  it.each([...CHANNELS])('serves %s through the contract with the engine behind it', async (channel) => {
    const api = new EngineApi([{ id: 'shop', target: 'shop.example.com', daysLeft: 40 }]);
    const answer = await api.call(channel, REQUESTS[channel] as never);
    // Either the engine's value, or one of its refusals: never "unknown channel" or a crash.
    if (answer.ok) expect(answer.value).toBeDefined();
    else {
      expect(['INVALID_REQUEST', 'NOT_FOUND', 'FAILED']).toContain(answer.error.code);
      expect(answer.error.message).not.toMatch(/Unknown channel/);
    }
  });

  it('answers with the engine’s own words, not a stand-in’s', async () => {
    const api = new EngineApi([{ target: 'shop.example.com' }]);
    const report = await api.call('entries:add', { text: 'shop.example.com' });
    expect(report).toEqual({
      ok: true,
      value: {
        added: 0,
        lines: [
          {
            line: 1,
            input: 'shop.example.com',
            ok: false,
            error: '"shop.example.com:443" is already in the watchlist.',
          },
        ],
      },
    });
    const refused = await api.call('entries:details', { id: 'gone' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'No watchlist entry has the id "gone"; it may have been removed.',
      },
    });
  });
});
