// Global settings: default thresholds and interval, trust (CA bundle, revocation), proxy, Prometheus metrics,
// launch at login, notifications.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { WindowModel } from '../../lib/window-model';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import {
  formFromSettings,
  patchFromSettingsForm,
  validateSettingsForm,
  type SettingsFormErrors,
  type SettingsFormValues,
} from '../../lib/settings-form';
import { ErrorText } from '../common/ErrorText';
import { Field } from '../common/Field';
import { NotificationControls } from './NotificationControls';
import { SelfTestPanel } from './SelfTestPanel';
import { ChannelsSection } from './ChannelsSection';

export function SettingsView({ state, now }: { state: WindowModel; now: number }) {
  const { call } = useApi();
  const ui = useUi();
  const [values, setValues] = useState<SettingsFormValues>(() => formFromSettings(state.settings));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const revocationHint = useId();
  const metricsHint = useId();
  // Settings changed elsewhere (the CLI, another window) replace the form unless the user is editing it.
  const shown = useRef(state.settings);
  useEffect(() => {
    const before = formFromSettings(shown.current);
    shown.current = state.settings;
    setValues((current) =>
      JSON.stringify(current) === JSON.stringify(before) ? formFromSettings(state.settings) : current,
    );
  }, [state.settings]);
  const set =
    <K extends keyof SettingsFormValues>(key: K) =>
    (value: SettingsFormValues[K]) =>
      setValues({ ...values, [key]: value });

  const patch = patchFromSettingsForm(state.settings, values);
  const dirty = Object.keys(patch).length > 0;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    const found = validateSettingsForm(values);
    setErrors(found);
    if (Object.keys(found).length || !dirty) return;
    setBusy(true);
    const result = await call('settings:update', { patch });
    setBusy(false);
    if (!result.ok) {
      setSaveError(result.error.message);
      return;
    }
    setValues(formFromSettings(result.value));
    ui.notify('Settings saved.');
  };

  return (
    <section className="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <fieldset>
          <legend>Defaults for every entry</legend>
          <div className="field-row">
            <Field label="Warning days" hint="Warn when fewer days are left" error={errors.warningDays}>
              <input
                inputMode="numeric"
                value={values.warningDays}
                onChange={(e) => set('warningDays')(e.target.value)}
              />
            </Field>
            <Field label="Critical days" hint="Critical when fewer days are left" error={errors.criticalDays}>
              <input
                inputMode="numeric"
                value={values.criticalDays}
                onChange={(e) => set('criticalDays')(e.target.value)}
              />
            </Field>
            <Field label="Check interval (minutes)" error={errors.intervalMinutes}>
              <input
                inputMode="numeric"
                value={values.intervalMinutes}
                onChange={(e) => set('intervalMinutes')(e.target.value)}
              />
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Trust</legend>
          <Field
            label="Extra CA bundle"
            hint="Path to a PEM file of CA certificates to trust besides the system's (internal PKI). Leave empty for none."
            error={errors.caBundlePath}
          >
            <input
              value={values.caBundlePath}
              spellCheck={false}
              placeholder="/etc/ssl/corp-root.pem"
              onChange={(e) => set('caBundlePath')(e.target.value)}
            />
          </Field>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.checkRevocation}
              aria-describedby={revocationHint}
              onChange={(e) => set('checkRevocation')(e.target.checked)}
            />{' '}
            Check revocation (OCSP/CRL)
          </label>
          <p id={revocationHint} className="field-hint">
            Asks each certificate&apos;s issuer whether it was revoked. An issuer that cannot be reached is
            noted, never counted as a failure.
          </p>
        </fieldset>
        <fieldset>
          <legend>Network</legend>
          <Field
            label="Proxy"
            hint="Empty: use HTTPS_PROXY or the system proxy. direct: never use a proxy. Otherwise http://host:port or http://user:password@host:port."
            error={errors.proxyUrl}
          >
            <input
              value={values.proxyUrl}
              spellCheck={false}
              autoComplete="off"
              placeholder="http://proxy.example.com:3128"
              onChange={(e) => set('proxyUrl')(e.target.value)}
            />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Prometheus metrics</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.metricsEnabled}
              aria-describedby={metricsHint}
              onChange={(e) => set('metricsEnabled')(e.target.checked)}
            />{' '}
            Serve metrics for Prometheus
          </label>
          <p id={metricsHint} className="field-hint">
            Expiry dates, status and problems of every entry at{' '}
            <span className="mono">http://{values.metricsAddress.trim() || '127.0.0.1:9793'}/metrics</span>,
            for Prometheus to scrape. Example alerting rules: docs/certwatch-alerts.rules.yml.
          </p>
          {values.metricsEnabled && (
            <>
              <Field
                label="Listen address"
                hint="IP address and port; 127.0.0.1 keeps the metrics on this computer."
                error={errors.metricsAddress}
              >
                <input
                  value={values.metricsAddress}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="127.0.0.1:9793"
                  onChange={(e) => set('metricsAddress')(e.target.value)}
                />
              </Field>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={values.metricsAllowRemote}
                  onChange={(e) => set('metricsAllowRemote')(e.target.checked)}
                />{' '}
                Allow other computers to read the metrics (they name every host, owner and tag you watch)
              </label>
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>Startup</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.launchAtLogin}
              onChange={(e) => set('launchAtLogin')(e.target.checked)}
            />{' '}
            Launch Certwatch at login
          </label>
        </fieldset>
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="error-text">
            Fix the highlighted fields, then save again.
          </p>
        )}
        <ErrorText>{saveError}</ErrorText>
        <div className="form-actions">
          <button type="button" disabled={!dirty} onClick={() => setValues(formFromSettings(state.settings))}>
            Discard changes
          </button>
          <button type="submit" className="primary" disabled={busy || !dirty}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <NotificationControls pausedUntil={state.pausedUntil} now={now} />
      <SelfTestPanel state={state} />
      <ChannelsSection state={state} />
      <p className="muted small">
        Watchlist stored in <span className="mono">{state.storePath}</span>
      </p>
    </section>
  );
}
