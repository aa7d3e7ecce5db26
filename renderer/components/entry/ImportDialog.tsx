// Import a watchlist from a JSON or CSV file (or pasted text); the engine reports each line it refused.
import { useState, type FormEvent } from 'react';
import type { AddReport } from '../../../main/shared/contract';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { pluralise } from '../../lib/format';
import { ErrorText } from '../common/ErrorText';
import { Field } from '../common/Field';
import { Modal } from '../common/Modal';
import { LinesReport } from './LinesReport';

type Format = 'auto' | 'json' | 'csv';

export function ImportDialog() {
  const { call } = useApi();
  const ui = useUi();
  const [text, setText] = useState('');
  const [format, setFormat] = useState<Format>('auto');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<AddReport | null>(null);
  const [busy, setBusy] = useState(false);
  // Names without a dot (`intranet`) are often typos: imported only when the person confirms them.
  const [allowSingleLabel, setAllowSingleLabel] = useState(false);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      setText(await file.text());
      setFileName(file.name);
      if (/\.json$/i.test(file.name)) setFormat('json');
      else if (/\.csv$/i.test(file.name)) setFormat('csv');
    } catch {
      setError(`Could not read ${file.name}.`);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setReport(null);
    if (!text.trim()) {
      setError('Choose a file or paste the exported text first.');
      return;
    }
    setBusy(true);
    const result = await call('watchlist:import', {
      text,
      format,
      ...(allowSingleLabel ? { allowSingleLabel } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    void ui.refresh();
    if (result.value.lines.every((l) => l.ok)) {
      ui.closeDialog();
      ui.notify(`Imported ${pluralise(result.value.added, 'entry', 'entries')}.`);
      return;
    }
    setReport(result.value);
  };

  return (
    <Modal
      title="Import a watchlist"
      description="A Certwatch JSON or CSV export, or any CSV with a target column. Entries already watched are skipped."
      onClose={ui.closeDialog}
      wide
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="File" hint={fileName ? `Loaded ${fileName}` : 'A .json or .csv file'}>
          <input
            type="file"
            data-autofocus
            accept=".json,.csv,.txt,application/json,text/csv,text/plain"
            onChange={(e) => void readFile(e.target.files?.[0])}
          />
        </Field>
        <Field label="Or paste the contents">
          <textarea rows={8} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
        </Field>
        <Field label="Format">
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="auto">Detect automatically</option>
            <option value="json">JSON</option>
            <option value="csv">CSV</option>
          </select>
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allowSingleLabel}
            onChange={(e) => setAllowSingleLabel(e.target.checked)}
          />{' '}
          Allow names without a dot (such as <code>intranet</code>): they are local names, not typos
        </label>
        <ErrorText>{error}</ErrorText>
        {report && <LinesReport report={report} />}
        <div className="form-actions">
          <button type="button" onClick={ui.closeDialog}>
            {report ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
