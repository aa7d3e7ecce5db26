// The PKI.js parse cache (pkijs-cert.ts) is bounded by use, not by arrival: the intermediates every path reads
// stay parsed while a watchlist's distinct leaves come and go, and the leaves do not pile up (each parse is about
// 34 KiB of heap, so a watcher of thousands of sites used to hold them all).
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { PKIJS_CACHE_LIMIT, pkijsCertificate } from '../../main/core/probe/pkijs-cert';
import { makePki } from '../fixtures/pki';

describe('pkijsCertificate', () => {
  it('keeps the certificates in use and lets the others go', async () => {
    const pki = await makePki('Cache');
    const intermediate = new X509Certificate(pki.intermediate.pem);
    const leaves: X509Certificate[] = [];
    for (let i = 0; i < PKIJS_CACHE_LIMIT + 20; i++)
      leaves.push(new X509Certificate((await pki.leaf({ cn: `l${i}.cache.test` })).pem));
    const parsedIntermediate = pkijsCertificate(intermediate);
    const firstLeaf = pkijsCertificate(leaves[0]!);
    // Every path reads its intermediate again: it stays parsed however many leaves pass through.
    for (const leaf of leaves.slice(1)) {
      pkijsCertificate(leaf);
      expect(pkijsCertificate(intermediate)).toBe(parsedIntermediate);
    }
    // A leaf read once, long ago, is parsed afresh (same reading, new object), and the recent ones are kept.
    const again = pkijsCertificate(leaves[0]!);
    expect(again).not.toBe(firstLeaf);
    expect(again.serialNumber.valueBlock.toString()).toBe(firstLeaf.serialNumber.valueBlock.toString());
    const last = leaves.at(-1)!;
    expect(pkijsCertificate(last)).toBe(pkijsCertificate(last));
  });
});
