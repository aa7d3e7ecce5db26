// A date in local time, with the exact UTC instant on hover and in the machine-readable attribute.
import { formatLocalDate, formatLocalDateTime, formatUtc } from '../../lib/format';

export function DateText({ iso, withTime = false }: { iso: string | null; withTime?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {withTime ? formatLocalDateTime(iso) : formatLocalDate(iso)}
    </time>
  );
}
