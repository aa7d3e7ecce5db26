// Things the user must know right now: messages from the engine and a notification pause.
import type { AppState } from '../../../main/shared/contract';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { formatLocalDateTime, formatRelative } from '../../lib/format';

export function Banners({ state, now }: { state: AppState; now: number }) {
  const { call } = useApi();
  const ui = useUi();
  const resume = async () => {
    const result = await call('notifications:pause', { until: null });
    if (!result.ok) ui.notify(`Could not resume notifications: ${result.error.message}`, 'error');
  };
  const paused = state.pausedUntil !== null && Date.parse(state.pausedUntil) > now;
  if (!paused && state.messages.length === 0) return null;
  return (
    <div className="banners">
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
