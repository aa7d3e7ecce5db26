// Things the user must know right now: checks that cannot work on this computer (the self-test), notifications
// that are refused or degraded, messages from the engine and a notification pause.
import type { WindowModel } from '../../lib/window-model';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { anyBanner, bannerFacts } from '../../lib/banners';
import { formatLocalDateTime, formatRelative } from '../../lib/format';

export function Banners({ state, now }: { state: WindowModel; now: number }) {
  const { call } = useApi();
  const ui = useUi();
  const resume = async () => {
    const result = await call('notifications:pause', { until: null });
    if (!result.ok) ui.notify(`Could not resume notifications: ${result.error.message}`, 'error');
  };
  const facts = bannerFacts(state, now);
  if (!anyBanner(facts)) return null;
  const { paused, broken, notice } = facts;
  return (
    <div className="banners">
      {broken && (
        <p className="banner banner-error" role="alert">
          Checks are not working on this computer: {broken} The results below may say nothing about the
          servers; see the self-test in Settings.
        </p>
      )}
      {notice && (
        <p className="banner banner-warning" role="note">
          {notice}
        </p>
      )}
      {state.messages.map((message) => (
        <p key={message} className="banner banner-warning" role="note">
          {message}
        </p>
      ))}
      {paused && state.pausedUntil && (
        <p className="banner">
          Notifications are paused until {formatLocalDateTime(state.pausedUntil)} (
          {formatRelative(state.pausedUntil, now)}).{' '}
          <button type="button" className="link-button" onClick={() => void resume()}>
            Resume now
          </button>
        </p>
      )}
    </div>
  );
}
