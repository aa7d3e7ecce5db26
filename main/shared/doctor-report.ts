// The self-test's report as plain data: what `certwatch doctor --json` prints and the window shows. No imports,
// so the shared contract (and the browser bundle) can name it.

export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  /** Stable identifier for scripts (`--json`). */
  id: string;
  /** What was checked, e.g. "Probe: valid certificate". */
  label: string;
  level: CheckLevel;
  /** One sentence: what was found. */
  detail: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** True when any check failed. */
  failed: boolean;
  /** Set when the probe itself does not work here: the reason, for "Checks are not working on this computer: …". */
  probeFailure: string | null;
  ranAt: string;
}
