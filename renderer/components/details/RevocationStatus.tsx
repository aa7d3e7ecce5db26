// What the issuer says about the certificate (OCSP or CRL), per address when they disagree, and why it was not
// asked when it was not.
import type { ProbeResult, Revocation } from '../../../main/shared/types';
import { formatLocalDate } from '../../lib/format';
import { DateText } from '../common/DateText';
import { RelativeTime } from '../common/RelativeTime';

const SOURCE: Record<Revocation['method'], string> = {
  ocsp: "the issuer's OCSP responder",
  'ocsp-stapled': 'the OCSP response the server staples',
  crl: "the issuer's revocation list (CRL)",
};

/** `keyCompromise` → `key compromise`. */
const reasonText = (reason: string) => reason.replace(/([A-Z])/g, ' $1').toLowerCase();

export function revocationSentence(r: Revocation): string {
  switch (r.status) {
    case 'good':
      return `Not revoked, according to ${SOURCE[r.method]}.`;
    case 'revoked':
      return (
        `Revoked${r.revokedAt ? ` on ${formatLocalDate(r.revokedAt)}` : ''}` +
        `${r.reason ? ` (${reasonText(r.reason)})` : ''}, according to ${SOURCE[r.method]}.`
      );
    case 'unknown':
      return `Unknown to ${SOURCE[r.method]}.${r.message ? ` ${r.message}` : ''}`;
    case 'unavailable':
      return `Could not be checked: ${r.message ?? 'no usable answer.'}`;
  }
}

function notCheckedReason(result: ProbeResult, enabled: boolean | undefined): string {
  const leaf = result.chain[0];
  if (enabled === false) return 'Not checked: revocation checks are turned off in Settings.';
  if (leaf && !leaf.ocspUrls.length && !leaf.crlUrls.length)
    return 'Not checked: the certificate names no OCSP responder or revocation list.';
  if (result.problems.some((p) => p.code === 'EXPIRED')) return 'Not checked: the certificate has expired.';
  return 'Not checked on the last check.';
}

export function RevocationStatus({
  result,
  enabled,
  now,
}: {
  result: ProbeResult | null;
  enabled: boolean | undefined;
  now: number;
}) {
  if (!result || result.chain.length === 0) return null;
  const r = result.revocation;
  const perAddress = result.endpoints.filter((e) => e.revocation);
  const disagree = new Set(perAddress.map((e) => e.revocation!.status)).size > 1;
  return (
    <section className="details-section" aria-labelledby="revocation-heading">
      <h3 id="revocation-heading">Revocation</h3>
      {r ? (
        <>
          <p className={r.status === 'revoked' ? 'error-text' : undefined}>{revocationSentence(r)}</p>
          <p className="muted small">
            {r.responderUrl && (
              <>
                Asked <span className="mono">{r.responderUrl}</span>{' '}
              </>
            )}
            <RelativeTime iso={r.checkedAt} now={now} />
            {r.nextUpdate && (
              <>
                ; answer valid until <DateText iso={r.nextUpdate} withTime />
              </>
            )}
            .
          </p>
        </>
      ) : (
        <p className="muted">{notCheckedReason(result, enabled)}</p>
      )}
      {disagree && (
        <ul aria-label="Revocation per address">
          {perAddress.map((e) => (
            <li key={e.address}>
              <span className="mono">{e.address}</span>: {revocationSentence(e.revocation!)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
