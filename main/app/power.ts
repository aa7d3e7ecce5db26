// Catch-up triggers: waking from sleep or unlocking the screen, and the network coming back or changing
// (Wi-Fi switch, VPN up). Timers stall during sleep, so checks that fell due meanwhile run now.
import type { Watcher } from '../core/watch/watcher';

export interface PowerSource {
  on(event: 'resume', listener: () => void): unknown;
  on(event: 'unlock-screen', listener: () => void): unknown;
  off(event: 'resume', listener: () => void): unknown;
  off(event: 'unlock-screen', listener: () => void): unknown;
}

export interface NetworkProbe {
  /** Electron's net.isOnline(). */
  isOnline(): boolean;
  /** Something that changes when the machine's addresses change (os.networkInterfaces()). */
  signature(): string;
}

export interface Interval {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realInterval: Interval = {
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/**
 * Wires the triggers to the watcher; returns a function that unwires them. The main process has no
 * 'online' event, so the network is polled: cheap, and a few seconds of delay do not matter here.
 */
export function watchPowerAndNetwork(deps: {
  powerMonitor: PowerSource;
  network: NetworkProbe;
  watcher: Pick<Watcher, 'onResume' | 'onOnline'>;
  log?: (line: string) => void;
  timers?: Interval;
  pollMs?: number;
}): () => void {
  const { watcher, network, powerMonitor } = deps;
  const timers = deps.timers ?? realInterval;
  const resume = () => {
    deps.log?.('woke up or unlocked: catching up on checks that fell due');
    watcher.onResume();
  };
  powerMonitor.on('resume', resume);
  powerMonitor.on('unlock-screen', resume);

  let online = network.isOnline();
  let signature = network.signature();
  const poll = () => {
    const nowOnline = network.isOnline();
    const nowSignature = network.signature();
    const back = nowOnline && !online;
    const moved = nowOnline && online && nowSignature !== signature;
    online = nowOnline;
    signature = nowSignature;
    if (back || moved) {
      deps.log?.(back ? 'network is back: catching up' : 'network changed: catching up');
      watcher.onOnline();
    }
  };
  const handle = timers.setInterval(poll, deps.pollMs ?? 15_000);
  return () => {
    powerMonitor.off('resume', resume);
    powerMonitor.off('unlock-screen', resume);
    timers.clearInterval(handle);
  };
}

/** Addresses of every interface that is up, sorted: stable while nothing changes. */
export function interfaceSignature(
  interfaces: NodeJS.Dict<{ address: string; internal: boolean }[]>,
): string {
  return Object.values(interfaces)
    .flatMap((list) => (list ?? []).filter((i) => !i.internal).map((i) => i.address))
    .sort()
    .join(',');
}
