// A cheap key for a certificate's issuer or subject name, read straight from the DER without parsing the whole
// certificate, so the trust store can find the few anchors named like a certificate without parsing ~300 roots.
// The key is coarser than the names runtimes print (attribute types and lower-cased values only): two names a
// runtime prints alike always get the same key. A name it cannot decode with certainty gets none (null).

/** One DER element: tag, where its contents start and end. */
interface Element {
  tag: number;
  start: number;
  end: number;
}

function element(der: Uint8Array, at: number, limit: number): Element {
  if (at + 2 > limit) throw new Error('truncated');
  const tag = der[at]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('long tag');
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > limit) throw new Error('bad length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  const end = start + length;
  if (end > limit) throw new Error('truncated');
  return { tag, start, end };
}

function children(der: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = element(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The issuer or subject Name of a DER certificate, as the Element of its SEQUENCE. */
function nameElement(der: Uint8Array, which: 'issuer' | 'subject'): Element {
  const cert = element(der, 0, der.length);
  const tbs = children(der, cert)[0];
  if (cert.tag !== 0x30 || !tbs || tbs.tag !== 0x30) throw new Error('not a certificate');
  const fields = children(der, tbs);
  // version [0] is optional (absent in X.509 v1); then serial, signature, issuer, validity, subject.
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const name = fields[first + (which === 'issuer' ? 2 : 4)];
  if (!name || name.tag !== 0x30) throw new Error('no name');
  return name;
}

const ASCII_TYPES = new Set([0x12, 0x13, 0x16, 0x1a]); // Numeric, Printable, IA5, Visible

function decodeValue(der: Uint8Array, value: Element): string | null {
  const bytes = der.subarray(value.start, value.end);
  if (ASCII_TYPES.has(value.tag) || value.tag === 0x14 /* T61, read as Latin-1 by OpenSSL and BoringSSL */)
    return bytes.every((b) => b < 0x80) ? Buffer.from(bytes).toString('latin1') : null;
  if (value.tag === 0x0c) {
    const text = Buffer.from(bytes).toString('utf8');
    return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
  }
  if (value.tag === 0x1e) {
    if (bytes.length % 2) return null;
    let text = '';
    for (let i = 0; i < bytes.length; i += 2) {
      const unit = bytes[i]! * 256 + bytes[i + 1]!;
      if (unit >= 0xd800 && unit <= 0xdfff) return null;
      text += String.fromCharCode(unit);
    }
    return text;
  }
  return null;
}

/**
 * The key of a certificate's issuer or subject name: each attribute's type and its value lower-cased, in order.
 * Null when the certificate or a value cannot be read with certainty (the caller then compares every anchor).
 */
export function nameKey(der: Uint8Array, which: 'issuer' | 'subject'): string | null {
  try {
    const parts: string[] = [];
    const name = nameElement(der, which);
    for (const rdn of children(der, name)) {
      if (rdn.tag !== 0x31) return null;
      for (const ava of children(der, rdn)) {
        const [type, value] = ava.tag === 0x30 ? children(der, ava) : [];
        if (!type || type.tag !== 0x06 || !value) return null;
        const text = decodeValue(der, value);
        if (text === null) return null;
        parts.push(
          `${Buffer.from(der.subarray(type.start, type.end)).toString('hex')}=${text.toLowerCase()}`,
        );
      }
    }
    return parts.join('\n');
  } catch {
    return null;
  }
}
