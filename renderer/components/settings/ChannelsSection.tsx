// Team channels in Settings: where alerts go besides this desktop (signed JSON webhooks, Slack/Mattermost,
// Teams, e-mail), which entries each hears about, and how its deliveries are going. Secrets are write-only:
// the window is told that one is set, never what it is; leaving the field empty keeps it.
import { useState, type FormEvent } from 'react';
import type { WindowModel } from '../../lib/window-model';
import {
  CHANNEL_KIND_LABEL,
  CHANNEL_KINDS,
  channelInputSchema,
  type ChannelInput,
  type ChannelKind,
  type ChannelView,
} from '../../../main/shared/channels';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { ErrorText } from '../common/ErrorText';
import { Field } from '../common/Field';
import { targetName } from '../../../main/shared/entry-name';

interface FormValues {
  id?: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  all: boolean;
  tags: string;
  owners: string;
  entryIds: string[];
  url: string;
  secret: string;
  host: string;
  port: string;
  security: 'starttls' | 'tls';
  user: string;
  password: string;
  from: string;
  to: string;
}

const EMPTY: FormValues = {
  name: '',
  kind: 'webhook',
  enabled: true,
  all: true,
  tags: '',
  owners: '',
  entryIds: [],
  url: '',
  secret: '',
  host: '',
  port: '587',
  security: 'starttls',
  user: '',
  password: '',
  from: '',
  to: '',
};

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function formOf(c: ChannelView): FormValues {
  return {
    ...EMPTY,
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    all: c.route.all,
    tags: c.route.tags.join(', '),
    owners: c.route.owners.join(', '),
    entryIds: c.route.entryIds,
    host: c.smtp?.host ?? '',
    port: String(c.smtp?.port ?? 587),
    security: c.smtp?.security ?? 'starttls',
    user: c.smtp?.user ?? '',
    from: c.smtp?.from ?? '',
    to: c.to ?? '',
  };
}

/** What the form sends: empty secret fields are left out, so the stored ones stay. */
export function inputOf(v: FormValues): ChannelInput {
  const input: ChannelInput = {
    ...(v.id ? { id: v.id } : {}),
    name: v.name,
    kind: v.kind,
    enabled: v.enabled,
    route: { all: v.all, tags: list(v.tags), owners: list(v.owners), entryIds: v.entryIds },
  };
  if (v.kind === 'email') {
    input.smtp = {
      host: v.host.trim(),
      port: Number(v.port),
      security: v.security,
      ...(v.user.trim() ? { user: v.user.trim() } : {}),
      ...(v.password ? { password: v.password } : {}),
      from: v.from.trim(),
    };
    input.to = v.to.trim();
  } else {
    if (v.url.trim()) input.url = v.url.trim();
    if (v.kind === 'webhook' && v.secret) input.secret = v.secret;
  }
  return input;
}

function routeText(c: ChannelView, state: WindowModel): string {
  if (c.route.all) return 'every entry';
  const names = c.route.entryIds.map((id) => {
    const e = state.entries.find((x) => x.id === id);
    return e ? (e.label ?? e.target) : 'a removed entry';
  });
  const parts = [...names, ...c.route.tags.map((t) => `#${t}`), ...c.route.owners.map((o) => `owner ${o}`)];
  return parts.length ? parts.join(', ') : 'no entries yet';
}

function Health({ c }: { c: ChannelView }) {
  const h = c.health;
  if (h.lastError)
    return (
      <p className="field-error">
        Not delivered: {h.lastError}
        {h.retrying ? ` (retrying, ${h.retrying} waiting)` : ''}
      </p>
    );
  if (h.lastSentAt) return <p className="muted small">Last sent {new Date(h.lastSentAt).toLocaleString()}</p>;
  return <p className="muted small">Nothing sent yet</p>;
}

export function ChannelsSection({ state }: { state: WindowModel }) {
  const { call } = useApi();
  const ui = useUi();
  const [editing, setEditing] = useState<FormValues | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const channels = state.channels ?? [];
  const current = editing?.id ? channels.find((c) => c.id === editing.id) : undefined;
  const set =
    <K extends keyof FormValues>(key: K) =>
    (value: FormValues[K]) =>
      setEditing((v) => (v ? { ...v, [key]: value } : v));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const input = inputOf(editing);
    if (!input.id && input.kind !== 'email' && !input.url) return setError('Enter the URL to post to.');
    const checked = channelInputSchema.safeParse(input);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return setError(`${issue?.path.join('.') || 'The channel'} ${issue?.message ?? 'is not valid'}.`);
    }
    setBusy(true);
    const result = await call('channels:save', { channel: input });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setEditing(null);
    ui.notify(`Channel “${result.value.name}” saved.`);
  };

  const test = async (c: ChannelView) => {
    const result = await call('channels:test', { id: c.id });
    if (result.ok) ui.notify(`Test message sent to “${c.name}”.`);
    else ui.notify(result.error.message, 'error');
  };

  const remove = async (c: ChannelView) => {
    const result = await call('channels:remove', { id: c.id });
    if (result.ok) ui.notify(`Channel “${c.name}” removed.`);
    else ui.notify(result.error.message, 'error');
  };

  const v = editing;
  return (
    <section className="channels" aria-labelledby="channels-heading">
      <h3 id="channels-heading">Team channels</h3>
      <p className="muted small">
        Alerts also go to these channels, with the same rules as this desktop: each once per certificate and
        reason, retried when the receiver fails. Pausing notifications here does not pause them.
      </p>
      {channels.length === 0 && !v && <p className="muted">No team channels yet.</p>}
      <ul className="channel-list">
        {channels.map((c) => (
          <li key={c.id} aria-label={c.name}>
            <div>
              <strong>{c.name}</strong> · {CHANNEL_KIND_LABEL[c.kind]}
              {c.enabled ? '' : ' · off'}
            </div>
            <div className="muted small">
              {c.kind === 'email' ? `${c.smtp?.host}:${c.smtp?.port}` : c.urlMasked} · for{' '}
              {routeText(c, state)}
            </div>
            <Health c={c} />
            <div className="form-actions">
              <button type="button" onClick={() => (setError(null), setEditing(formOf(c)))}>
                Edit
              </button>
              <button type="button" onClick={() => void test(c)}>
                Send test
              </button>
              <button type="button" onClick={() => void remove(c)}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
      {!v && (
        <button type="button" onClick={() => (setError(null), setEditing({ ...EMPTY }))}>
          Add channel…
        </button>
      )}
      {v && (
        <form onSubmit={(e) => void save(e)} noValidate aria-label={v.id ? 'Edit channel' : 'New channel'}>
          <div className="field-row">
            <Field label="Name">
              <input value={v.name} onChange={(e) => set('name')(e.target.value)} />
            </Field>
            <Field label="Kind">
              <select value={v.kind} onChange={(e) => set('kind')(e.target.value as ChannelKind)}>
                {CHANNEL_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CHANNEL_KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {v.kind !== 'email' && (
            <Field
              label="Webhook URL"
              hint={
                current?.hasUrl
                  ? `Set (${current.urlMasked}). Leave empty to keep it.`
                  : 'https://…; plain http:// only to this computer.'
              }
            >
              <input
                value={v.url}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => set('url')(e.target.value)}
              />
            </Field>
          )}
          {v.kind === 'webhook' && (
            <Field
              label="Signing secret"
              hint={
                current?.hasSecret
                  ? 'Set. Leave empty to keep it.'
                  : 'Signs each request (X-Certwatch-Signature: sha256=HMAC of the body).'
              }
            >
              <input
                type="password"
                value={v.secret}
                autoComplete="new-password"
                onChange={(e) => set('secret')(e.target.value)}
              />
            </Field>
          )}
          {v.kind === 'email' && (
            <>
              <div className="field-row">
                <Field label="SMTP server">
                  <input value={v.host} spellCheck={false} onChange={(e) => set('host')(e.target.value)} />
                </Field>
                <Field label="Port">
                  <input inputMode="numeric" value={v.port} onChange={(e) => set('port')(e.target.value)} />
                </Field>
                <Field label="Encryption">
                  <select
                    value={v.security}
                    onChange={(e) => set('security')(e.target.value as 'starttls' | 'tls')}
                  >
                    <option value="starttls">STARTTLS (required)</option>
                    <option value="tls">TLS from the start (465)</option>
                  </select>
                </Field>
              </div>
              <div className="field-row">
                <Field label="User name">
                  <input value={v.user} autoComplete="off" onChange={(e) => set('user')(e.target.value)} />
                </Field>
                <Field
                  label="Password"
                  {...(current?.smtp?.hasPassword ? { hint: 'Set. Leave empty to keep it.' } : {})}
                >
                  <input
                    type="password"
                    value={v.password}
                    autoComplete="new-password"
                    onChange={(e) => set('password')(e.target.value)}
                  />
                </Field>
              </div>
              <div className="field-row">
                <Field label="From">
                  <input value={v.from} onChange={(e) => set('from')(e.target.value)} />
                </Field>
                <Field label="Send to" hint="For entries whose owner is not an e-mail address.">
                  <input value={v.to} onChange={(e) => set('to')(e.target.value)} />
                </Field>
              </div>
            </>
          )}
          <fieldset>
            <legend>Which entries</legend>
            <label className="checkbox">
              <input type="checkbox" checked={v.all} onChange={(e) => set('all')(e.target.checked)} /> Every
              entry
            </label>
            {!v.all && (
              <>
                <Field label="Tags" hint="Comma-separated; entries with any of them.">
                  <input value={v.tags} onChange={(e) => set('tags')(e.target.value)} />
                </Field>
                <Field label="Owners" hint="Comma-separated; entries with any of these owners.">
                  <input value={v.owners} onChange={(e) => set('owners')(e.target.value)} />
                </Field>
                <Field label="Entries">
                  <select
                    multiple
                    size={Math.min(6, Math.max(2, state.entries.length))}
                    value={v.entryIds}
                    onChange={(e) => set('entryIds')([...e.target.selectedOptions].map((o) => o.value))}
                  >
                    {state.entries.map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.label ? `${e.label} (${targetName(e, e.target)})` : targetName(e, e.target)}
                      </option>
                    ))}
                  </select>
                </Field>
              </>
            )}
          </fieldset>
          <label className="checkbox">
            <input type="checkbox" checked={v.enabled} onChange={(e) => set('enabled')(e.target.checked)} />{' '}
            On
          </label>
          <ErrorText>{error}</ErrorText>
          <div className="form-actions">
            <button type="button" onClick={() => (setEditing(null), setError(null))}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save channel'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
