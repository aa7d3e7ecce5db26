// Reads the extensions a verdict needs from a certificate, each on its own and only when asked for. @peculiar/x509's
// own getExtension decodes every extension of the certificate first (re-encoding each one and parsing it twice),
// which was most of the cost of a verdict on a certificate new to the process; the objects made here are the same
// classes, built from the same bytes, so every reading is unchanged.
import 'reflect-metadata';
import type { X509Certificate as NodeCert } from 'node:crypto';
import * as px from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Extension } from '@peculiar/asn1-x509';

/** An extension class of @peculiar/x509, built from an Extension's DER as its own parser builds it. */
type ExtensionClass<T extends px.Extension> = new (raw: ArrayBuffer) => T;

/** The parsed certificates of the last few calls: one verdict reads the same certificate in several places. */
const recent = new Map<string, Certificate>();
const RECENT_LIMIT = 64;

/** The certificate's ASN.1 structure, parsed once for the several readings one verdict makes of it. */
export function asnCertificate(node: NodeCert): Certificate {
  const key = node.fingerprint256;
  const hit = recent.get(key);
  if (hit) return hit;
  const asn = AsnConvert.parse(node.raw, Certificate);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(key, asn);
  return asn;
}

export class CertExtensions {
  constructor(private readonly asn: Certificate) {}

  /** The first extension with this OID, as getExtension finds it (a duplicate is not read). */
  private find(oid: string): Extension | undefined {
    return this.asn.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  }

  /** The typed extension, or undefined when absent; throws when its value does not parse, as getExtension did. */
  get<T extends px.Extension>(Type: ExtensionClass<T>, oid: string): T | undefined {
    const found = this.find(oid);
    return found ? new Type(AsnConvert.serialize(found)) : undefined;
  }

  /** An extension @peculiar/x509 has no class for: its criticality and raw value. */
  generic(oid: string): px.Extension | undefined {
    return this.get(px.Extension, oid);
  }
}
