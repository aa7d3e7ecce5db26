// What to do about each problem and note the engine reports, in one concrete sentence: the one table the window
// ("What to do") and the terminal (`certwatch check -v`) both read. Where the step names a control, each surface
// names its own (Settings › Extra CA bundle in the window, --ca FILE in the terminal); the sentence is shared.
// Codes not known here yet get a safe generic next step instead of nothing. Browser-safe (no Node imports).
import type { NoteCode, ProblemCode } from './types';

export interface Advice {
  /** A short name for the problem, used as a heading. */
  title: string;
  /** The next step, concrete enough to act on. */
  action: string;
}

/** Where the advice is read: the window, or the terminal (the CLI). */
export type AdviceSurface = 'window' | 'terminal';

/** The controls a step may name, worded for each surface; `{name}` in an action stands for one. */
const CONTROLS: Readonly<Record<AdviceSurface, Readonly<Record<string, string>>>> = {
  window: {
    caRoot: "add your CA's root under Settings › Extra CA bundle",
    caRootIts: 'add its root certificate under Settings › Extra CA bundle',
    starttls: 'set the STARTTLS protocol (SMTP, IMAP…) in Edit',
    editTarget: 'Edit the entry',
    checkAgain: 'press Check now',
    checkAgainToConfirm: 'run Check now',
  },
  terminal: {
    caRoot: "pass your CA's root with --ca FILE (in the app: Settings › Extra CA bundle)",
    caRootIts: 'pass its root certificate with --ca FILE (in the app: Settings › Extra CA bundle)',
    starttls: 'name the STARTTLS protocol with --starttls smtp|imap|… or a URL such as smtp://host:25',
    editTarget: 'Write the target',
    checkAgain: 'run certwatch check again',
    checkAgainToConfirm: 'run certwatch check again',
  },
};

/** One entry per engine code (a test keeps this complete); adviceFor() covers codes added later. */
const PROBLEM_TEXT: Readonly<Record<ProblemCode, Advice>> = {
  EXPIRED: {
    title: 'Certificate expired',
    action:
      'Renew the certificate now, deploy it to every server behind this name and reload the service; clients refuse the old one.',
  },
  NOT_YET_VALID: {
    title: 'Not valid yet',
    action:
      "Check the server's clock, or keep serving the previous certificate until the new one's start date passes.",
  },
  HOSTNAME_MISMATCH: {
    title: 'Name not on the certificate',
    action:
      'Issue a certificate that lists this host name as a Subject Alternative Name, or fix the virtual host / SNI configuration so this name gets the right certificate.',
  },
  SELF_SIGNED: {
    title: 'Self-signed certificate',
    action:
      "Replace it with a certificate from a trusted CA (e.g. Let's Encrypt), or for an internal service {caRoot}.",
  },
  UNTRUSTED_ROOT: {
    title: 'Untrusted issuer',
    action:
      'If this is your internal CA, {caRootIts}; otherwise reissue the certificate from a publicly trusted CA.',
  },
  INCOMPLETE_CHAIN: {
    title: 'Incomplete chain',
    action:
      'Configure the server to send the full chain (e.g. fullchain.pem in nginx `ssl_certificate`, not cert.pem), then reload it.',
  },
  CHAIN_EXPIRING: {
    title: 'Intermediate expiring',
    action:
      "Download the CA's current intermediate certificate and deploy the updated chain bundle together with the leaf before that date.",
  },
  CHAIN_EXPIRED: {
    title: 'Expired certificate in the chain',
    action:
      "Replace the expired intermediate in the served chain with the CA's current one (re-download the chain bundle) and reload the server.",
  },
  WEAK_KEY: {
    title: 'Weak key',
    action: 'Reissue the certificate with a new key of at least RSA 2048 bits or ECDSA P-256.',
  },
  WEAK_SIGNATURE: {
    title: 'Weak signature',
    action: 'Reissue the certificate; CAs now sign with SHA-256 or better, which clients require.',
  },
  ENDPOINT_MISMATCH: {
    title: 'Nodes serve different certificates',
    action:
      'Deploy the same current certificate to every address behind this name (all load-balancer members, IPv4 and IPv6) and reload each one.',
  },
  TIMEOUT: {
    title: 'Timed out',
    action:
      'Check that the server is up and that a firewall or VPN lets this machine reach the port; raise the timeout for slow links.',
  },
  REFUSED: {
    title: 'Connection refused',
    action: 'Nothing listens on that port: check the port number and that the service is running.',
  },
  RESET: {
    title: 'Connection reset',
    action:
      'A firewall, proxy or the service cut the connection: check them, and {starttls} if the service starts in plain text.',
  },
  UNREACHABLE: {
    title: 'Host unreachable',
    action: 'Check the network route from this machine: VPN, firewall rules and whether the host is up.',
  },
  DNS: {
    title: 'Name does not resolve',
    action:
      'Check the spelling and the DNS records; if the name only resolves inside a private network, connect to it first.',
  },
  NOT_TLS: {
    title: 'Not a TLS port',
    action:
      'The port answers without TLS: use the TLS port, or {starttls} if the service upgrades plain connections.',
  },
  HANDSHAKE_FAILED: {
    title: 'Handshake failed',
    action:
      'Make sure the server offers TLS 1.2 or newer with a modern cipher and has a certificate configured for this name (SNI).',
  },
  UNSUPPORTED_ALGORITHMS: {
    title: 'No algorithm in common',
    action:
      'The server offers only old cipher suites or signature types this build cannot use: enable TLS 1.2 or 1.3 with an ECDHE suite and AES-GCM on the server.',
  },
  SIGNATURE_UNCHECKABLE: {
    title: 'Signature not checkable here',
    action:
      'A certificate on the chain uses a key type (Ed448, brainpool, RSA-PSS…) this build cannot verify; check the host with the certwatch command-line tool on Node, or move the chain to RSA or ECDSA P-256/P-384.',
  },
  STARTTLS_FAILED: {
    title: 'STARTTLS refused',
    action:
      "Check that the entry's STARTTLS protocol matches the service and that TLS is enabled in the service's configuration.",
  },
  BAD_TARGET: {
    title: 'Target cannot be checked',
    action: '{editTarget} so it reads host, host:port or a URL such as smtps://mail.example.com.',
  },
  REVOKED: {
    title: 'Certificate revoked',
    action:
      'Issue and deploy a new certificate now, with a new key if the old one may have leaked; clients that check revocation refuse it.',
  },
  PROXY_FAILED: {
    title: 'Proxy failed',
    action: 'Check the proxy address and that it allows CONNECT to this host and port.',
  },
  FILE_UNREADABLE: {
    title: 'File unreadable',
    action:
      'Check that the file exists at this path, that your user can read it and that it holds a PEM certificate.',
  },
  MISSING_SAN: {
    title: 'Name only in the Common Name',
    action:
      'Reissue the certificate with every host name as a Subject Alternative Name; browsers ignore the Common Name.',
  },
  WRONG_EKU: {
    title: 'Not a TLS server certificate',
    action:
      'Reissue the certificate (or have the CA issue from an intermediate) with the serverAuth extended key usage.',
  },
  WRONG_KEY_USAGE: {
    title: 'Key usage forbids this',
    action:
      'Reissue the named certificate with the key usages its job needs: keyCertSign for a CA, digitalSignature for a server.',
  },
  ISSUER_NOT_CA: {
    title: 'Issuer is not a CA',
    action:
      "Serve the CA's real intermediate certificate; a certificate without basicConstraints CA:TRUE cannot issue others.",
  },
  PATH_LENGTH_EXCEEDED: {
    title: 'Chain too deep for its CA',
    action: "Have the certificate issued from a path the CA's pathLenConstraint allows.",
  },
  NAME_NOT_PERMITTED: {
    title: 'Name outside the CA’s constraints',
    action:
      'Get the certificate from a CA whose name constraints permit this name, or ask the CA owner to widen them.',
  },
  NAME_EXCLUDED: {
    title: 'Name excluded by the CA',
    action: 'Get the certificate from a CA allowed to issue for this name.',
  },
  CHAIN_NOT_YET_VALID: {
    title: 'Chain certificate not valid yet',
    action:
      "Serve the CA's current intermediate instead of one whose start date is in the future, or check this computer's clock.",
  },
  PATH_INVALID: {
    title: 'Chain fails validation',
    action:
      "Ask the CA which certificate's policies or constraints refuse the chain, and deploy the chain bundle it publishes.",
  },
  RENEWAL_OVERDUE: {
    title: 'Automatic renewal overdue',
    action:
      'On the server, find out why the ACME client did not renew: `certbot renew --dry-run` and /var/log/letsencrypt for certbot, `kubectl describe certificate` and the cert-manager logs, or the Caddy or Traefik log. Fix the cause (DNS, port 80 or the DNS API, rate limits, the account), renew, reload the service, then {checkAgain}.',
  },
};

const NOTE_TEXT: Readonly<Record<NoteCode, Advice>> = {
  EXTRA_CERTIFICATE: {
    title: 'Extra certificate sent',
    action: 'Optional: remove the unneeded certificate from the chain file the server sends.',
  },
  CHAIN_ORDER: {
    title: 'Chain out of order',
    action: 'Order the chain file leaf first, then each issuer in turn; some clients are strict about it.',
  },
  INTERMEDIATE_EXPIRES_FIRST: {
    title: 'Intermediate expires first',
    action: "Plan to deploy the CA's newer intermediate before it expires, even if the leaf is still valid.",
  },
  SENT_ROOT: {
    title: 'Root sent',
    action: 'Optional: servers need not send the root; you can drop it from the chain file.',
  },
  OCSP_UNAVAILABLE: {
    title: 'Revocation not checked',
    action: 'Nothing to do unless it persists; then check that this machine can reach the OCSP responder.',
  },
  CRL_UNAVAILABLE: {
    title: 'Revocation list unavailable',
    action: "Nothing to do unless it persists; then check that this machine can download the CA's CRL.",
  },
  REVOCATION_UNKNOWN: {
    title: 'Unknown to the CA',
    action:
      'Confirm with your CA that it issued this certificate; a responder that does not know it is unusual.',
  },
  OCSP_STAPLE_INVALID: {
    title: 'Bad OCSP staple',
    action:
      'Make sure the server can fetch fresh OCSP responses from the CA (resolver and outbound access), or turn stapling off.',
  },
  SIGNATURE_UNCHECKABLE: {
    title: 'Chain not fully checkable',
    action:
      'A signature uses an algorithm this computer cannot verify (MD5, DSA, brainpool…); reissue with SHA-256 and RSA or ECDSA P-256.',
  },
};

const FALLBACK_TEXT: Advice = {
  title: 'Problem',
  action:
    'Read the message above, {checkAgainToConfirm} to confirm it persists, and ask the owner of the certificate if it does.',
};

function worded<K extends string>(
  table: Readonly<Record<K, Advice>>,
  surface: AdviceSurface,
): Readonly<Record<K, Advice>> {
  const controls = CONTROLS[surface];
  const out = {} as Record<K, Advice>;
  for (const code of Object.keys(table) as K[]) {
    const { title, action } = table[code];
    out[code] = { title, action: action.replace(/\{(\w+)\}/g, (all, name: string) => controls[name] ?? all) };
  }
  return out;
}

/** The window's wording (the history's titles read these too). */
export const PROBLEM_ADVICE = worded(PROBLEM_TEXT, 'window');
export const NOTE_ADVICE = worded(NOTE_TEXT, 'window');

const WORDED = {
  window: {
    problems: PROBLEM_ADVICE,
    notes: NOTE_ADVICE,
    fallback: worded({ FALLBACK: FALLBACK_TEXT }, 'window').FALLBACK,
  },
  terminal: {
    problems: worded(PROBLEM_TEXT, 'terminal'),
    notes: worded(NOTE_TEXT, 'terminal'),
    fallback: worded({ FALLBACK: FALLBACK_TEXT }, 'terminal').FALLBACK,
  },
} as const;

export function adviceFor(code: string, surface: AdviceSurface = 'window'): Advice {
  const w = WORDED[surface];
  return (w.problems as Readonly<Record<string, Advice>>)[code] ?? w.fallback;
}

export function noteAdviceFor(code: string, surface: AdviceSurface = 'window'): Advice {
  const w = WORDED[surface];
  return (w.notes as Readonly<Record<string, Advice>>)[code] ?? { ...w.fallback, title: 'Note' };
}
