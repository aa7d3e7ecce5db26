// Validation of every request that crosses the IPC or web-bridge boundary. The `satisfies` clause makes
// a channel without a schema, or a schema that disagrees with the contract's type, a compile error.
import { z } from 'zod';
import { STARTTLS_PROTOCOLS } from './types';
import type { Channel, RequestOf } from './contract';
import { LIMITS } from './limits';
import { isHttpUrl } from './http-url';
import { channelInputSchema } from './channels';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const days = z.number().int().min(0).max(LIMITS.maxDays);
const starttls = z.enum(STARTTLS_PROTOCOLS);
const httpUrl = z
  .string()
  .max(2000)
  .refine(isHttpUrl, 'must be an http:// or https:// URL without control characters');

const thresholds = z.strictObject({ warningDays: days.optional(), criticalDays: days.optional() });

const entryPatch = z.strictObject({
  label: text(LIMITS.label).optional(),
  tags: z.array(text(LIMITS.tag)).max(LIMITS.tags).optional(),
  owner: text(LIMITS.owner).optional(),
  runbookUrl: z.union([httpUrl, z.literal('')]).optional(),
  notes: text(LIMITS.notes).optional(),
  starttls: starttls.nullable().optional(),
  sni: text(LIMITS.sni).nullable().optional(),
  thresholds: thresholds.nullable().optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(LIMITS.minIntervalMinutes)
    .max(LIMITS.maxIntervalMinutes)
    .nullable()
    .optional(),
  enabled: z.boolean().optional(),
});

const settingsPatch = z.strictObject({
  thresholds: z.strictObject({ warningDays: days, criticalDays: days }).optional(),
  alertDays: z.array(days).max(20).optional(),
  intervalMinutes: z.number().int().min(LIMITS.minIntervalMinutes).max(LIMITS.maxIntervalMinutes).optional(),
  unreachableAfter: z.number().int().min(1).max(100).optional(),
  timeoutSeconds: z.number().min(1).max(120).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  caBundlePath: text(4096).nullable().optional(),
  launchAtLogin: z.boolean().optional(),
  historyLimit: z.number().int().min(10).max(10_000).optional(),
  checkRevocation: z.boolean().optional(),
  proxyUrl: text(2048).nullable().optional(),
  metrics: z
    .strictObject({ enabled: z.boolean(), address: text(100).min(1), allowRemote: z.boolean() })
    .optional(),
});

const empty = z.strictObject({});

export const REQUEST_SCHEMAS = {
  'state:get': empty,
  'window:state': empty,
  'window:first-screen': z.strictObject({
    rows: z.number().int().min(1).max(500),
    locale: text(100).optional(),
  }),
  'entries:add': z.strictObject({
    text: text(5_000_000),
    allowSingleLabel: z.boolean().optional(),
    sni: text(LIMITS.sni).optional(),
  }),
  'entries:update': z.strictObject({ id, patch: entryPatch }),
  'entries:remove': z.strictObject({ ids: z.array(id).min(1).max(100_000) }),
  'entries:undo-remove': z.strictObject({ undoToken: id }),
  'entries:details': z.strictObject({ id }),
  'entries:snooze': z.strictObject({ id, kind: z.enum(['1d', '1w', 'next-threshold', 'clear']) }),
  'checks:run': z.strictObject({ ids: z.array(id).max(100_000).optional() }),
  'checks:quick': z.strictObject({ target: text(2000).min(1) }),
  'settings:update': z.strictObject({ patch: settingsPatch }),
  'notifications:pause': z.strictObject({ until: z.iso.datetime({ offset: true }).nullable() }),
  'notifications:test': empty,
  'watchlist:export': z.strictObject({ format: z.enum(['json', 'csv', 'ics']) }),
  'watchlist:import': z.strictObject({
    text: text(20_000_000),
    format: z.enum(['json', 'csv', 'auto']),
    allowSingleLabel: z.boolean().optional(),
  }),
  'app:open-external': z.strictObject({ url: httpUrl }),
  'selftest:run': empty,
  'channels:save': z.strictObject({ channel: channelInputSchema }),
  'channels:remove': z.strictObject({ id }),
  'channels:test': z.strictObject({ id }),
} satisfies { [C in Channel]: z.ZodType<RequestOf<C>> };

export type ParsedRequest<C extends Channel> = z.output<(typeof REQUEST_SCHEMAS)[C]>;

/** Validates a request; the error names the first offending field in plain words. */
export function parseRequest<C extends Channel>(
  channel: C,
  payload: unknown,
): { ok: true; value: RequestOf<C> } | { ok: false; message: string } {
  const schema = REQUEST_SCHEMAS[channel] as z.ZodType<RequestOf<C>>;
  const result = schema.safeParse(payload ?? {});
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'request';
  return { ok: false, message: `Invalid ${channel} request: ${where} ${issue?.message ?? 'is not valid'}.` };
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(REQUEST_SCHEMAS, name);
}
