// Drives the scheduler with a fake clock and fake timers through weeks of time, sleep, clock changes and outages.
import { describe, expect, it } from 'vitest';
import { FakeTime as BaseFakeTime } from '../fixtures/fake-time';
import {
  Scheduler,
  type CheckReason,
  type ScheduleItem,
  type SchedulerDeps,
} from '../../main/core/watch/schedule';
import { DAY_MS } from '../../main/core/probe/time';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2025-03-01T00:00:00Z');

/** Starts at T0. */
class FakeTime extends BaseFakeTime {
  constructor() {
    super(T0);
  }
}

/** Small seeded PRNG so jittered runs are repeatable. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Behaviour {
  ok?: boolean;
  takesMs?: number;
  /** Never settles until released. */
  hang?: boolean;
  throws?: boolean;
}

function setup(options: Partial<SchedulerDeps> & { behave?: (id: string, n: number) => Behaviour } = {}) {
  const time = new FakeTime();
  const calls: { id: string; reason: CheckReason; at: number }[] = [];
  const gates = new Map<string, () => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  const scheduler = new Scheduler({
    clock: time,
    timers: time,
    concurrency: 4,
    random: () => 0.5,
    ...options,
    async check(id, reason) {
      calls.push({ id, reason, at: time.now() });
      const b = options.behave?.(id, calls.filter((c) => c.id === id).length) ?? {};
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (b.hang) await new Promise<void>((resolve) => gates.set(id, resolve));
        if (b.takesMs) await new Promise<void>((resolve) => time.setTimeout(resolve, b.takesMs!));
        if (b.throws) throw new Error('probe crashed');
        return { ok: b.ok ?? true };
      } finally {
        inFlight--;
      }
    },
  });
  const count = (id: string) => calls.filter((c) => c.id === id).length;
  const release = (id: string) => gates.get(id)?.();
  return { time, calls, scheduler, count, release, maxInFlight: () => maxInFlight };
}

const item = (id: string, extra: Partial<ScheduleItem> = {}): ScheduleItem => ({
  id,
  intervalMs: 6 * HOUR,
  enabled: true,
  ...extra,
});

describe('start-up', () => {
  it('checks never-checked and stale entries at once, and waits for the others', async () => {
    const { time, calls, scheduler } = setup();
    scheduler.setItems([
      item('new'),
      item('stale', { lastCheckedAt: T0 - 7 * HOUR }),
      item('fresh', { lastCheckedAt: T0 - 1 * HOUR }),
    ]);
    scheduler.start();
    await time.advance(0);
    expect(calls.map((c) => [c.id, c.reason])).toEqual([
      ['new', 'startup'],
      ['stale', 'startup'],
    ]);
    expect(scheduler.nextDueAt('fresh')).toBe(T0 + 5 * HOUR);
    await time.advance(5 * HOUR - 1);
    expect(calls).toHaveLength(2);
    await time.advance(1);
    expect(calls[2]).toEqual({ id: 'fresh', reason: 'scheduled', at: T0 + 5 * HOUR });
  });

  it('keeps due times when the same watchlist is set again', async () => {
    const { time, scheduler } = setup({ random: seeded(1) });
    scheduler.setItems([item('a'), item('b')]);
    scheduler.start();
    await time.advance(MIN);
    const before = [scheduler.nextDueAt('a'), scheduler.nextDueAt('b')];
    scheduler.setItems([item('a', { lastCheckedAt: T0 }), item('b', { lastCheckedAt: T0 })]);
    expect([scheduler.nextDueAt('a'), scheduler.nextDueAt('b')]).toEqual(before);
  });
});

describe('jitter', () => {
  it('spreads entries checked together across interval ± 10%, repeatably', async () => {
    const run = async () => {
      const { time, scheduler } = setup({ random: seeded(42), concurrency: 50 });
      const ids = Array.from({ length: 20 }, (_, i) => `e${i}`);
      scheduler.setItems(ids.map((id) => item(id)));
      scheduler.start();
      await time.advance(0);
      return ids.map((id) => scheduler.nextDueAt(id)! - T0);
    };
    const offsets = await run();
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(5.4 * HOUR);
      expect(o).toBeLessThanOrEqual(6.6 * HOUR);
    }
    expect(new Set(offsets).size).toBe(20);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeGreaterThan(HOUR / 2);
    expect(await run()).toEqual(offsets);
  });
});

describe('weeks of schedule', () => {
  it('checks every 6 hours exactly, without jitter', async () => {
    const { time, scheduler, count } = setup({ jitter: 0 });
    scheduler.setItems([item('a'), item('b'), item('c')]);
    scheduler.start();
    await time.advance(28 * DAY_MS);
    // At start-up, then 4 a day for 28 days.
    for (const id of ['a', 'b', 'c']) expect(count(id)).toBe(1 + 28 * 4);
  });

  it('keeps the average near 6 hours with jitter and slow checks', async () => {
    const { time, calls, scheduler, count } = setup({
      random: seeded(7),
      behave: () => ({ takesMs: 20_000 }),
    });
    scheduler.setItems([item('a'), item('b'), item('c')]);
    scheduler.start();
    await time.advance(28 * DAY_MS);
    for (const id of ['a', 'b', 'c']) {
      const at = calls.filter((c) => c.id === id).map((c) => c.at);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      for (const g of gaps) {
        expect(g).toBeGreaterThanOrEqual(5.4 * HOUR);
        expect(g).toBeLessThanOrEqual(6.6 * HOUR + 20_000);
      }
      expect(count(id)).toBeGreaterThanOrEqual(108);
      expect(count(id)).toBeLessThanOrEqual(116);
    }
  });
});

describe('concurrency', () => {
  it('never runs more checks at once than the limit', async () => {
    const { time, scheduler, count, maxInFlight } = setup({
      concurrency: 3,
      behave: () => ({ takesMs: MIN }),
    });
    const ids = Array.from({ length: 10 }, (_, i) => `e${i}`);
    scheduler.setItems(ids.map((id) => item(id)));
    scheduler.start();
    await time.advance(0);
    expect(scheduler.running()).toHaveLength(3);
    await time.advance(4 * MIN);
    expect(ids.map(count)).toEqual(ids.map(() => 1));
    expect(maxInFlight()).toBe(3);
    expect(scheduler.running()).toEqual([]);
  });

  it('with parkAfterMs, hung checks give up their slot, up to 8 × concurrency open at once', async () => {
    const { time, scheduler, count, release } = setup({
      concurrency: 1,
      parkAfterMs: 1000,
      behave: (id) => (id.startsWith('hung') ? { hang: true } : { takesMs: 100 }),
    });
    const hung = Array.from({ length: 10 }, (_, i) => `hung${i}`);
    scheduler.setItems([...hung, 'a', 'b'].map((id) => item(id)));
    scheduler.start();
    // One slot: each hung check holds it for a second, then parks; 8 may be open, so the 9th waits.
    await time.advance(8 * 1000 + 1);
    expect(hung.map(count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(scheduler.running()).toHaveLength(8);
    release('hung0');
    release('hung1');
    await time.advance(2 * 1000 + 1);
    expect(hung.map(count)).toEqual(hung.map(() => 1));
    // The healthy entries behind them run as soon as the open limit allows.
    release('hung2');
    release('hung3');
    await time.advance(1000);
    expect([count('a'), count('b')]).toEqual([1, 1]);
  });

  it('without parkAfterMs, a hung check keeps its slot', async () => {
    const { time, scheduler, count } = setup({
      concurrency: 1,
      behave: (id) => (id === 'hung' ? { hang: true } : {}),
    });
    scheduler.setItems([item('hung'), item('a')]);
    scheduler.start();
    await time.advance(HOUR);
    expect(count('a')).toBe(0);
  });

  it('lets the other entries through while one check hangs, and never starts that entry twice', async () => {
    const { time, scheduler, count, release } = setup({
      concurrency: 2,
      behave: (id) => (id === 'stuck' ? { hang: true } : { takesMs: 10_000 }),
    });
    const others = ['a', 'b', 'c', 'd', 'e'];
    scheduler.setItems([item('stuck'), ...others.map((id) => item(id))]);
    scheduler.start();
    await time.advance(MIN);
    expect(others.map(count)).toEqual([1, 1, 1, 1, 1]);
    // One free slot for five entries: each waits its turn, and its interval runs from when it finished.
    await time.advance(DAY_MS + 5 * MIN);
    expect(others.map(count)).toEqual([5, 5, 5, 5, 5]);
    let joined = false;
    void scheduler.checkNow('stuck').then(() => (joined = true));
    await time.advance(0);
    expect(joined).toBe(false);
    expect(count('stuck')).toBe(1);
    expect(scheduler.running()).toContain('stuck');
    release('stuck');
    await time.advance(0);
    expect(joined).toBe(true);
    expect(scheduler.running()).not.toContain('stuck');
    expect(scheduler.nextDueAt('stuck')).toBe(time.now() + 6 * HOUR);
  });
});

describe('check now', () => {
  it('joins a check already running instead of starting another', async () => {
    const { time, scheduler, count, release } = setup({ behave: () => ({ hang: true }) });
    scheduler.setItems([item('a')]);
    scheduler.start();
    await time.advance(0);
    let finished = 0;
    void scheduler.checkNow('a').then(() => finished++);
    void scheduler.checkNow('a').then(() => finished++);
    void scheduler.checkNow().then(() => finished++);
    await time.advance(HOUR);
    expect(count('a')).toBe(1);
    expect(finished).toBe(0);
    release('a');
    await time.advance(0);
    expect(finished).toBe(3);
  });

  it('jumps the queue, checks disabled entries only when named, and restarts the interval', async () => {
    const { time, calls, scheduler, release } = setup({
      concurrency: 1,
      behave: (id, n) => (id === 'a' && n === 1 ? { hang: true } : {}),
    });
    scheduler.setItems([item('a'), item('b'), item('c'), item('off', { enabled: false })]);
    scheduler.start();
    await time.advance(0);
    const manual = scheduler.checkNow('c');
    release('a');
    await manual;
    expect(calls.map((c) => `${c.id}:${c.reason}`)).toEqual(['a:startup', 'c:manual', 'b:startup']);

    await time.advance(HOUR);
    await scheduler.checkNow();
    expect(calls.slice(3).map((c) => `${c.id}:${c.reason}`)).toEqual(['a:manual', 'b:manual', 'c:manual']);
    expect(scheduler.nextDueAt('b')).toBe(time.now() + 6 * HOUR);
    await scheduler.checkNow('off');
    expect(calls.at(-1)?.id).toBe('off');
    expect(scheduler.nextDueAt('off')).toBeUndefined();
  });
});

describe('backoff', () => {
  const gapsInMinutes = (calls: { at: number }[]) =>
    calls.slice(1).map((c, i) => (c.at - calls[i]!.at) / MIN);

  it('retries a failing entry after 1, 2, 4 … minutes up to the interval, and resets on success', async () => {
    const { time, calls, scheduler } = setup({ jitter: 0, behave: (_id, n) => ({ ok: n > 11 }) });
    scheduler.setItems([item('a')]);
    scheduler.start();
    await time.advance(30 * HOUR);
    expect(gapsInMinutes(calls)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360]);
  });

  it('honours a lower cap, and counts a crashed check as a failure', async () => {
    const { time, calls, scheduler } = setup({
      jitter: 0,
      maxBackoffMs: 10 * MIN,
      behave: () => ({ throws: true }),
    });
    scheduler.setItems([item('a')]);
    scheduler.start();
    await time.advance(HOUR);
    expect(gapsInMinutes(calls).slice(0, 7)).toEqual([1, 2, 4, 8, 10, 10, 10]);
  });

  it('resumes backoff from the failures recorded in the store', async () => {
    const { time, calls, scheduler } = setup({ jitter: 0 });
    scheduler.setItems([item('a', { lastCheckedAt: T0 - 2 * MIN, consecutiveFailures: 3 })]);
    scheduler.start();
    await time.advance(3 * MIN);
    expect(calls.map((c) => c.at - T0)).toEqual([2 * MIN]);
  });
});

describe('sleep and clock changes', () => {
  it('checks each overdue entry once on resume, however many intervals were missed', async () => {
    const { time, calls, scheduler, count } = setup({ random: seeded(3) });
    const ids = ['a', 'b', 'c', 'd'];
    scheduler.setItems([...ids.map((id) => item(id)), item('weekly', { intervalMs: 7 * DAY_MS })]);
    scheduler.start();
    await time.advance(HOUR);
    calls.length = 0;
    time.jump(2 * DAY_MS);
    scheduler.onResume();
    await time.advance(0);
    expect(calls.map((c) => `${c.id}:${c.reason}`)).toEqual(ids.map((id) => `${id}:resume`));
    await time.advance(5 * HOUR);
    expect(calls).toHaveLength(4);
    await time.advance(2 * HOUR);
    expect(ids.map(count)).toEqual([2, 2, 2, 2]);
    expect(count('weekly')).toBe(0);
  });

  it('catches up on the next tick even when no resume event arrives', async () => {
    const { time, calls, scheduler } = setup();
    scheduler.setItems([item('a'), item('b')]);
    scheduler.start();
    await time.advance(HOUR);
    time.jump(3 * DAY_MS);
    await time.advance(30_000);
    expect(calls.map((c) => `${c.id}:${c.reason}`)).toEqual([
      'a:startup',
      'b:startup',
      'a:scheduled',
      'b:scheduled',
    ]);
  });

  it('does not stall when the wall clock jumps back days', async () => {
    const { time, scheduler, count } = setup();
    scheduler.setItems([item('a')]);
    scheduler.start();
    await time.advance(MIN);
    time.jump(-3 * DAY_MS);
    await time.advance(30_000);
    expect(scheduler.nextDueAt('a')! - time.now()).toBeLessThanOrEqual(6.6 * HOUR);
    await time.advance(6 * HOUR);
    expect(count('a')).toBe(2);
  });
});

describe('coming back online', () => {
  it('re-checks entries whose last check failed, and leaves healthy ones alone', async () => {
    const { time, calls, scheduler } = setup({
      retryMs: HOUR,
      behave: (id, n) => ({ ok: id === 'up' || n > 1 }),
    });
    scheduler.setItems([item('down'), item('up')]);
    scheduler.start();
    await time.advance(5 * MIN);
    scheduler.onOnline();
    await time.advance(0);
    expect(calls.map((c) => `${c.id}:${c.reason}`)).toEqual(['down:startup', 'up:startup', 'down:online']);
    scheduler.onOnline();
    await time.advance(0);
    expect(calls).toHaveLength(3);
  });
});

describe('watchlist changes', () => {
  it('never schedules disabled entries, and reschedules a changed interval', async () => {
    const { time, scheduler, count } = setup();
    scheduler.setItems([item('a'), item('off', { enabled: false })]);
    scheduler.start();
    await time.advance(MIN);
    expect(scheduler.nextDueAt('off')).toBeUndefined();
    scheduler.setItems([item('a', { intervalMs: HOUR }), item('off', { enabled: false })]);
    expect(scheduler.nextDueAt('a')).toBe(T0 + HOUR);
    await time.advance(7 * DAY_MS);
    expect(count('off')).toBe(0);
    expect(count('a')).toBe(1 + 7 * 24);
  });

  it('checks a newly enabled or added entry promptly, and stops checking removed ones', async () => {
    const { time, scheduler, count } = setup();
    scheduler.setItems([item('a'), item('b', { enabled: false })]);
    scheduler.start();
    await time.advance(MIN);
    scheduler.setItems([item('b'), item('c')]);
    await time.advance(0);
    expect([count('b'), count('c')]).toEqual([1, 1]);
    await time.advance(7 * DAY_MS);
    expect(count('a')).toBe(1);
    expect(scheduler.nextDueAt('a')).toBeUndefined();
  });

  it('drops a queued check when its entry is removed or disabled', async () => {
    const { time, scheduler, count, release } = setup({
      concurrency: 1,
      behave: (id) => ({ hang: id === 'a' }),
    });
    scheduler.setItems([item('a'), item('b'), item('c')]);
    scheduler.start();
    await time.advance(0);
    scheduler.setItems([item('a'), item('c', { enabled: false })]);
    release('a');
    await time.advance(DAY_MS);
    expect([count('b'), count('c')]).toEqual([0, 0]);
  });
});

describe('stop', () => {
  it('waits for running checks, then nothing else runs', async () => {
    const { time, scheduler, count, release } = setup({
      concurrency: 1,
      behave: (id) => ({ hang: id === 'a' }),
    });
    scheduler.setItems([item('a'), item('b')]);
    scheduler.start();
    await time.advance(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await time.advance(MIN);
    expect(stopped).toBe(false);
    release('a');
    await stopping;
    await scheduler.checkNow();
    await time.advance(14 * DAY_MS);
    expect([count('a'), count('b')]).toEqual([1, 0]);
    expect(time.pending.size).toBe(0);
  });
});

describe('change notifications', () => {
  it('tells the tray when a check starts and ends', async () => {
    const seen: string[][] = [];
    const ref: { s?: Scheduler } = {};
    const { time, scheduler, release } = setup({
      behave: () => ({ hang: true }),
      onChange: () => seen.push(ref.s?.running() ?? []),
    });
    ref.s = scheduler;
    scheduler.setItems([item('a')]);
    scheduler.start();
    await time.advance(0);
    expect(seen.at(-1)).toEqual(['a']);
    release('a');
    await time.advance(0);
    expect(seen.at(-1)).toEqual([]);
  });
});
