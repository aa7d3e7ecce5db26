// "5 minutes ago", recomputed from the `now` the caller refreshes; the exact time is on hover.
import { formatLocalDateTime, formatRelative, formatUtc } from '../../lib/format';

export function RelativeTime({ iso, now, empty = '—' }: { iso: string | null; now: number; empty?: string }) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={`${formatLocalDateTime(iso)} (${formatUtc(iso)})`}>
      {formatRelative(iso, now)}
    </time>
  );
}
