// The renewal checklist, and the advice table the window shows ("What to do"), which lives in main/shared/ so
// the CLI prints the same words.
export { PROBLEM_ADVICE, NOTE_ADVICE, adviceFor, noteAdviceFor, type Advice } from '../../main/shared/advice';
export interface ChecklistInput {
  /** Names the certificate must keep covering (SANs, without the `DNS:` prefix). */
  names: string[];
  /** Addresses that must all serve the new certificate. */
  endpoints: string[];
}

/** The renewal runbook: renew, deploy everywhere, verify every endpoint. */
export function renewalChecklist({ names, endpoints }: ChecklistInput): string[] {
  const covering = names.length ? ` covering ${names.join(', ')}` : '';
  const where = endpoints.length
    ? `every node (${endpoints.join(', ')})`
    : 'every server and load balancer that serves this name';
  return [
    `Renew or reissue the certificate${covering} with your CA or ACME client.`,
    `Deploy the new certificate with its full chain to ${where}.`,
    'Reload or restart the service on each node so it serves the new certificate.',
    'Press Check now and confirm every endpoint shows the new fingerprint and expiry date.',
    'Update the owner, runbook link or notes here if anything about the process changed.',
  ];
}
