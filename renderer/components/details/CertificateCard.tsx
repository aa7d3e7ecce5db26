// One certificate of the chain: names, validity with its bar, key, signature, fingerprints and Copy PEM.
import { useState } from 'react';
import type { CertInfo } from '../../../main/shared/types';
import { useSha1Fingerprint } from '../../hooks/useSha1Fingerprint';
import { commonName } from '../../lib/format';
import { DateText } from '../common/DateText';
import { ValidityBar } from './ValidityBar';

const ROLE_LABEL: Record<CertInfo['role'], string> = {
  leaf: 'Leaf',
  intermediate: 'Intermediate',
  root: 'Root',
  extra: 'Extra (not on the path)',
};

const SANS_SHOWN = 8;

export function CertificateCard({ cert, now }: { cert: CertInfo; now: number }) {
  const sha1 = useSha1Fingerprint(cert.pem);
  const [allSans, setAllSans] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const name = commonName(cert.subject);
  const sans = allSans ? cert.sans : cert.sans.slice(0, SANS_SHOWN);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(cert.pem);
      setCopied('PEM copied to the clipboard.');
    } catch {
      setCopied('Could not copy: the clipboard is not available.');
    }
  };

  return (
    <article className="cert" aria-label={`${ROLE_LABEL[cert.role]} certificate ${name}`}>
      <header className="cert-header">
        <span className={`cert-role cert-role-${cert.role}`}>{ROLE_LABEL[cert.role]}</span>
        <h4>{name}</h4>
        {cert.fromTrustStore && (
          <span className="muted small">from the trust store, not sent by the server</span>
        )}
      </header>
      <ValidityBar notBefore={cert.notBefore} notAfter={cert.notAfter} now={now} />
      <dl className="cert-fields">
        <dt>Subject</dt>
        <dd>{cert.subject}</dd>
        <dt>Issuer</dt>
        <dd>{cert.issuer}</dd>
        <dt>Valid</dt>
        <dd>
          <DateText iso={cert.notBefore} withTime /> to <DateText iso={cert.notAfter} withTime />
        </dd>
        {cert.sans.length > 0 && (
          <>
            <dt>Names (SANs)</dt>
            <dd>
              <ul className="sans">
                {sans.map((san) => (
                  <li key={san} className="mono">
                    {san}
                  </li>
                ))}
              </ul>
              {cert.sans.length > SANS_SHOWN && (
                <button type="button" className="link-button" onClick={() => setAllSans(!allSans)}>
                  {allSans ? 'Show fewer names' : `Show all ${cert.sans.length} names`}
                </button>
              )}
            </dd>
          </>
        )}
        <dt>Key</dt>
        <dd>
          {cert.keyType}
          {cert.keySize ? ` ${cert.keySize} bits` : ''}
        </dd>
        <dt>Signature</dt>
        <dd>{cert.signatureAlgorithm}</dd>
        <dt>Serial</dt>
        <dd className="mono breakable">{cert.serialNumber}</dd>
        <dt>SHA-256</dt>
        <dd className="mono breakable">{cert.fingerprint256}</dd>
        {sha1 && (
          <>
            <dt>SHA-1</dt>
            <dd className="mono breakable">{sha1}</dd>
          </>
        )}
      </dl>
      <div className="cert-actions">
        <button type="button" onClick={() => void copy()} aria-label={`Copy PEM of ${name}`}>
          Copy PEM
        </button>
        <span role="status" className="muted small">
          {copied}
        </span>
      </div>
    </article>
  );
}
