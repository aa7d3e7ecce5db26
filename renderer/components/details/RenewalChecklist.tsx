// The renewal runbook as a checklist, naming this certificate's SANs and endpoints; ticks are local only.
import type { ProbeResult } from '../../../main/shared/types';
import { renewalChecklist } from '../../lib/advice';

export function RenewalChecklist({ result, open }: { result: ProbeResult | null; open: boolean }) {
  const names = (result?.chain[0]?.sans ?? [])
    .filter((san) => san.startsWith('DNS:') || san.startsWith('IP:'))
    .map((san) => san.replace(/^(DNS|IP):/, ''));
  const endpoints = (result?.endpoints ?? []).map((e) => e.address);
  const steps = renewalChecklist({ names, endpoints });
  return (
    <details className="checklist" open={open}>
      <summary>Renewal checklist</summary>
      <ol>
        {steps.map((step) => (
          <li key={step}>
            <label>
              <input type="checkbox" /> {step}
            </label>
          </li>
        ))}
      </ol>
    </details>
  );
}
