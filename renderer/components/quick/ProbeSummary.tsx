// A one-off check's outcome: verdict sentence, issuer, endpoints reached and each problem with advice.
import type { ProbeResult } from '../../../main/shared/types';
import { commonName, describeExpiryAt, formatLocalDate, pluralise } from '../../lib/format';
import { STATUS_MEANING } from '../../lib/status';
import { StatusBadge } from '../common/StatusBadge';
import { ProblemList } from '../details/ProblemList';

export function ProbeSummary({ result }: { result: ProbeResult }) {
  const leaf = result.chain[0];
  // Counted at the moment of the check, like the CLI's `check`: a quick check is read right away.
  const now = Date.parse(result.checkedAt);
  return (
    <section className="probe-summary" aria-label={`Result for ${result.target}`}>
      <p className="verdict">
        <StatusBadge status={result.status} />{' '}
        {result.status === 'error'
          ? STATUS_MEANING.error
          : `${describeExpiryAt(result.notAfter, now)}${result.notAfter ? ` (${formatLocalDate(result.notAfter)})` : ''}.`}
      </p>
      <dl className="meta">
        <dt>Checked</dt>
        <dd className="mono">{result.target}</dd>
        {leaf && (
          <>
            <dt>Certificate</dt>
            <dd>{commonName(leaf.subject)}</dd>
            <dt>Issuer</dt>
            <dd>{commonName(leaf.issuer)}</dd>
          </>
        )}
        <dt>Endpoints</dt>
        <dd>
          {result.endpoints.length
            ? `${pluralise(result.endpoints.length, 'address', 'addresses')}: ${result.endpoints.map((e) => e.address).join(', ')}`
            : 'None reached'}
        </dd>
      </dl>
      <ProblemList problems={result.problems} notes={result.notes} />
    </section>
  );
}
