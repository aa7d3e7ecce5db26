// How long and how large an entry's fields may be: one table for the engine's checks, the IPC schemas and the
// window's form, so the form never accepts what the engine refuses.
export const LIMITS = {
  label: 200,
  tag: 50,
  tags: 50,
  sni: 253,
  owner: 200,
  runbookUrl: 2000,
  notes: 10_000,
  maxDays: 3650,
  minIntervalMinutes: 5,
  maxIntervalMinutes: 60 * 24 * 30,
} as const;
