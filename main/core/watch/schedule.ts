// Decides when each watch entry is checked: interval with jitter, backoff after failures, a global concurrency
// limit, and catch-up after sleep. Due times are wall-clock instants re-read on a short tick, since timers drift.
import type { Clock } from '../probe/time';

export type CheckReason = 'scheduled' | 'startup' | 'manual' | 'resume' | 'online';

export interface ScheduleItem {
  id: string;
  intervalMs: number;
  enabled: boolean;
  lastCheckedAt?: number;
  consecutiveFailures?: number;
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerDeps {
  clock: Clock;
  /** Defaults to the global timers. */
  timers?: TimerApi;
  /** `ok: false` (or a rejection) counts as a failure for backoff. */
  check(id: string, reason: CheckReason): Promise<{ ok: boolean }>;
  concurrency: number;
  /** Longest wait before due times are re-read against the wall clock. Default 30 s. */
  tickMs?: number;
  /** Fraction of the delay each due time may move either way, so entries added together drift apart. Default 0.1. */
  jitter?: number;
  random?: () => number;
  /** First retry after a failure; doubles with each further failure. Default 1 min. */
  retryMs?: number;
  /** Cap on the retry delay; it never exceeds the entry's interval either. Default 6 h. */
  maxBackoffMs?: number;
  /** The set of running checks or a due time changed (the tray shows "checking"). */
  onChange?(): void;
  /**
   * A check still running after this long is waiting on the network (a hung host runs to its timeout): it gives
   * its concurrency slot to the next entry. Off when absent. At most 8 × concurrency checks are open at once.
   */
  parkAfterMs?: number;
}

interface Run {
  reason: CheckReason;
  started: boolean;
  done: Promise<void>;
  finish(): void;
}

interface Slot {
  item: ScheduleItem;
  lastCheckedAt?: number;
  failures: number;
  nextDueAt: number;
  run?: Run;
}

const defaultTimers: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
// A floor so a zero or broken interval cannot turn the scheduler into a busy loop.
const MIN_INTERVAL_MS = 1000;

export class Scheduler {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: Slot[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Running checks that gave up their slot, with the timers that will park the others. */
  private readonly parked = new Set<string>();
  private readonly parkTimers = new Map<string, unknown>();
  private readonly timers: TimerApi;
  private readonly jitter: number;
  private concurrency: number;
  private timer: unknown;
  private started = false;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.timers = deps.timers ?? defaultTimers;
    this.jitter = Math.min(1, Math.max(0, deps.jitter ?? 0.1));
    this.concurrency = Math.max(1, Math.floor(deps.concurrency) || 1);
  }

  /** Replaces the watchlist; entries that keep their interval keep their due time. */
  setItems(items: ScheduleItem[]): void {
    const now = this.deps.clock.now();
    const keep = new Set(items.map((i) => i.id));
    for (const [id, slot] of this.slots) if (!keep.has(id)) this.drop(slot, id);
    for (const item of items) {
      const slot = this.slots.get(item.id);
      if (!slot) {
        const failures = item.consecutiveFailures ?? 0;
        const fresh: Slot = { item, lastCheckedAt: item.lastCheckedAt, failures, nextDueAt: now };
        fresh.nextDueAt = this.firstDue(fresh, now);
        this.slots.set(item.id, fresh);
        continue;
      }
      // The store saw a later check than we did (another process or a restart): adopt it.
      const newer =
        item.lastCheckedAt !== undefined && item.lastCheckedAt > (slot.lastCheckedAt ?? -Infinity);
      const reschedule =
        newer || item.intervalMs !== slot.item.intervalMs || (item.enabled && !slot.item.enabled);
      if (newer) {
        slot.lastCheckedAt = item.lastCheckedAt;
        slot.failures = item.consecutiveFailures ?? 0;
      }
      const disabled = slot.item.enabled && !item.enabled;
      slot.item = item;
      if (reschedule) slot.nextDueAt = this.firstDue(slot, now);
      if (disabled && slot.run && !slot.run.started && slot.run.reason !== 'manual') this.unqueue(slot);
    }
    this.deps.onChange?.();
    if (this.started) this.sweep('scheduled');
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.sweep('startup');
  }

  /** No further checks start; resolves once the running ones finish. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    for (const slot of [...this.queue]) this.unqueue(slot);
    for (const handle of this.parkTimers.values()) this.timers.clearTimeout(handle);
    this.parkTimers.clear();
    await Promise.all(this.inFlight.values());
  }

  /** Checks one entry (even a disabled one) or every enabled entry, ahead of the queue; joins a check already under way. */
  async checkNow(id?: string): Promise<void> {
    if (this.stopped) return;
    if (id !== undefined) {
      const slot = this.slots.get(id);
      if (slot) await this.enqueue(slot, 'manual', true);
      return;
    }
    const all = [...this.slots.values()].filter((s) => s.item.enabled);
    await Promise.all(all.map((s) => this.enqueue(s, 'manual', true)));
  }

  /** After sleep: everything overdue is checked once, now, however many intervals were missed. */
  onResume(): void {
    if (this.started) this.sweep('resume');
  }

  /** Back online: entries whose last check failed are retried now, with anything overdue. */
  onOnline(): void {
    if (!this.started) return;
    for (const slot of this.slots.values())
      if (slot.item.enabled && slot.failures > 0) void this.enqueue(slot, 'online');
    this.sweep('online');
  }

  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, Math.floor(n) || 1);
    this.pump();
  }

  nextDueAt(id: string): number | undefined {
    const slot = this.slots.get(id);
    return slot?.item.enabled ? slot.nextDueAt : undefined;
  }

  running(): string[] {
    return [...this.inFlight.keys()];
  }

  /** The normal interval, or the backoff after failures (before jitter). */
  private delay(slot: Slot): number {
    const interval = Math.max(MIN_INTERVAL_MS, slot.item.intervalMs || 0);
    if (slot.failures === 0) return interval;
    const cap = Math.min(interval, this.deps.maxBackoffMs ?? 6 * 3_600_000);
    return Math.min(cap, (this.deps.retryMs ?? 60_000) * 2 ** Math.min(slot.failures - 1, 40));
  }

  private dueAfter(slot: Slot, from: number): number {
    return from + this.delay(slot) * (1 + this.jitter * (2 * (this.deps.random ?? Math.random)() - 1));
  }

  /** Never checked, or stale by the unjittered delay: due now. */
  private firstDue(slot: Slot, now: number): number {
    const last = slot.lastCheckedAt;
    if (last === undefined || last + this.delay(slot) <= now) return now;
    return Math.max(now, this.dueAfter(slot, last));
  }

  private sweep(reason: CheckReason): void {
    const now = this.deps.clock.now();
    for (const slot of this.slots.values()) {
      if (!slot.item.enabled || slot.run) continue;
      // The wall clock went back: a due time further off than one full delay would otherwise stall the entry.
      if (slot.nextDueAt - now > this.delay(slot) * (1 + this.jitter)) {
        slot.nextDueAt = this.dueAfter(slot, now);
        this.deps.onChange?.();
      }
      if (slot.nextDueAt <= now) void this.enqueue(slot, reason);
    }
    this.arm();
  }

  /** One timer, due at the soonest check but never later than a tick, so wall-clock changes are noticed. */
  private arm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.started) return;
    let soonest = Infinity;
    for (const s of this.slots.values())
      if (s.item.enabled && !s.run) soonest = Math.min(soonest, s.nextDueAt);
    const tick = this.deps.tickMs ?? 30_000;
    const delay = Math.max(0, Math.min(tick, soonest - this.deps.clock.now()));
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.sweep('scheduled');
    }, delay);
  }

  private enqueue(slot: Slot, reason: CheckReason, urgent = false): Promise<void> {
    if (slot.run) {
      if (urgent && !slot.run.started) {
        this.queue.splice(this.queue.indexOf(slot), 1);
        slot.run.reason = reason;
        this.place(slot, urgent);
      }
      return slot.run.done;
    }
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    slot.run = { reason, started: false, done, finish };
    this.place(slot, urgent);
    this.pump();
    return done;
  }

  /** Manual checks go ahead of scheduled ones, first come first served among themselves. */
  private place(slot: Slot, urgent: boolean): void {
    const index = urgent ? this.queue.findIndex((s) => s.run?.reason !== 'manual') : -1;
    if (index < 0) this.queue.push(slot);
    else this.queue.splice(index, 0, slot);
  }

  private pump(): void {
    let startedAny = false;
    while (
      this.inFlight.size - this.parked.size < this.concurrency &&
      this.inFlight.size < this.concurrency * 8
    ) {
      // Skip an entry whose earlier check (before it was removed and re-added) is still running.
      const index = this.queue.findIndex((s) => !this.inFlight.has(s.item.id));
      if (index < 0) break;
      const [slot] = this.queue.splice(index, 1);
      if (!slot?.run) continue;
      slot.run.started = true;
      this.inFlight.set(slot.item.id, this.execute(slot, slot.run));
      this.armPark(slot.item.id);
      startedAny = true;
    }
    if (startedAny) this.deps.onChange?.();
  }

  private armPark(id: string): void {
    const after = this.deps.parkAfterMs;
    if (after === undefined || !this.inFlight.has(id)) return;
    this.parkTimers.set(
      id,
      this.timers.setTimeout(() => {
        this.parkTimers.delete(id);
        if (!this.inFlight.has(id) || this.stopped) return;
        this.parked.add(id);
        this.pump();
      }, after),
    );
  }

  private async execute(slot: Slot, run: Run): Promise<void> {
    const id = slot.item.id;
    let ok = false;
    try {
      ok = (await this.deps.check(id, run.reason)).ok;
    } catch {
      ok = false;
    }
    const now = this.deps.clock.now();
    slot.lastCheckedAt = now;
    slot.failures = ok ? 0 : slot.failures + 1;
    slot.nextDueAt = this.dueAfter(slot, now);
    slot.run = undefined;
    this.inFlight.delete(id);
    this.parked.delete(id);
    if (this.parkTimers.has(id)) this.timers.clearTimeout(this.parkTimers.get(id));
    this.parkTimers.delete(id);
    run.finish();
    this.deps.onChange?.();
    if (this.stopped) return;
    this.pump();
    if (this.started) this.arm();
  }

  private unqueue(slot: Slot): void {
    const index = this.queue.indexOf(slot);
    if (index >= 0) this.queue.splice(index, 1);
    slot.run?.finish();
    slot.run = undefined;
  }

  private drop(slot: Slot, id: string): void {
    if (slot.run && !slot.run.started) this.unqueue(slot);
    this.slots.delete(id);
  }
}
