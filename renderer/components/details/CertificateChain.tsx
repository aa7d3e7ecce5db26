// The chain as the server sent it (then any trust-store certificate that completed the path), leaf first.
import type { CertInfo } from '../../../main/shared/types';
import { CertificateCard } from './CertificateCard';

export function CertificateChain({ chain, now }: { chain: CertInfo[]; now: number }) {
  return (
    <section className="details-section" aria-labelledby="chain-heading">
      <h3 id="chain-heading">Certificate chain</h3>
      {chain.length === 0 ? (
        <p className="muted">No certificate was received on the last check.</p>
      ) : (
        <ol className="chain" aria-label="Certificates">
          {chain.map((cert) => (
            <li key={`${cert.role}-${cert.fingerprint256}`}>
              <CertificateCard cert={cert} now={now} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
