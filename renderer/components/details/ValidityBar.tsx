// A certificate's lifetime as a bar: the filled part has elapsed, the rest remains.
import { DAY_MS, describeExpiry, spanText } from '../../../main/shared/days';
import { validity } from '../../lib/validity';

export function ValidityBar({
  notBefore,
  notAfter,
  now,
}: {
  notBefore: string;
  notAfter: string;
  now: number;
}) {
  const v = validity(notBefore, notAfter, now);
  if (!v) return null;
  const percent = Math.round(v.elapsed * 100);
  // The engine's count (main/shared/days.ts): whole days, or hours once under 48 hours.
  const leftMs = Date.parse(notAfter) - now;
  const totalMs = Date.parse(notAfter) - Date.parse(notBefore);
  const text =
    v.phase === 'expired'
      ? describeExpiry(notAfter, now)
      : v.phase === 'not-yet-valid'
        ? 'Not valid yet'
        : leftMs >= 2 * DAY_MS && totalMs >= 2 * DAY_MS
          ? `${v.daysLeft} of ${v.totalDays} days left`
          : `${spanText(leftMs)} of ${spanText(totalMs)} left`;
  const tone = v.phase !== 'valid' ? 'bad' : v.elapsed > 0.9 ? 'bad' : v.elapsed > 0.75 ? 'warn' : 'good';
  return (
    <div className="validity">
      <div
        role="meter"
        aria-label="Validity elapsed"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% elapsed, ${text}`}
        className={`validity-bar validity-${tone}`}
      >
        <div className="validity-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="validity-text">{text}</span>
    </div>
  );
}
