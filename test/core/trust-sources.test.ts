// The CLI and the app trust the same roots: Node's bundled roots, the OS store (read by the runtime where it can,
// else the distribution's bundle file) and the user's --ca bundle, all through trust.ts.
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { defaultTrustStore, systemRoots } from '../../main/core/probe/trust';
import { NODE24, runWith } from '../fixtures/runtimes';

describe('the OS store', () => {
  it("is read by the runtime's own reader where it has one (Node 22.15+, Electron)", () => {
    const pem = tls.rootCertificates[0]!;
    expect(systemRoots(() => [pem], [])).toEqual({ pems: [pem], source: 'runtime' });
    expect(
      systemRoots(() => {
        throw new Error('no store');
      }, []),
    ).toEqual({ pems: [], source: null });
  });

  it('falls back to the first distribution bundle file present, and says when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certwatch-roots-'));
    const file = join(dir, 'ca-bundle.crt');
    writeFileSync(file, tls.rootCertificates[0]!);
    expect(systemRoots(null, [join(dir, 'missing.crt'), file])).toEqual({
      pems: [tls.rootCertificates[0]],
      source: file,
    });
    expect(systemRoots(null, [join(dir, 'missing.crt')])).toEqual({ pems: [], source: null });
  });

  it('every OS root Node 24 (the runtime of the app and the recommended CLI) trusts, this Node trusts too', async () => {
    const run = await runWith(NODE24, [
      '-e',
      `const { X509Certificate } = require('node:crypto');
       const fps = new Set();
       for (const pem of require('node:tls').getCACertificates('system')) {
         try { fps.add(new X509Certificate(pem).fingerprint256); } catch {}
       }
       console.log(JSON.stringify([...fps]));`,
    ]);
    const node24System: string[] = JSON.parse(run.stdout);
    const store = defaultTrustStore();
    const byFingerprint = new Set(
      [...tls.rootCertificates, ...systemRoots().pems].flatMap((pem) =>
        (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
          (b) => new X509Certificate(b).fingerprint256,
        ),
      ),
    );
    const missing = node24System.filter((fp) => !byFingerprint.has(fp));
    expect(missing).toEqual([]);
    expect(store.size).toBeGreaterThanOrEqual(Math.max(tls.rootCertificates.length, node24System.length));
    expect(store.skipped).toBe(0);
  });
});
