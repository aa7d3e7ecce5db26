// Waking up, unlocking, and the network coming back or changing make the engine catch up on missed checks.
import { beforeEach, describe, expect, it } from 'vitest';
import { interfaceSignature, watchPowerAndNetwork } from '../../main/app/power';
import { powerMonitor, resetElectron } from '../fakes/electron';
import { fakeWatcher, type FakeWatcher } from './state';

describe('catch-up triggers', () => {
  let watcher: FakeWatcher;
  let network: { online: boolean; sig: string };
  let poll: () => void;
  let cleared: unknown[];
  let stop: () => void;

  beforeEach(() => {
    resetElectron();
    watcher = fakeWatcher();
    network = { online: true, sig: '192.168.1.20' };
    cleared = [];
    stop = watchPowerAndNetwork({
      powerMonitor,
      network: { isOnline: () => network.online, signature: () => network.sig },
      watcher,
      timers: {
        setInterval: (fn) => ((poll = fn), 'interval-1'),
        clearInterval: (handle) => void cleared.push(handle),
      },
    });
  });

  const calls = () => watcher.calls.map((c) => c.name);

  it('resume from sleep triggers catch-up', () => {
    powerMonitor.emit('resume');
    expect(calls()).toEqual(['onResume']);
  });

  it('unlocking the screen triggers catch-up', () => {
    powerMonitor.emit('unlock-screen');
    expect(calls()).toEqual(['onResume']);
  });

  it('the network coming back triggers catch-up, once', () => {
    network.online = false;
    poll();
    network.online = true;
    poll();
    poll();
    expect(calls()).toEqual(['onOnline']);
  });

  it('a network change while online (Wi-Fi switch, VPN) triggers catch-up', () => {
    poll();
    expect(calls()).toEqual([]);
    network.sig = '10.8.0.2,192.168.1.20';
    poll();
    expect(calls()).toEqual(['onOnline']);
  });

  it('nothing happens while offline', () => {
    network.online = false;
    network.sig = '';
    poll();
    expect(calls()).toEqual([]);
  });

  it('stops listening when asked', () => {
    stop();
    powerMonitor.emit('resume');
    expect(calls()).toEqual([]);
    expect(cleared).toEqual(['interval-1']);
  });
});

describe('interfaceSignature', () => {
  it('lists external addresses only, in a stable order', () => {
    const sig = interfaceSignature({
      lo: [{ address: '127.0.0.1', internal: true }],
      wlan0: [{ address: '192.168.1.20', internal: false }],
      tun0: [{ address: '10.8.0.2', internal: false }],
    });
    expect(sig).toBe('10.8.0.2,192.168.1.20');
  });
});
