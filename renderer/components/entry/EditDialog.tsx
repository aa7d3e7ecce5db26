// Edit one entry: loads its full record, checks the form, sends only what changed and shows the engine's
// answer when it refuses the change.
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings, WatchEntry } from '../../../main/shared/model';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import {
  formFromEntry,
  patchFromForm,
  validateEntryForm,
  type EntryFormErrors,
  type EntryFormValues,
} from '../../lib/entry-form';
import { ErrorText } from '../common/ErrorText';
import { Modal } from '../common/Modal';
import { entryName, targetName } from '../../../main/shared/entry-name';
import { EntryForm } from './EntryForm';

type Loaded = { entry: WatchEntry; initial: EntryFormValues };

export function EditDialog({ id, settings }: { id: string; settings: Settings }) {
  const { call } = useApi();
  const ui = useUi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [values, setValues] = useState<EntryFormValues | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<EntryFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void call('entries:details', { id }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setLoadError(result.error.message);
        return;
      }
      const initial = formFromEntry(result.value.entry);
      setLoaded({ entry: result.value.entry, initial });
      setValues(initial);
    });
    return () => {
      current = false;
    };
  }, [call, id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!loaded || !values) return;
    setSaveError(null);
    const found = validateEntryForm(values, settings.thresholds);
    setErrors(found);
    if (Object.keys(found).length) return;
    const patch = patchFromForm(loaded.initial, values);
    if (Object.keys(patch).length === 0) {
      ui.closeDialog();
      return;
    }
    setBusy(true);
    const result = await call('entries:update', { id, patch });
    setBusy(false);
    if (!result.ok) {
      setSaveError(result.error.message);
      return;
    }
    void ui.refresh();
    ui.closeDialog();
    // The status shown was judged with the old thresholds and connection settings: judge it again now rather
    // than at the next scheduled check, hours away.
    const rejudge = ['thresholds', 'starttls', 'sni'].some((key) => key in patch) && result.value.enabled;
    if (rejudge) void ui.checkNow([id]);
    ui.notify(
      rejudge
        ? `Saved ${targetName(result.value, result.value.target)}; checking it again with the new settings.`
        : `Saved ${targetName(result.value, result.value.target)}.`,
    );
  };

  const title = loaded ? `Edit ${entryName(loaded.entry, loaded.entry.target)}` : 'Edit entry';
  return (
    <Modal title={title} onClose={ui.closeDialog} wide>
      {!loaded && !loadError && (
        <p role="status" className="loading">
          Loading the entry…
        </p>
      )}
      <ErrorText>{loadError}</ErrorText>
      {loaded && values && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p className="mono muted">{targetName(loaded.entry, loaded.entry.target)}</p>
          <EntryForm
            values={values}
            errors={errors}
            globals={settings.thresholds}
            globalInterval={settings.intervalMinutes}
            onChange={setValues}
          />
          {Object.keys(errors).length > 0 && (
            <p role="alert" className="error-text">
              Fix the highlighted fields, then save again.
            </p>
          )}
          <ErrorText>{saveError}</ErrorText>
          <div className="form-actions">
            <button type="button" onClick={ui.closeDialog}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
