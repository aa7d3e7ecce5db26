// The verdict in one sentence, then every problem with its advice and, when renewal is due, the checklist.
import type { ProbeResult } from '../../../main/shared/types';
import type { EntrySummary } from '../../../main/shared/contract';
import { describeExpiryAt, formatLocalDate } from '../../lib/format';
import { STATUS_MEANING } from '../../lib/status';
import { RelativeTime } from '../common/RelativeTime';
import { StatusBadge } from '../common/StatusBadge';
import { ProblemList } from './ProblemList';
import { RenewalChecklist } from './RenewalChecklist';

const RENEWAL_CODES = new Set([
  'EXPIRED',
  'REVOKED',
  'CHAIN_EXPIRED',
  'CHAIN_EXPIRING',
  'WEAK_KEY',
  'WEAK_SIGNATURE',
  'RENEWAL_OVERDUE',
]);

function sentence(result: ProbeResult, now: number): string {
  if (result.status === 'error') return STATUS_MEANING.error;
  const expiry = result.notAfter ? ` (${formatLocalDate(result.notAfter)})` : '';
  return `${describeExpiryAt(result.notAfter, now)}${expiry}.`;
}

export function Verdict({
  summary,
  result,
  now,
}: {
  summary: Pick<EntrySummary, 'status'>;
  result: ProbeResult | null;
  now: number;
}) {
  if (!result) {
    return (
      <section className="details-section" aria-labelledby="verdict-heading">
        <h3 id="verdict-heading">Verdict</h3>
        <p className="verdict">
          <StatusBadge status={summary.status} /> Not checked yet. Press <strong>Check now</strong> to check
          it.
        </p>
      </section>
    );
  }
  const proxies = [...new Set(result.endpoints.flatMap((e) => (e.proxy ? [e.proxy] : [])))];
  const renewalDue =
    ['warning', 'critical', 'expired'].includes(result.status) ||
    result.problems.some((p) => RENEWAL_CODES.has(p.code));
  return (
    <section className="details-section" aria-labelledby="verdict-heading">
      <h3 id="verdict-heading">Verdict</h3>
      <p className="verdict">
        <StatusBadge status={result.status} /> {sentence(result, now)}
      </p>
      <p className="muted small">
        Checked <RelativeTime iso={result.checkedAt} now={now} />
        {result.tls ? ` over ${result.tls.protocol}` : ''}
        {proxies.length > 0 && (
          <>
            {' '}
            through the proxy <span className="mono">{proxies.join(', ')}</span>
          </>
        )}
        .
      </p>
      {result.problems.length === 0 && result.status === 'ok' && (
        <p className="all-good">
          No problems: the chain is trusted, the name matches and every endpoint agrees.
        </p>
      )}
      <ProblemList problems={result.problems} notes={result.notes} />
      <RenewalChecklist result={result} open={renewalDue} />
    </section>
  );
}
