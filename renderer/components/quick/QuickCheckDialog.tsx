// Check any host once without adding it, then add it to the watchlist if it deserves watching.
import { useState, type FormEvent } from 'react';
import type { ProbeResult } from '../../../main/shared/types';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { previewTarget } from '../../lib/bulk-preview';
import { ErrorText } from '../common/ErrorText';
import { Field } from '../common/Field';
import { Modal } from '../common/Modal';
import { ProbeSummary } from './ProbeSummary';

export function QuickCheckDialog() {
  const { call } = useApi();
  const ui = useUi();
  const [target, setTarget] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<ProbeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    const preview = previewTarget(target);
    if (!preview.ok) {
      setError(preview.error);
      return;
    }
    setChecking(true);
    const answer = await call('checks:quick', { target: target.trim() });
    setChecking(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error.message);
  };

  const add = async () => {
    if (!result) return;
    setAdding(true);
    setError(null);
    const answer = await call('entries:add', { text: target.trim() });
    setAdding(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    const line = answer.value.lines[0];
    if (!line?.ok || !line.entryId) {
      setError(line?.error ?? 'The host was not added.');
      return;
    }
    void ui.refresh();
    ui.closeDialog();
    ui.show('watchlist');
    ui.select(line.entryId);
    ui.notify(`Added ${line.input} to the watchlist.`);
  };

  return (
    <Modal
      title="Quick check"
      description="Check a host once without adding it to the watchlist."
      onClose={ui.closeDialog}
      wide
    >
      <form onSubmit={(e) => void check(e)} className="inline-form" noValidate>
        <Field label="Host or URL">
          <input
            data-autofocus
            value={target}
            autoComplete="off"
            spellCheck={false}
            placeholder="example.com"
            onChange={(e) => setTarget(e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={checking || !target.trim()}>
          {checking ? 'Checking…' : 'Check'}
        </button>
      </form>
      {checking && (
        <p role="status" className="loading">
          Checking {target.trim()}…
        </p>
      )}
      <ErrorText>{error}</ErrorText>
      {result && (
        <>
          <ProbeSummary result={result} />
          <div className="form-actions">
            <button type="button" onClick={ui.closeDialog}>
              Close
            </button>
            <button type="button" className="primary" disabled={adding} onClick={() => void add()}>
              {adding ? 'Adding…' : 'Add to watchlist'}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
