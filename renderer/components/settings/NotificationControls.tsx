// Pause or resume notifications, and send a test one to see that they arrive.
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { formatLocalDateTime, formatRelative } from '../../lib/format';
import { PAUSE_CHOICES } from '../../lib/settings-form';
import { ErrorText } from '../common/ErrorText';

export function NotificationControls({ pausedUntil, now }: { pausedUntil: string | null; now: number }) {
  const { call } = useApi();
  const [choice, setChoice] = useState(PAUSE_CHOICES[0]?.ms ?? 3_600_000);
  const [error, setError] = useState<string | null>(null);
  const [testMessage, setTestMessage] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const paused = pausedUntil !== null && Date.parse(pausedUntil) > now;

  const pause = async (until: string | null) => {
    setError(null);
    const result = await call('notifications:pause', { until });
    if (!result.ok) setError(result.error.message);
  };

  const test = async () => {
    setTesting(true);
    setTestMessage(null);
    setError(null);
    const result = await call('notifications:test', {});
    setTesting(false);
    if (!result.ok) setError(result.error.message);
    else
      setTestMessage(
        result.value.delivered
          ? 'Test notification sent. If it did not appear, check the system notification settings for Certwatch.'
          : 'The system did not accept the notification. Check that notifications for Certwatch are allowed.',
      );
  };

  return (
    <fieldset>
      <legend>Notifications</legend>
      {paused ? (
        <p>
          Paused until {formatLocalDateTime(pausedUntil)} ({formatRelative(pausedUntil, now)}).{' '}
          <button type="button" onClick={() => void pause(null)}>
            Resume notifications
          </button>
        </p>
      ) : (
        <div className="inline-form">
          <label>
            Pause for{' '}
            <select value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
              {PAUSE_CHOICES.map((c) => (
                <option key={c.ms} value={c.ms}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void pause(new Date(Date.now() + choice).toISOString())}>
            Pause notifications
          </button>
        </div>
      )}
      <div className="inline-form">
        <button type="button" disabled={testing} onClick={() => void test()}>
          {testing ? 'Sending…' : 'Send test notification'}
        </button>
      </div>
      {testMessage && (
        <p role="status" className="small">
          {testMessage}
        </p>
      )}
      <ErrorText>{error}</ErrorText>
    </fieldset>
  );
}
