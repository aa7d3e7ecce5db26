// The self-test in the app, on the fake Electron with the real engine: run at start, from the tray, and from the
// window over IPC; a probe that cannot work here shows in the tray as "Checks are not working on this
// computer: …" instead of a red watchlist; refused notifications go through the helper and the user is told.
import { beforeEach, describe, expect, it } from 'vitest';
import { runApp, type AppElectron, type SelfTestContext } from '../../main/app/lifecycle';
import { appDoctorDeps, appProxyRoute, createSelfTestRunner, macSignatureOf } from '../../main/app/selftest';
import { runDoctor, type DoctorDeps, type DoctorReport } from '../../main/core/selftest/doctor';
import { DEFAULT_SETTINGS } from '../../main/shared/model';
import type { AppState } from '../../main/shared/contract';
import type { Notifier } from '../../main/core/watch/notify';
import * as electron from '../fakes/electron';
import { FakeFrame, FakeWebContents } from '../fakes/electron';
import { appState, entry, fakeWatcher, type FakeWatcher } from './state';

const PAGE = '/opt/certwatch/dist/renderer/index.html';

const facts: Omit<DoctorDeps, 'probe'> = {
  trustInfo: () => ({ sources: [{ name: 'test', count: 1 }], size: 1, skipped: 0 }),
  notificationRoute: () => ({ level: 'ok', detail: 'test route' }),
  proxy: () => ({ level: 'ok', detail: 'direct' }),
};

/** A cipher list this runtime's TLS library refuses, as Electron's BoringSSL refuses today's OpenSSL-only one. */
const refusedProfile = () => ({
  name: 'openssl' as const,
  ciphers: 'NO-SUCH-CIPHER',
});

describe('the self-test in the app', () => {
  let watcher: FakeWatcher;
  let notified: string[];
  let runs: Promise<DoctorReport>[];
  let contexts: SelfTestContext[];
  let engineNotifier: Notifier | undefined;

  beforeEach(() => {
    electron.resetElectron();
    watcher = fakeWatcher(
      appState([
        entry({ id: 'a', host: 'a.example', status: 'error', daysLeft: 40 }),
        entry({ id: 'b', host: 'b.example', status: 'error', daysLeft: 12 }),
      ]),
    );
    notified = [];
    runs = [];
    contexts = [];
  });

  function start(deps: Partial<DoctorDeps> = {}, fallback = { delivered: true }) {
    return runApp({
      electron: electron as unknown as AppElectron,
      makeWatcher: (notifier) => {
        engineNotifier = notifier;
        return watcher;
      },
      fallbackNotifier: {
        notify: async (n) => {
          notified.push(n.body);
          return fallback;
        },
      },
      loginItem: { isEnabled: () => false, set: () => undefined },
      network: { isOnline: () => true, signature: () => '' },
      paths: { preload: '/p.cjs', page: { file: PAGE }, iconDir: '/icons', appIcon: '/icon.png' },
      platform: 'linux',
      log: () => undefined,
      selfTest: (context) => {
        contexts.push(context);
        const run = runDoctor({ ...facts, ...deps });
        runs.push(run);
        return run;
      },
    });
  }

  const tray = () => electron.Tray.instances[0]!;
  const menuLabels = () => tray().menu!.items.map((i) => i.label ?? '---');
  const settle = async () => {
    await Promise.all(runs);
    // The runner records the report and repaints after the run's own promise settled.
    await new Promise((resolve) => setImmediate(resolve));
  };

  it('runs at start; a probe that cannot work here turns the tray into one sentence, not a red watchlist', async () => {
    electron.Notification.supported = false; // every notification goes to the recorded helper
    await start({ tlsProfile: refusedProfile }).ready;
    expect(runs).toHaveLength(1);
    await settle();
    const sentence = menuLabels()[0]!;
    expect(sentence).toMatch(
      /^Checks are not working on this computer: openssl profile, ciphers .*refuses it \(ERR_SSL_/,
    );
    expect(tray().image.path).toBe('/icons/error.png');
    expect(tray().tooltip).toContain('Checks are not working on this computer');
    expect(menuLabels()).not.toContain('2 unreachable');
    expect(menuLabels().filter((l) => l.includes('unreachable'))).toEqual([]);
    expect(menuLabels()).toContain('b.example — 12 days left');
    expect(menuLabels().some((l) => /^Run self-test again \(1 failed at \d\d:\d\d\)$/.test(l))).toBe(true);
    // A user who never opens the menu learns it from one notification.
    expect(notified.filter((b) => b.startsWith('Checks are not working on this computer:'))).toHaveLength(1);
  });

  it('shows a passing self-test in the menu and runs it again from there', async () => {
    await start().ready;
    await settle();
    expect(tray().image.path).toBe('/icons/error.png'); // the entries' own errors, as before
    expect(menuLabels()[0]).toBe('2 unreachable');
    const again = tray().menu!.items.find((i) => i.label?.startsWith('Run self-test again (passed at'))!;
    again.click!();
    expect(runs).toHaveLength(2);
    await settle();
  });

  it('answers the window: state:get carries the self-test, selftest:run runs it', async () => {
    await start().ready;
    await settle();
    const win = new FakeWebContents();
    electron.BrowserWindow.instances.length = 0;
    // The sender check accepts only the app's own window: open it the way the app does.
    tray().menu!.find('Open Certwatch').click!();
    const appWindow = electron.BrowserWindow.instances[0]!;
    appWindow.finishLoad();
    const event = { sender: appWindow.webContents, senderFrame: new FakeFrame(`file://${PAGE}`) };
    const state = (await electron.ipcMain.invoke('state:get', {}, event)) as { ok: true; value: AppState };
    expect(state.value.selfTest?.report?.checks.map((c) => c.id)).toContain('probe-expired');
    const rerun = (await electron.ipcMain.invoke('selftest:run', {}, event)) as {
      ok: true;
      value: { running: boolean; report: DoctorReport };
    };
    expect(rerun.value.running).toBe(false);
    expect(rerun.value.report.failed).toBe(false);
    expect(runs).toHaveLength(2);
    const pushed = appWindow.webContents.sent.filter((m) => m.channel === 'state:changed');
    expect((pushed.at(-1)!.payload as AppState).selfTest?.running).toBe(false);
    expect(
      (await electron.ipcMain.invoke(
        'selftest:run',
        {},
        { sender: win, senderFrame: new FakeFrame(`file://${PAGE}`) },
      )) as {
        ok: boolean;
      },
    ).toMatchObject({ ok: false });
  });

  it('tells the tray and the window once when the OS refuses notifications and the helper takes over', async () => {
    electron.Notification.refusal = 'Notifications are not allowed for this application';
    await start().ready;
    await settle();
    const notifier = engineNotifier!;
    expect(
      await notifier.notify({ title: 'shop.example expires in 7 days', body: 'Renew it.', entryIds: [] }),
    ).toEqual({ delivered: true });
    expect(notified).toEqual(['Renew it.']);
    const notice = menuLabels().find((l) => l.startsWith("The system refused Certwatch's notifications"));
    expect(notice).toBeDefined();
    await notifier.notify({ title: 'again', body: 'Again.', entryIds: [] });
    expect(menuLabels().filter((l) => l.startsWith('The system refused'))).toHaveLength(1);
    // The self-test reports the same route the user was told about.
    expect(notice!.endsWith('…')).toBe(true); // the menu clips; the window shows the whole sentence
    expect(contexts[0]!.notificationNotice()).toMatch(
      /^The system refused Certwatch's notifications \(Notifications are not allowed for this application\); they now go through node-notifier's helper instead/,
    );
  });
});

describe('the app’s collaborators for the self-test', () => {
  it('reports the proxy setting, HTTPS_PROXY, or the system proxy, in that order', () => {
    expect(
      appProxyRoute({ ...DEFAULT_SETTINGS, proxyUrl: 'http://proxy.corp.test:3128' }, {}).detail,
    ).toContain('http://proxy.corp.test:3128 for TLS targets, from the settings');
    expect(appProxyRoute(DEFAULT_SETTINGS, { HTTPS_PROXY: 'http://env.corp.test:8080' }).detail).toContain(
      'from HTTPS_PROXY',
    );
    expect(appProxyRoute(DEFAULT_SETTINGS, {}).detail).toMatch(/^the system proxy/);
  });

  it('asks codesign about the .app bundle and warns about an ad-hoc signed build on macOS', async () => {
    const asked: string[][] = [];
    const signature = await macSignatureOf(
      '/Applications/Certwatch.app/Contents/MacOS/Certwatch',
      async (file, args) => {
        asked.push([file, ...args]);
        return 'Executable=/Applications/Certwatch.app/Contents/MacOS/Certwatch\nSignature=adhoc\n';
      },
    );
    expect(asked).toEqual([['/usr/bin/codesign', '-dv', '--verbose=2', '/Applications/Certwatch.app']]);
    expect(signature).toBe('ad-hoc');
    const deps = appDoctorDeps({
      platform: 'darwin',
      env: {},
      notificationsSupported: () => true,
      notificationNotice: () => null,
      macSignature: async () => signature,
      settings: () => DEFAULT_SETTINGS,
      readFile: () => '',
    });
    expect(await deps.notificationRoute()).toMatchObject({ level: 'warn' });
    expect(await macSignatureOf('/x', () => Promise.reject(new Error('no codesign')))).toBe('unknown');
  });

  it('never runs two self-tests at once, and turns a crash into a failed report', async () => {
    let release!: () => void;
    const states: boolean[] = [];
    const runner = createSelfTestRunner({
      run: () =>
        new Promise<DoctorReport>((_resolve, reject) => {
          release = () => reject(new Error('boom'));
        }),
      onChange: (s) => void states.push(s.running),
      log: () => undefined,
    });
    const a = runner.run();
    const b = runner.run();
    expect(a).toBe(b);
    release();
    const done = await a;
    expect(done.report).toMatchObject({ failed: true, probeFailure: 'the self-test could not run: boom' });
    expect(states).toEqual([true, false]);
  });
});
