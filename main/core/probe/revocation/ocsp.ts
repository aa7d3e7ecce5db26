// OCSP (RFC 6960, with the RFC 5019 profile every public CA serves): builds the request for a leaf and
// reads a response, accepting it only when the issuer (or a responder it delegated to) signed it and it is fresh.
import 'reflect-metadata';
import { createHash, X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
} from '@peculiar/asn1-ocsp';
import * as px from '@peculiar/x509';
import { asnCertificate } from '../cert-extensions';
import { safeVerify } from '../certinfo';
import { reasonName } from './reasons';
import { isSupportedSignature, verifySigned } from './signature';

/** Clocks disagree a little; responders also pre-date thisUpdate by minutes. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A response without nextUpdate is treated as stale after this long (RFC 5019 wants nextUpdate; some omit it). */
export const MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 7 * 86_400_000;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SHA1 = '1.3.14.3.2.26';

interface Ids {
  serial: Buffer;
  issuerName: Buffer;
  issuerKey: Buffer;
}

/** What identifies the leaf to a responder: its serial, its issuer's name (as the leaf spells it) and key. */
function ids(leaf: X509Certificate, issuer: X509Certificate): Ids {
  const leafAsn = asnCertificate(leaf);
  const issuerAsn = asnCertificate(issuer);
  return {
    serial: Buffer.from(leafAsn.tbsCertificate.serialNumber),
    issuerName: Buffer.from(AsnConvert.serialize(leafAsn.tbsCertificate.issuer)),
    // The key hash covers the BIT STRING's value only: no tag, length or unused-bits octet (RFC 6960 4.1.1).
    issuerKey: Buffer.from(issuerAsn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
  };
}

const digest = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest();

/** DER of an OCSPRequest for one certificate, SHA-1 CertID and no nonce, as RFC 5019 responders expect. */
export function buildOcspRequest(leaf: X509Certificate, issuer: X509Certificate): Buffer {
  const { serial, issuerName, issuerKey } = ids(leaf, issuer);
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: new OctetString(digest('sha1', issuerName)),
    issuerKeyHash: new OctetString(digest('sha1', issuerKey)),
    serialNumber: new Uint8Array(serial).buffer,
  });
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }),
  });
  return Buffer.from(AsnConvert.serialize(request));
}

export type OcspAnswer =
  | {
      ok: true;
      status: 'good' | 'revoked' | 'unknown';
      revokedAt?: string;
      reason?: string;
      thisUpdate: string;
      nextUpdate?: string;
    }
  /** The response cannot be used; `why` completes "the response …". */
  | { ok: false; why: string };

const STATUS_WORDS: Partial<Record<OCSPResponseStatus, string>> = {
  [OCSPResponseStatus.malformedRequest]: 'malformedRequest',
  [OCSPResponseStatus.internalError]: 'internalError',
  [OCSPResponseStatus.tryLater]: 'tryLater',
  [OCSPResponseStatus.sigRequired]: 'sigRequired',
  [OCSPResponseStatus.unauthorized]: 'unauthorized',
};

const day = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Reads an OCSP response about `leaf` and checks signature and freshness. Never throws. */
export function readOcspResponse(
  der: Buffer,
  leaf: X509Certificate,
  issuer: X509Certificate,
  now: number,
): OcspAnswer {
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== OCSPResponseStatus.successful) {
      const word = STATUS_WORDS[response.responseStatus] ?? `status ${response.responseStatus}`;
      return { ok: false, why: `is an error (${word})` };
    }
    if (!response.responseBytes || response.responseBytes.responseType !== id_pkix_ocsp_basic)
      return { ok: false, why: 'is not a basic OCSP response' };
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return { ok: false, why: 'is not valid OCSP (it could not be decoded)' };
  }

  const mine = ids(leaf, issuer);
  const single = basic.tbsResponseData.responses.find((r) => {
    const hash = HASHES[r.certID.hashAlgorithm.algorithm];
    return (
      !!hash &&
      Buffer.from(r.certID.serialNumber).equals(mine.serial) &&
      Buffer.from(r.certID.issuerKeyHash.buffer).equals(digest(hash, mine.issuerKey)) &&
      Buffer.from(r.certID.issuerNameHash.buffer).equals(digest(hash, mine.issuerName))
    );
  });
  if (!single) return { ok: false, why: 'is about a different certificate' };

  const signed = basic.tbsResponseDataRaw;
  const algorithm = basic.signatureAlgorithm.algorithm;
  if (!signed) return { ok: false, why: 'is not valid OCSP (no signed data)' };
  if (!isSupportedSignature(algorithm))
    return { ok: false, why: `is signed with an algorithm Certwatch cannot check (${algorithm})` };
  const signers = [issuer, ...delegatedResponders(basic, issuer, now)];
  // publicKey throws on BoringSSL for keys it cannot read (Ed448, brainpool…): such a signer cannot vouch.
  const signedBy = (s: (typeof signers)[number]) => {
    try {
      return verifySigned(algorithm, signed, basic.signature, s.publicKey);
    } catch {
      return false;
    }
  };
  if (!signers.some(signedBy))
    return { ok: false, why: 'is not signed by the issuer or a responder it authorised' };

  const thisUpdate = single.thisUpdate;
  const nextUpdate = single.nextUpdate;
  if (thisUpdate.getTime() > now + CLOCK_SKEW_MS)
    return { ok: false, why: `is dated in the future (${day(thisUpdate)}); check this computer's clock` };
  if (nextUpdate && nextUpdate.getTime() < now - CLOCK_SKEW_MS)
    return { ok: false, why: `is stale (it was valid until ${day(nextUpdate)})` };
  if (!nextUpdate && thisUpdate.getTime() < now - MAX_AGE_WITHOUT_NEXT_UPDATE_MS)
    return { ok: false, why: `is stale (issued ${day(thisUpdate)}, with no end of validity)` };

  const window = {
    thisUpdate: thisUpdate.toISOString(),
    ...(nextUpdate ? { nextUpdate: nextUpdate.toISOString() } : {}),
  };
  const status = single.certStatus;
  if (status.revoked) {
    const reason = reasonName(status.revoked.revocationReason?.reason);
    return {
      ok: true,
      status: 'revoked',
      revokedAt: status.revoked.revocationTime.toISOString(),
      ...(reason ? { reason } : {}),
      ...window,
    };
  }
  if (status.good !== undefined) return { ok: true, status: 'good', ...window };
  return { ok: true, status: 'unknown', ...window };
}

/**
 * Certificates in the response that the issuer signed for OCSP signing only (id-kp-OCSPSigning), valid now:
 * the delegated responders RFC 6960 4.2.2.2 allows. Any other embedded certificate is ignored.
 */
function delegatedResponders(
  basic: BasicOCSPResponse,
  issuer: X509Certificate,
  now: number,
): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const asn of basic.certs ?? []) {
    try {
      const node = new X509Certificate(Buffer.from(AsnConvert.serialize(asn)));
      const eku = new px.X509Certificate(node.raw).getExtension(px.ExtendedKeyUsageExtension);
      const validNow = Date.parse(node.validFrom) <= now && now <= Date.parse(node.validTo);
      if (validNow && eku?.usages.includes(id_kp_OCSPSigning) && safeVerify(node, issuer)) out.push(node);
    } catch {
      // An undecodable certificate cannot authorise anything.
    }
  }
  return out;
}
