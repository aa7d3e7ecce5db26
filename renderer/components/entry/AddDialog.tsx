// Add one host (with a label and tags) or paste many, one per line, with a per-line preview before saving and
// the engine's per-line report after.
import { useMemo, useState, type FormEvent } from 'react';
import type { AddReport } from '../../../main/shared/contract';
import type { TableRow } from '../../lib/window-model';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { previewBulk } from '../../lib/bulk-preview';
import { parseTags } from '../../lib/entry-form';
import { pluralise } from '../../lib/format';
import { ErrorText } from '../common/ErrorText';
import { Field } from '../common/Field';
import { Modal } from '../common/Modal';
import { BulkPreviewList } from './BulkPreviewList';
import { LinesReport } from './LinesReport';

type Mode = 'one' | 'many';

export function AddDialog({ existing }: { existing: TableRow[] }) {
  const { call } = useApi();
  const ui = useUi();
  const [mode, setMode] = useState<Mode>('one');
  const [target, setTarget] = useState('');
  const [label, setLabel] = useState('');
  // The server name to send, for one of several sites served from one address; part of the entry's identity.
  const [sni, setSni] = useState('');
  const [tags, setTags] = useState('');
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<AddReport | null>(null);
  // Names without a dot (`intranet`) are often typos: they are added only once the person ticks the box.
  const [allowSingleLabel, setAllowSingleLabel] = useState(false);

  const single = useMemo(
    () => previewBulk(target, existing, { allowSingleLabel }, sni).lines[0] ?? null,
    [target, existing, allowSingleLabel, sni],
  );
  const bulk = useMemo(
    () => previewBulk(text, existing, { allowSingleLabel }),
    [text, existing, allowSingleLabel],
  );
  const askSingleLabel = allowSingleLabel || (mode === 'one' ? !!single?.singleLabel : bulk.singleLabel > 0);
  const singleError = touched && target.trim() ? (single && !single.ok ? single.message : null) : null;

  const addOne = async () => {
    setTouched(true);
    if (!target.trim()) {
      setError('Enter a host name, host:port or URL.');
      return;
    }
    if (single && !single.ok) return;
    setBusy(true);
    const result = await call('entries:add', {
      text: target.trim(),
      ...(allowSingleLabel ? { allowSingleLabel } : {}),
      ...(sni.trim() ? { sni: sni.trim() } : {}),
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.error.message);
      return;
    }
    const line = result.value.lines[0];
    if (!line?.ok || !line.entryId) {
      setBusy(false);
      setReport(result.value);
      return;
    }
    const extra = { label: label.trim(), tags: parseTags(tags) };
    if (extra.label || extra.tags.length) {
      const update = await call('entries:update', { id: line.entryId, patch: extra });
      if (!update.ok)
        ui.notify(`Added, but the label and tags were not saved: ${update.error.message}`, 'error');
    }
    setBusy(false);
    void ui.refresh();
    ui.closeDialog();
    ui.select(line.entryId);
    ui.notify(`Added ${line.input}. The first check is under way.`);
  };

  const addMany = async () => {
    if (bulk.lines.length === 0) {
      setError('Paste at least one host, one per line.');
      return;
    }
    setBusy(true);
    const result = await call('entries:add', { text, ...(allowSingleLabel ? { allowSingleLabel } : {}) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    void ui.refresh();
    const failed = result.value.lines.filter((l) => !l.ok);
    if (failed.length === 0) {
      ui.closeDialog();
      ui.notify(`Added ${pluralise(result.value.added, 'entry', 'entries')}.`);
      return;
    }
    // Keep only what still needs fixing in the box; the report says why each line was refused.
    setText(failed.map((l) => l.input).join('\n'));
    setReport(result.value);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setReport(null);
    void (mode === 'one' ? addOne() : addMany());
  };

  return (
    <Modal title="Add to the watchlist" onClose={ui.closeDialog} wide>
      <form onSubmit={submit} noValidate>
        <fieldset className="segmented">
          <legend className="visually-hidden">How many</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'one'} onChange={() => setMode('one')} /> One
            host
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'many'} onChange={() => setMode('many')} />{' '}
            Paste a list
          </label>
        </fieldset>

        {mode === 'one' ? (
          <>
            <Field
              label="Host or URL"
              hint="example.com, api.example.com:8443, [2001:db8::1]:443, https://… or smtp://mail.example.com"
              error={singleError ?? undefined}
            >
              <input
                data-autofocus
                value={target}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setTarget(e.target.value)}
                onBlur={() => setTouched(true)}
              />
            </Field>
            {single?.ok && <p className="muted small">{single.message}.</p>}
            <Field
              label="SNI name (optional)"
              hint="The name to ask the server for, when it differs from the host: one of several sites on one address"
            >
              <input
                value={sni}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setSni(e.target.value)}
              />
            </Field>
            <Field label="Label (optional)">
              <input value={label} onChange={(e) => setLabel(e.target.value)} />
            </Field>
            <Field label="Tags (optional)" hint="Separate tags with commas, e.g. prod, payments">
              <input value={tags} onChange={(e) => setTags(e.target.value)} />
            </Field>
          </>
        ) : (
          <>
            <Field
              label="Hosts, one per line"
              hint="host, host:port or URLs; blank lines and # comments are ignored"
            >
              <textarea
                data-autofocus
                rows={10}
                value={text}
                spellCheck={false}
                onChange={(e) => {
                  setText(e.target.value);
                  setReport(null);
                }}
              />
            </Field>
            {/* After adding, the report is the one list (numbered as sent); the preview returns on the next edit. */}
            {!report && <BulkPreviewList preview={bulk} />}
          </>
        )}

        {askSingleLabel && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={allowSingleLabel}
              onChange={(e) => setAllowSingleLabel(e.target.checked)}
            />{' '}
            Allow names without a dot (such as <code>intranet</code>): I meant a local name, not a typo
          </label>
        )}

        <ErrorText>{error}</ErrorText>
        {report && <LinesReport report={report} />}
        {report && mode === 'many' && report.added < report.lines.length && (
          <p className="muted small">
            Line numbers are those of the list you sent; the box now holds only the lines still to fix.
          </p>
        )}

        <div className="form-actions">
          <button type="button" onClick={ui.closeDialog}>
            {report ? 'Close' : 'Cancel'}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || (mode === 'many' && bulk.valid === 0 && bulk.lines.length > 0)}
          >
            {busy
              ? 'Adding…'
              : mode === 'one'
                ? 'Add'
                : bulk.valid > 0
                  ? `Add ${pluralise(bulk.valid, 'entry', 'entries')}`
                  : 'Add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
