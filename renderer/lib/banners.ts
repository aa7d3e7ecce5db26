// What the banners above the views have to say (Banners.tsx): checks broken on this computer, a notification
// notice, the engine's messages, a notification pause. Without React, so the first screen painted before React
// has loaded (first-screen.ts) knows when a banner is due and leaves that screen to React.
import type { WindowModel } from './window-model';

export interface BannerFacts {
  /** The self-test's reason checks cannot work here: the rows may say nothing about the servers. */
  broken: string | null;
  notice: string | null;
  messages: readonly string[];
  /** Notifications are paused until `pausedUntil`, which is still ahead. */
  paused: boolean;
}

type BannerState = Pick<WindowModel, 'pausedUntil' | 'messages' | 'selfTest' | 'notificationNotice'>;

export function bannerFacts(state: BannerState, now: number): BannerFacts {
  return {
    broken: state.selfTest?.report?.probeFailure ?? null,
    notice: state.notificationNotice ?? null,
    messages: state.messages,
    paused: state.pausedUntil !== null && Date.parse(state.pausedUntil) > now,
  };
}

export function anyBanner(facts: BannerFacts): boolean {
  return facts.paused || facts.messages.length > 0 || facts.broken !== null || facts.notice !== null;
}
