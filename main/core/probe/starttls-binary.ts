// The binary TLS-upgrade requests: PostgreSQL's SSLRequest, MySQL's SSL request packet and LDAP's
// StartTLS extended operation (RFC 4511 §4.14). Each answer is checked before TLS starts.
import { AsnParser, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import type { LineConn } from './line-conn';
import { StarttlsError, quote, type Dialogue } from './starttls-dialogue';

/** PostgreSQL's SSLRequest: length 8, code 80877103; the server answers one byte, S or N. */
export const postgres: Dialogue = async (conn) => {
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(80877103, 4);
  conn.write(request);
  const answer = (await conn.readBytes(1)).toString('latin1');
  if (answer === 'S') return;
  if (answer === 'N')
    throw new StarttlsError('the PostgreSQL server does not accept TLS connections (it answered "N")');
  throw new StarttlsError(`the server did not answer like PostgreSQL (first byte ${quote(answer)})`);
};

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SSL = 0x800;
const CLIENT_SECURE_CONNECTION = 0x8000;
const UTF8MB4_GENERAL_CI = 45;

/**
 * MySQL/MariaDB speak first: a v10 handshake whose capability flags say whether TLS is possible. The client
 * then sends the 32-byte SSL request (capabilities, max packet, charset, 23 zero bytes) instead of a login,
 * and the TLS handshake follows at once; there is no answer to wait for.
 */
export const mysql: Dialogue = async (conn) => {
  const header = await conn.readBytes(4);
  const length = header.readUIntLE(0, 3);
  if (length < 1 || length > 16 * 1024)
    throw new StarttlsError(`the server did not greet like MySQL (a ${length}-byte first packet)`);
  const sequence = header[3]!;
  const payload = await conn.readBytes(length);
  if (payload[0] === 0xff) {
    // An error packet instead of a greeting (e.g. "Host is not allowed to connect", too many connections).
    const code = length >= 3 ? payload.readUInt16LE(1) : 0;
    const text = payload
      .subarray(3)
      .toString('utf8')
      .replace(/^#[0-9A-Z]{5}/, '');
    throw new StarttlsError(`the MySQL server refused the connection: error ${code} ${quote(text)}`);
  }
  if (payload[0] !== 0x0a)
    throw new StarttlsError(`the server did not greet like MySQL (protocol byte ${payload[0]})`);
  const versionEnd = payload.indexOf(0, 1);
  // After the version: connection id (4), first auth scramble (8), filler (1), then the low capability flags.
  const capsAt = versionEnd + 1 + 4 + 8 + 1;
  if (versionEnd < 0 || payload.length < capsAt + 2)
    throw new StarttlsError('the MySQL server sent a truncated greeting');
  const version = payload.subarray(1, versionEnd).toString('latin1');
  if (!(payload.readUInt16LE(capsAt) & CLIENT_SSL))
    throw new StarttlsError(`the MySQL server ${quote(version)} does not accept TLS connections`);
  const request = Buffer.alloc(4 + 32);
  request.writeUIntLE(32, 0, 3);
  request[3] = (sequence + 1) & 0xff;
  request.writeUInt32LE(CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION, 4);
  request.writeUInt32LE(16 * 1024 * 1024, 8);
  request[12] = UTF8MB4_GENERAL_CI;
  conn.write(request);
};

export const LDAP_STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

/**
 * The StartTLS request never varies (message ID 1, the request name is one fixed OID), so it is a constant:
 * LDAPMessage SEQUENCE { messageID INTEGER 1, [APPLICATION 23] ExtendedRequest { [0] requestName } }.
 * asn1-schema cannot express APPLICATION-class tags, and spelling 31 fixed bytes out is easier to audit
 * than building them; the fake LDAP server in the tests decodes them independently.
 */
export const LDAP_STARTTLS_REQUEST = Buffer.concat([
  Buffer.from([0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16]),
  Buffer.from(LDAP_STARTTLS_OID, 'latin1'),
]);

class LdapMessage {
  messageID = 0;
  protocolOp: ArrayBuffer = new ArrayBuffer(0);
}
AsnProp({ type: AsnPropTypes.Integer })(LdapMessage.prototype, 'messageID');
AsnProp({ type: AsnPropTypes.Any })(LdapMessage.prototype, 'protocolOp');
AsnType({ type: AsnTypeTypes.Sequence })(LdapMessage);

/** LDAPResult, the body of an ExtendedResponse; referral and response name/value may follow. */
class LdapResult {
  resultCode = 0;
  matchedDN = new OctetString();
  diagnosticMessage = new OctetString();
  referral?: ArrayBuffer;
  responseName?: OctetString;
  responseValue?: OctetString;
}
AsnProp({ type: AsnPropTypes.Enumerated })(LdapResult.prototype, 'resultCode');
AsnProp({ type: OctetString })(LdapResult.prototype, 'matchedDN');
AsnProp({ type: OctetString })(LdapResult.prototype, 'diagnosticMessage');
AsnProp({ type: AsnPropTypes.Any, context: 3, implicit: true, optional: true })(
  LdapResult.prototype,
  'referral',
);
AsnProp({ type: OctetString, context: 10, implicit: true, optional: true })(
  LdapResult.prototype,
  'responseName',
);
AsnProp({ type: OctetString, context: 11, implicit: true, optional: true })(
  LdapResult.prototype,
  'responseValue',
);
AsnType({ type: AsnTypeTypes.Sequence })(LdapResult);

const LDAP_RESULTS: Record<number, string> = {
  1: 'operationsError',
  2: 'protocolError',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  80: 'other',
};

/** One BER element off the wire: the length octets tell how much to wait for (short or long form). */
async function readBerElement(conn: LineConn): Promise<Buffer> {
  const head = await conn.readBytes(2);
  let length = head[1]!;
  let lengthBytes: Buffer = Buffer.alloc(0);
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 3) throw new StarttlsError('the server did not answer like an LDAP server');
    lengthBytes = await conn.readBytes(count);
    length = lengthBytes.readUIntBE(0, count);
  }
  if (length > 64 * 1024) throw new StarttlsError('the LDAP server sent an over-long answer');
  return Buffer.concat([head, lengthBytes, await conn.readBytes(length)]);
}

export const ldap: Dialogue = async (conn) => {
  conn.write(LDAP_STARTTLS_REQUEST);
  const answer = await readBerElement(conn);
  let result: LdapResult;
  try {
    if (answer[0] !== 0x30) throw new Error('not a SEQUENCE');
    const message = AsnParser.parse(answer, LdapMessage);
    const op = Buffer.from(message.protocolOp);
    // [APPLICATION 24] ExtendedResponse is an IMPLICIT SEQUENCE: same contents under a universal tag.
    if (op[0] !== 0x78) throw new Error('not an ExtendedResponse');
    op[0] = 0x30;
    result = AsnParser.parse(op, LdapResult);
  } catch {
    throw new StarttlsError(
      `the server did not answer like an LDAP server (it sent ${quote(answer.subarray(0, 16).toString('hex'))})`,
    );
  }
  if (result.resultCode === 0) return;
  const text = Buffer.from(result.diagnosticMessage.buffer).toString('utf8');
  const name = LDAP_RESULTS[result.resultCode] ?? `result ${result.resultCode}`;
  throw new StarttlsError(`the LDAP server refused StartTLS: ${name}${text ? ` ${quote(text)}` : ''}`);
};
