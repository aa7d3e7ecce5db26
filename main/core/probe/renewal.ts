// "Renewal overdue": certificates from ACME CAs are renewed by a client on the server (certbot, cert-manager,
// Caddy, Traefik) with a third of their lifetime left, so one with less than that left means the automation
// failed, days before the expiry alerts would say so. Recognised by the issuer's organisation or common name.
import { spanText } from '../../shared/days';
import type { Problem } from '../../shared/types';

interface AcmeCa {
  name: string;
  /** The issuer's O or CN says it is this CA. */
  matches(o: string, cn: string): boolean;
  /**
   * Longest lifetime of its ACME certificates, in days. CAs that also sell certificates ordered by hand (a year
   * long) are recognised only below it, so a manually renewed certificate is not said to have missed automation.
   */
  maxLifetimeDays: number;
}

const ACME_CAS: readonly AcmeCa[] = [
  {
    name: "Let's Encrypt",
    matches: (o, cn) => /^let['\u2019]s encrypt\b/i.test(o) || /^let['\u2019]s encrypt\b/i.test(cn),
    maxLifetimeDays: Infinity,
  },
  {
    name: 'ZeroSSL',
    matches: (o, cn) => /^zerossl\b/i.test(o) || /^zerossl\b/i.test(cn),
    maxLifetimeDays: 100,
  },
  {
    name: 'Google Trust Services',
    matches: (o) => /^google trust services\b/i.test(o),
    maxLifetimeDays: 100,
  },
  // Buypass Go SSL (ACME) certificates live 180 days.
  {
    name: 'Buypass',
    matches: (o, cn) => /^buypass\b/i.test(o) || /^buypass\b/i.test(cn),
    maxLifetimeDays: 181,
  },
  {
    name: 'SSL.com',
    matches: (o, cn) => /^ssl corp(oration)?\b/i.test(o) || /^ssl\.com\b/i.test(cn),
    maxLifetimeDays: 100,
  },
];

/** The value of one attribute of a distinguished name written `CN=R11, O=Let's Encrypt, C=US`. */
function attribute(dn: string, name: string): string {
  for (const part of dn.split(/[,\n]\s*(?=[A-Za-z][\w.]*=)/)) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim().toUpperCase() === name) return part.slice(eq + 1).trim();
  }
  return '';
}

/** The ACME CA that issued a certificate with this issuer name and lifetime, if it is one Certwatch knows. */
export function acmeCaOf(issuer: string, lifetimeMs: number): string | null {
  const o = attribute(issuer, 'O');
  const cn = attribute(issuer, 'CN');
  const ca = ACME_CAS.find((c) => c.matches(o, cn) && lifetimeMs <= c.maxLifetimeDays * 86_400_000);
  return ca?.name ?? null;
}

/**
 * RENEWAL_OVERDUE for a certificate from an ACME CA with less than a third of its lifetime left (or expired):
 * its sentence says why and where to look. Null for any other certificate.
 */
export function renewalOverdue(
  cert: { issuer: string; notBefore: string; notAfter: string },
  now: number,
): Problem | null {
  const notBefore = Date.parse(cert.notBefore);
  const notAfter = Date.parse(cert.notAfter);
  const lifetime = notAfter - notBefore;
  if (!(lifetime > 0) || notAfter - now >= lifetime / 3) return null;
  const ca = acmeCaOf(cert.issuer, lifetime);
  if (!ca) return null;
  const left = notAfter > now ? 'less than a third of its' : 'none of its';
  return {
    code: 'RENEWAL_OVERDUE',
    message:
      `Automatic renewal should already have happened: the certificate comes from ${ca}, an ACME CA whose ` +
      `clients renew with a third of the lifetime left, and ${left} lifetime of ${spanText(lifetime)} is left. ` +
      'Look at the ACME client on this server (certbot, cert-manager, Caddy or Traefik) and its log for why it did not renew.',
  };
}
