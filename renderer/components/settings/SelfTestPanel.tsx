// The self-test (`certwatch doctor` in the window): run it, and read each check's outcome. The app also runs
// it at start; a probe that cannot work on this computer is shown as a banner on every view.
import { useState } from 'react';
import type { SelfTestState } from '../../../main/shared/contract';
import type { WindowModel } from '../../lib/window-model';
import type { CheckLevel } from '../../../main/shared/doctor-report';
import { useApi } from '../../api/ApiContext';
import { formatLocalDateTime } from '../../lib/format';
import { ErrorText } from '../common/ErrorText';

const WORD: Record<CheckLevel, string> = { ok: 'OK', warn: 'Warning', fail: 'Failed' };

export function SelfTestPanel({ state }: { state: WindowModel }) {
  const { call } = useApi();
  // The app pushes the self-test with the state; the web bridge only answers the call.
  const [answered, setAnswered] = useState<SelfTestState | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = state.selfTest ?? answered;
  const report = current?.report ?? null;
  const busy = running || current?.running === true;

  const run = async () => {
    setRunning(true);
    setError(null);
    const result = await call('selftest:run', {});
    setRunning(false);
    if (!result.ok) setError(result.error.message);
    else setAnswered(result.value);
  };

  return (
    <fieldset className="selftest">
      <legend>Self-test</legend>
      <p className="field-hint">
        Checks a test server on this computer with a freshly made certificate chain (one valid, one expired,
        one for another name), and reports the TLS library, trusted roots, notification route and proxy in
        use.
      </p>
      <div className="inline-form">
        <button type="button" disabled={busy} onClick={() => void run()}>
          {busy ? 'Running self-test…' : 'Run self-test'}
        </button>
      </div>
      {report && (
        <>
          <p role="status" className="small">
            {report.failed
              ? `${report.checks.filter((c) => c.level === 'fail').length} of ${report.checks.length} checks failed`
              : 'All checks passed'}{' '}
            ({formatLocalDateTime(report.ranAt)}).
          </p>
          <ul className="selftest-checks" aria-label="Self-test results">
            {report.checks.map((c) => (
              <li key={c.id} className={`selftest-${c.level}`}>
                <span className="selftest-level">{WORD[c.level]}</span> <strong>{c.label}</strong>: {c.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorText>{error}</ErrorText>
    </fieldset>
  );
}
