// What each tray menu item does, as calls on the watch engine's handlers and the window; no Electron here.
import type { AppState, Handlers } from '../shared/contract';
import type { Clock } from '../core/probe/time';
import { pauseUntil, type TrayAction } from './tray-model';

export interface WindowNavigation {
  show(): void;
  showEntry(id: string): void;
  showQuickCheck(): void;
}

export interface TrayActionDeps {
  handlers: Pick<Handlers, 'checks:run' | 'notifications:pause' | 'settings:update'>;
  state: () => AppState;
  window: WindowNavigation;
  quit: () => void;
  /** Runs the self-test; the tray and the window show its outcome. */
  selfTest?: () => Promise<unknown>;
  clock: Clock;
  log: (line: string) => void;
}

/** Runs one menu action. Menus have nowhere to show an error, so a failure is logged rather than thrown. */
export function createTrayActions(deps: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const { handlers, window } = deps;
  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.type) {
      case 'open-entry':
        return window.showEntry(action.id);
      case 'check-all':
        await handlers['checks:run']({});
        return;
      case 'quick-check':
        return window.showQuickCheck();
      case 'pause': {
        const until = new Date(pauseUntil(action.choice, deps.clock.now())).toISOString();
        await handlers['notifications:pause']({ until });
        return;
      }
      case 'resume':
        await handlers['notifications:pause']({ until: null });
        return;
      case 'open-window':
        return window.show();
      case 'toggle-launch-at-login': {
        // The setting is the one source of truth; the OS login item follows it (see autostart.ts).
        const launchAtLogin = !deps.state().settings.launchAtLogin;
        await handlers['settings:update']({ patch: { launchAtLogin } });
        return;
      }
      case 'self-test':
        await deps.selfTest?.();
        return;
      case 'quit':
        return deps.quit();
    }
  };
  return async (action) => {
    try {
      await perform(action);
    } catch (error) {
      deps.log(`tray action ${action.type} failed: ${(error as Error).message}`);
    }
  };
}
