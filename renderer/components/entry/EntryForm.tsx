// The edit form's fields: description, how to connect, when to warn, whether to check.
import { STARTTLS_PROTOCOLS, type Thresholds } from '../../../main/shared/types';
import type { EntryFormErrors, EntryFormValues } from '../../lib/entry-form';
import { Field } from '../common/Field';

interface EntryFormProps {
  values: EntryFormValues;
  errors: EntryFormErrors;
  globals: Thresholds;
  globalInterval: number;
  onChange: (values: EntryFormValues) => void;
}

export function EntryForm({ values, errors, globals, globalInterval, onChange }: EntryFormProps) {
  const set =
    <K extends keyof EntryFormValues>(key: K) =>
    (value: EntryFormValues[K]) =>
      onChange({ ...values, [key]: value });

  return (
    <>
      <fieldset>
        <legend>Description</legend>
        <Field label="Label" error={errors.label}>
          <input data-autofocus value={values.label} onChange={(e) => set('label')(e.target.value)} />
        </Field>
        <Field label="Tags" hint="Separate tags with commas" error={errors.tags}>
          <input value={values.tags} onChange={(e) => set('tags')(e.target.value)} />
        </Field>
        <Field label="Owner" hint="Who renews this certificate (a person or a team)" error={errors.owner}>
          <input value={values.owner} onChange={(e) => set('owner')(e.target.value)} />
        </Field>
        <Field label="Runbook URL" hint="Where the renewal steps are written down" error={errors.runbookUrl}>
          <input
            type="url"
            value={values.runbookUrl}
            placeholder="https://wiki.example.com/renew-tls"
            onChange={(e) => set('runbookUrl')(e.target.value)}
          />
        </Field>
        <Field label="Notes" error={errors.notes}>
          <textarea rows={3} value={values.notes} onChange={(e) => set('notes')(e.target.value)} />
        </Field>
      </fieldset>

      <fieldset>
        <legend>Connection</legend>
        <Field label="STARTTLS" hint="For services that start in plain text and upgrade (mail, databases…)">
          <select
            value={values.starttls}
            onChange={(e) => set('starttls')(e.target.value as EntryFormValues['starttls'])}
          >
            <option value="">None: TLS from the first byte</option>
            {STARTTLS_PROTOCOLS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="SNI name"
          hint="Send this server name instead of the host (e.g. when watching an IP address)"
          error={errors.sni}
        >
          <input value={values.sni} spellCheck={false} onChange={(e) => set('sni')(e.target.value)} />
        </Field>
      </fieldset>

      <fieldset>
        <legend>Alerts and checks</legend>
        <div className="field-row">
          <Field
            label="Warning days"
            hint={`Blank: default (${globals.warningDays})`}
            error={errors.warningDays}
          >
            <input
              inputMode="numeric"
              value={values.warningDays}
              onChange={(e) => set('warningDays')(e.target.value)}
            />
          </Field>
          <Field
            label="Critical days"
            hint={`Blank: default (${globals.criticalDays})`}
            error={errors.criticalDays}
          >
            <input
              inputMode="numeric"
              value={values.criticalDays}
              onChange={(e) => set('criticalDays')(e.target.value)}
            />
          </Field>
          <Field
            label="Check interval (minutes)"
            hint={`Blank: default (${globalInterval})`}
            error={errors.intervalMinutes}
          >
            <input
              inputMode="numeric"
              value={values.intervalMinutes}
              onChange={(e) => set('intervalMinutes')(e.target.value)}
            />
          </Field>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={values.enabled}
            onChange={(e) => set('enabled')(e.target.checked)}
          />{' '}
          Check this entry on schedule
        </label>
      </fieldset>
    </>
  );
}
