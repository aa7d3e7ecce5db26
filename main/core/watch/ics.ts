// Upcoming certificate expiries as an iCalendar file, so renewals land in the team calendar
// with a reminder well before the date.
import type { EntrySummary } from '../../shared/contract';
import { isHttpUrl } from '../../shared/http-url';
import { displayText } from '../../shared/untrusted-text';
import { formatHostPort } from '../probe/target';
import { DAY_MS, spanText } from '../../shared/days';

/** RFC 5545 TEXT escaping: backslash, `;`, `,` and every kind of line break. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Text from the store or a server on one line: control characters shown (`\e`, `\n`), length bounded. */
const one = (text: string | undefined, limit = 300) => displayText(text ?? '', limit);

/**
 * A URI property value. URI values are not TEXT-unescaped by calendar readers, so instead of backslashes the
 * characters TEXT would escape are percent-encoded; anything but a clean http(s) URL is left out.
 */
export function icsUri(raw: string | undefined): string | undefined {
  if (!raw || !isHttpUrl(raw)) return undefined;
  return new URL(raw).href.replace(/[\\;,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5545 folds lines longer than 75 octets; continuation lines start with a space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    // Never split inside a UTF-8 sequence.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return parts.join('\r\n ');
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const date = (iso: string) => iso.slice(0, 10).replace(/-/g, '');

export function expiriesToIcs(entries: EntrySummary[], now: number, reminderDays = 30): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Certwatch//Certificate expiries//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  const upcoming = entries
    .filter((e) => e.notAfter && Date.parse(e.notAfter) > now)
    .sort((a, b) => a.notAfter!.localeCompare(b.notAfter!));
  for (const e of upcoming) {
    const expiry = new Date(Date.parse(e.notAfter!)).toISOString();
    const where = one(formatHostPort(e.host, e.port));
    const name = e.label ? `${one(e.label)} (${where})` : where;
    const url = icsUri(e.runbookUrl);
    const description = [
      `The TLS certificate of ${where} expires at ${expiry}.`,
      // The count every other surface shows (main/shared/days.ts), as of the export.
      `Left when this calendar was exported (${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC): ${spanText(Date.parse(expiry) - now)}.`,
      e.issuer ? `Issuer: ${one(e.issuer)}.` : '',
      e.owner ? `Owner: ${one(e.owner)}.` : '',
      url ? `Runbook: ${url}` : '',
      'Renew it, deploy it to every node, then run Check now in Certwatch to confirm the new certificate is served.',
    ].filter(Boolean);
    // Dates re-derived from the parsed instant, so a stored string can never put text into DTSTART.
    const day = date(expiry);
    const next = date(new Date(Date.parse(expiry.slice(0, 10)) + 86_400_000).toISOString());
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(`${one(e.id, 100)}-${day}@certwatch`)}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${day}`,
      `DTEND;VALUE=DATE:${next}`,
      `SUMMARY:${escapeText(`Certificate expires: ${name}`)}`,
      `DESCRIPTION:${escapeText(description.join('\n'))}`,
      ...(url ? [`URL:${url}`] : []),
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(`Certificate of ${name} expires in ${spanText(reminderDays * DAY_MS)}`)}`,
      `TRIGGER:-P${reminderDays}D`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
