// Every address behind the name and what each one serves, flagging a node whose certificate differs.
import type { ProbeResult } from '../../../main/shared/types';
import { formatDaysLeft, formatDuration, shortFingerprint } from '../../lib/format';
import { DateText } from '../common/DateText';
import { StatusBadge } from '../common/StatusBadge';

export function EndpointList({ result }: { result: ProbeResult | null }) {
  const endpoints = result?.endpoints ?? [];
  const fingerprints = new Set(endpoints.map((e) => e.fingerprint256).filter(Boolean));
  const reference = result?.chain[0]?.fingerprint256 ?? null;
  return (
    <section className="details-section" aria-labelledby="endpoints-heading">
      <h3 id="endpoints-heading">Endpoints</h3>
      {endpoints.length === 0 ? (
        <p className="muted">{result ? 'No address was reached on the last check.' : 'Not checked yet.'}</p>
      ) : (
        <>
          {fingerprints.size > 1 && (
            <p className="warning-text">
              These addresses serve {fingerprints.size} different certificates; clients get whichever they
              reach.
            </p>
          )}
          {/* The problem comes right after the status so a narrow panel shows it without scrolling; the rest
              scrolls sideways (focusable and named, so a keyboard user can scroll it too). */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Endpoints table">
            <table className="small-table endpoints-table">
              <caption className="visually-hidden">Endpoints and the certificate each serves</caption>
              <thead>
                <tr>
                  <th scope="col">Address</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="col-problem">
                    Problem
                  </th>
                  <th scope="col">Days left</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Certificate</th>
                  <th scope="col">TLS</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((endpoint) => {
                  const differs =
                    fingerprints.size > 1 &&
                    endpoint.fingerprint256 !== null &&
                    endpoint.fingerprint256 !== reference;
                  return (
                    <tr key={`${endpoint.address}-${endpoint.proxy ?? ''}`}>
                      <th scope="row" className="mono">
                        {endpoint.family === 6 ? `[${endpoint.address}]` : endpoint.address}
                        {endpoint.proxy && <span className="muted small"> via {endpoint.proxy}</span>}
                      </th>
                      <td>
                        <StatusBadge status={endpoint.status} />
                      </td>
                      <td className="col-problem">
                        {endpoint.problems.map((p) => p.message).join(' ') || '—'}
                      </td>
                      <td className="numeric">{formatDaysLeft(endpoint.daysLeft)}</td>
                      <td>
                        <DateText iso={endpoint.notAfter} />
                      </td>
                      <td className="mono" title={endpoint.fingerprint256 ?? undefined}>
                        {shortFingerprint(endpoint.fingerprint256)}
                        {differs && <span className="row-flag"> different certificate</span>}
                      </td>
                      <td>
                        {endpoint.tls ? `${endpoint.tls.protocol}` : '—'}
                        <span className="muted small"> {formatDuration(endpoint.durationMs)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
