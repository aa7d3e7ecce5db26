// The settings form's values, validation and the patch of what changed.
import type { Settings } from '../../main/shared/model';
import { LIMITS } from '../../main/shared/limits';
import type { SettingsPatch } from '../../main/shared/contract';

export interface SettingsFormValues {
  warningDays: string;
  criticalDays: string;
  intervalMinutes: string;
  caBundlePath: string;
  launchAtLogin: boolean;
  checkRevocation: boolean;
  /** '' = environment or system proxy, `direct` = none, else http://[user:pass@]host:port. */
  proxyUrl: string;
  metricsEnabled: boolean;
  metricsAddress: string;
  metricsAllowRemote: boolean;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues, string>>;

export function formFromSettings(settings: Settings): SettingsFormValues {
  return {
    warningDays: String(settings.thresholds.warningDays),
    criticalDays: String(settings.thresholds.criticalDays),
    intervalMinutes: String(settings.intervalMinutes),
    caBundlePath: settings.caBundlePath ?? '',
    launchAtLogin: settings.launchAtLogin,
    checkRevocation: settings.checkRevocation,
    proxyUrl: settings.proxyUrl ?? '',
    metricsEnabled: settings.metrics.enabled,
    metricsAddress: settings.metrics.address,
    metricsAllowRemote: settings.metrics.allowRemote,
  };
}

/**
 * Mirrors the engine's rules for the metrics address (core/watch/listen-address.ts) without Node: an IP literal or
 * localhost with a port, and loopback unless other computers are allowed.
 */
export function metricsAddressError(text: string, allowRemote: boolean): string | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3}|localhost)?):(\d{1,5})$/i.exec(
    text.trim(),
  );
  if (!match || Number(match[3]) > 65535)
    return 'Enter an IP address and port, e.g. 127.0.0.1:9793 or [::1]:9793.';
  const host = (match[1] ?? match[2] ?? '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (!loopback && !allowRemote)
    return 'This address can be reached from other computers. Allow that below, or use 127.0.0.1.';
  return undefined;
}

/** Mirrors what the engine accepts (core/probe/proxy.ts), so a typo is caught before saving. */
export function proxyUrlError(text: string): string | undefined {
  const value = text.trim();
  if (!value || /^direct$/i.test(value)) return undefined;
  if (value.length > 2048) return 'The proxy address is too long.';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http')
    return `Only http:// proxies are supported (the tunnel itself is end-to-end TLS), not ${scheme}://.`;
  const withScheme = scheme ? value : `http://${value}`;
  if (!URL.canParse(withScheme) || !new URL(withScheme).hostname)
    return 'Enter the proxy as http://host:port (optionally http://user:password@host:port), or direct.';
  return undefined;
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function validateSettingsForm(values: SettingsFormValues): SettingsFormErrors {
  const errors: SettingsFormErrors = {};
  const warning = wholeNumber(values.warningDays);
  const critical = wholeNumber(values.criticalDays);
  const daysError = `Enter a whole number of days from 0 to ${LIMITS.maxDays}.`;
  if (warning === null || warning > LIMITS.maxDays) errors.warningDays = daysError;
  if (critical === null || critical > LIMITS.maxDays) errors.criticalDays = daysError;
  if (
    warning !== null &&
    critical !== null &&
    !errors.warningDays &&
    !errors.criticalDays &&
    critical >= warning
  ) {
    errors.criticalDays = `Critical (${critical} days) must be fewer than warning (${warning} days).`;
  }
  const interval = wholeNumber(values.intervalMinutes);
  if (interval === null || interval < LIMITS.minIntervalMinutes || interval > LIMITS.maxIntervalMinutes) {
    errors.intervalMinutes = 'Enter a whole number of minutes from 5 to 43200 (30 days).';
  }
  if (values.caBundlePath.length > 4096) errors.caBundlePath = 'The path is too long.';
  const proxy = proxyUrlError(values.proxyUrl);
  if (proxy) errors.proxyUrl = proxy;
  if (values.metricsEnabled) {
    const metrics = metricsAddressError(values.metricsAddress, values.metricsAllowRemote);
    if (metrics) errors.metricsAddress = metrics;
  }
  return errors;
}

export function patchFromSettingsForm(settings: Settings, values: SettingsFormValues): SettingsPatch {
  const patch: SettingsPatch = {};
  const warningDays = Number(values.warningDays.trim());
  const criticalDays = Number(values.criticalDays.trim());
  if (warningDays !== settings.thresholds.warningDays || criticalDays !== settings.thresholds.criticalDays) {
    patch.thresholds = { warningDays, criticalDays };
  }
  const interval = Number(values.intervalMinutes.trim());
  if (interval !== settings.intervalMinutes) patch.intervalMinutes = interval;
  const path = values.caBundlePath.trim();
  if (path !== (settings.caBundlePath ?? '')) patch.caBundlePath = path || null;
  if (values.launchAtLogin !== settings.launchAtLogin) patch.launchAtLogin = values.launchAtLogin;
  if (values.checkRevocation !== settings.checkRevocation) patch.checkRevocation = values.checkRevocation;
  const proxy = values.proxyUrl.trim();
  if (proxy !== (settings.proxyUrl ?? '')) patch.proxyUrl = proxy || null;
  const metrics = {
    enabled: values.metricsEnabled,
    address: values.metricsAddress.trim(),
    allowRemote: values.metricsAllowRemote,
  };
  if (
    metrics.enabled !== settings.metrics.enabled ||
    metrics.address !== settings.metrics.address ||
    metrics.allowRemote !== settings.metrics.allowRemote
  )
    patch.metrics = metrics;
  return patch;
}

/** Choices for pausing notifications, as durations from now. */
export const PAUSE_CHOICES: ReadonlyArray<{ label: string; ms: number }> = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];
