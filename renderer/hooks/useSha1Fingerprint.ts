// The SHA-1 fingerprint many tools (and older runbooks) still quote, computed from the PEM in the browser;
// null when Web Crypto is unavailable.
import { useEffect, useState } from 'react';

function pemToDer(pem: string): Uint8Array<ArrayBuffer> | null {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  try {
    const binary = atob(body);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

export async function sha1Fingerprint(pem: string): Promise<string | null> {
  const der = pemToDer(pem);
  if (!der || !der.length || !globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', der));
  return [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

export function useSha1Fingerprint(pem: string): string | null {
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    sha1Fingerprint(pem).then(
      (value) => current && setFingerprint(value),
      () => current && setFingerprint(null),
    );
    return () => {
      current = false;
    };
  }, [pem]);
  return fingerprint;
}
