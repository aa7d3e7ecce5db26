// RFC 5280 revocation reason codes, named as OpenSSL and CA dashboards show them.
import { CRLReasons } from '@peculiar/asn1-x509';

/** `keyCompromise`, `superseded` …; undefined when absent or not a defined code. */
export function reasonName(code: number | undefined): string | undefined {
  if (code === undefined) return undefined;
  const name = (CRLReasons as unknown as Record<number, string>)[code];
  return typeof name === 'string' ? name : undefined;
}
