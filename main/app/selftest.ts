// The app's side of the self-test: the collaborators runDoctor gets in the tray app (Electron's notification
// support, the macOS signature, the proxy setting) and one runner that never runs twice at once.
import type { DoctorDeps, DoctorReport, RouteInfo } from '../core/selftest/doctor';
import {
  appNotificationRoute,
  defaultTrustSources,
  describeProxy,
  macSignatureFrom,
  trustInfoFrom,
  type MacSignature,
} from '../core/selftest/environment';
import { proxySettings } from '../core/probe/proxy';
import type { Settings } from '../shared/model';
import type { SelfTestState } from '../shared/contract';

export interface AppDoctorSources {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** Electron's Notification.isSupported(). */
  notificationsSupported: () => boolean;
  /** The notifier's notice, once notifications were refused or fell back. */
  notificationNotice: () => string | null;
  /** macOS: how the running app is signed (`codesign -dv`); elsewhere never asked. */
  macSignature: () => Promise<MacSignature>;
  settings: () => Settings;
  /** Reads the CA bundle the settings name; throws when it cannot. */
  readFile: (path: string) => string;
}

/** The proxy the app's checks take: the setting, else HTTPS_PROXY, else the OS proxy asked per target. */
export function appProxyRoute(settings: Settings, env: Record<string, string | undefined>): RouteInfo {
  if (settings.proxyUrl)
    return describeProxy(proxySettings({ env, explicit: settings.proxyUrl }), 'the settings');
  const fromEnv = proxySettings({ env });
  if (!fromEnv.ok || fromEnv.settings.https) return describeProxy(fromEnv, 'HTTPS_PROXY');
  return {
    level: 'ok',
    detail: 'the system proxy (PAC, WPAD or the OS settings), asked per target; direct where it names none',
  };
}

export function appDoctorDeps(src: AppDoctorSources): DoctorDeps {
  return {
    trustInfo: () => {
      const path = src.settings().caBundlePath;
      return trustInfoFrom(defaultTrustSources(path ? { path, pem: src.readFile(path) } : undefined));
    },
    notificationRoute: async () =>
      appNotificationRoute({
        platform: src.platform,
        supported: src.notificationsSupported(),
        notice: src.notificationNotice(),
        ...(src.platform === 'darwin' ? { signature: await src.macSignature() } : {}),
      }),
    proxy: () => appProxyRoute(src.settings(), src.env),
  };
}

/** Asks `codesign` about the .app bundle the executable sits in (…/Certwatch.app/Contents/MacOS/Certwatch). */
export function macSignatureOf(
  execPath: string,
  run: (file: string, args: string[]) => Promise<string>,
): Promise<MacSignature> {
  const bundle = execPath.replace(/\/Contents\/MacOS\/[^/]+$/, '');
  return run('/usr/bin/codesign', ['-dv', '--verbose=2', bundle]).then(macSignatureFrom, () => 'unknown');
}

export interface SelfTestRunner {
  state(): SelfTestState;
  /** Runs the self-test, or joins the run under way; never rejects. */
  run(): Promise<SelfTestState>;
}

export function createSelfTestRunner(deps: {
  run: () => Promise<DoctorReport>;
  onChange: (state: SelfTestState) => void;
  log: (line: string) => void;
}): SelfTestRunner {
  let state: SelfTestState = { running: false, report: null };
  let current: Promise<SelfTestState> | undefined;
  const set = (next: SelfTestState) => {
    state = next;
    deps.onChange(state);
  };
  return {
    state: () => state,
    run() {
      current ??= (async () => {
        set({ ...state, running: true });
        let report: DoctorReport;
        try {
          report = await deps.run();
        } catch (error) {
          // runDoctor never throws; a collaborator built around it might. The report says so.
          const detail = `the self-test could not run: ${(error as Error).message}`;
          report = {
            checks: [{ id: 'selftest', label: 'Self-test', level: 'fail', detail }],
            failed: true,
            probeFailure: detail,
            ranAt: new Date().toISOString(),
          };
        }
        for (const c of report.checks.filter((c) => c.level !== 'ok'))
          deps.log(`self-test ${c.level.toUpperCase()} ${c.label}: ${c.detail}`);
        set({ running: false, report });
        current = undefined;
        return state;
      })();
      return current;
    },
  };
}
