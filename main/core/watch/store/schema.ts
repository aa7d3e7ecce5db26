// Zod schemas of the store document, used on load (to salvage what is readable) and before every write.
// They check what the program needs to work (types, sane ranges); the stricter rules for user input live in watchlist.ts.
import { z } from 'zod';
import { DEFAULT_SETTINGS, STORE_VERSION, type StoreDoc } from '../../../shared/model';
import { parseTarget } from '../../probe/target';
import { PROBLEM_CODES, STARTTLS_PROTOCOLS, STATUSES, type ProbeResult } from '../../../shared/types';
import { teamChannelSchema } from '../../../shared/channels';

const days = z.number().int().min(0).max(100_000);
const count = z.number().int().min(1);

const thresholdsSchema = z.object({ warningDays: days, criticalDays: days });

export const snoozeSchema = z.object({
  until: z.string().optional(),
  untilDaysLeft: z.number().optional(),
});

export const watchEntrySchema = z
  .object({
    id: z.string().min(1),
    target: z.string().min(1),
    host: z.string().min(1),
    // 0 marks a certificate file (its path is host and target); network targets use 1 to 65535.
    port: z.number().int().min(0).max(65535),
    starttls: z.enum(STARTTLS_PROTOCOLS).optional(),
    sni: z.string().min(1).optional(),
    label: z.string().optional(),
    tags: z.array(z.string()),
    owner: z.string().optional(),
    runbookUrl: z.string().optional(),
    notes: z.string().optional(),
    thresholds: z.object({ warningDays: days.optional(), criticalDays: days.optional() }).optional(),
    intervalMinutes: z.number().positive().optional(),
    enabled: z.boolean(),
    snooze: snoozeSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  // The watcher re-parses `target` before every check; an entry it cannot parse would never be checked.
  .superRefine((entry, ctx) => {
    // Typo rules guard new input only: a saved entry is never dropped for them.
    const parsed = parseTarget(entry.target, { starttls: entry.starttls, sni: entry.sni, stored: true });
    if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['target'], message: parsed.error });
    else if ((entry.port === 0) !== !!parsed.target.file)
      ctx.addIssue({
        code: 'custom',
        path: ['port'],
        message: entry.port === 0 ? 'port 0 is only for certificate files' : 'a certificate file has no port',
      });
  });

// Check results come from the probe, whose shape grows over time: the fields the app reads are checked,
// anything else is kept as it is.
const probeResultShape = z.looseObject({
  target: z.string(),
  host: z.string(),
  port: z.number(),
  status: z.enum(STATUSES),
  daysLeft: z.number().nullable(),
  notAfter: z.string().nullable(),
  problems: z.array(z.looseObject({ code: z.string(), message: z.string() })),
  endpoints: z.array(z.looseObject({})),
  chain: z.array(z.looseObject({})),
  checkedAt: z.string(),
});

export const probeResultSchema = z
  .custom<ProbeResult>((value) => probeResultShape.safeParse(value).success, 'is not a check result')
  .transform((value) => structuredClone(value));

/** On load: the same check, without the copy (a freshly parsed file shares nothing with anyone). */
export const probeResultLoadSchema = z.custom<ProbeResult>(
  (value) => probeResultShape.safeParse(value).success,
  'is not a check result',
);

export const checkRecordSchema = z.object({
  at: z.string(),
  lastAt: z.string().optional(),
  checks: z.number().int().min(1).optional(),
  status: z.enum(STATUSES),
  daysLeft: z.number().nullable(),
  notAfter: z.string().nullable(),
  fingerprint256: z.string().nullable(),
  problems: z.array(z.enum(PROBLEM_CODES)),
  durationMs: z.number(),
});

export const entryStateSchema = z.object({
  lastResult: probeResultSchema.optional(),
  lastCheckedAt: z.string().optional(),
  history: z.array(checkRecordSchema),
  consecutiveFailures: z.number().int().min(0),
});

export const entryStateLoadSchema = entryStateSchema.extend({ lastResult: probeResultLoadSchema.optional() });

export const ledgerRecordSchema = z.object({
  key: z.string().min(1),
  entryId: z.string().min(1),
  fingerprint256: z.string().nullable(),
  reason: z.string(),
  firedAt: z.string(),
});

/** One schema per setting, so a bad value costs only that setting (see recover.ts). */
export const settingFieldSchemas = {
  thresholds: thresholdsSchema.default(() => ({ ...DEFAULT_SETTINGS.thresholds })),
  alertDays: z.array(days).default(() => [...DEFAULT_SETTINGS.alertDays]),
  intervalMinutes: z.number().positive().default(DEFAULT_SETTINGS.intervalMinutes),
  unreachableAfter: count.default(DEFAULT_SETTINGS.unreachableAfter),
  timeoutSeconds: z.number().positive().default(DEFAULT_SETTINGS.timeoutSeconds),
  concurrency: count.default(DEFAULT_SETTINGS.concurrency),
  caBundlePath: z.string().optional(),
  notificationsPausedUntil: z.string().optional(),
  launchAtLogin: z.boolean().default(DEFAULT_SETTINGS.launchAtLogin),
  historyLimit: z.number().int().min(0).default(DEFAULT_SETTINGS.historyLimit),
  checkRevocation: z.boolean().default(DEFAULT_SETTINGS.checkRevocation),
  proxyUrl: z.string().optional(),
  metrics: z
    .object({ enabled: z.boolean(), address: z.string().min(1), allowRemote: z.boolean() })
    .default(() => ({ ...DEFAULT_SETTINGS.metrics })),
};

export const settingsSchema = z.object(settingFieldSchemas);

// Field order is the order in the file: the watchlist first and the bulky check history last, so a file
// cut short loses history before it loses entries.
export const storeDocSchema = z.object({
  version: z.literal(STORE_VERSION),
  entries: z.array(watchEntrySchema),
  settings: settingsSchema.prefault({}),
  ledger: z.array(ledgerRecordSchema),
  // Additive: stores from before team channels have neither.
  channels: z.array(teamChannelSchema).optional(),
  channelLedger: z.record(z.string(), z.array(ledgerRecordSchema)).optional(),
  state: z.record(z.string(), entryStateSchema),
});

// Compile-time proof that the schemas and model.ts describe the same document, in both directions.
const _toModel = (doc: z.output<typeof storeDocSchema>): StoreDoc => doc;
const _fromModel = (doc: StoreDoc): z.input<typeof storeDocSchema> => doc;
void _toModel;
void _fromModel;

/** "entries.3.port: Too big: expected number to be <=65535", the first problem in plain words. */
export function describeIssue(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'is not valid';
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
