// Certificates for the bench server, minted at bench time with the test suite's PKI helper: one RSA and one
// ECDSA chain (root → intermediate → leaf for *.bench.test), written as PEM files openssl and Go can read.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mint, chainPem, type KeySpec, type Minted } from '../test/fixtures/pki';

/** Every bench name lives under this suffix; the injected lookup maps them to 127.0.0.1. */
export const BENCH_DOMAIN = 'bench.test';

/**
 * Leaves per chain with names of their own (`d<i>.bench.test`), so a list can check certificates never seen
 * before, as a list of distinct sites does: the probe remembers what it worked out per certificate and per
 * chain, and one leaf for every name would make every verdict after the first a memo hit.
 */
export const DISTINCT_LEAVES = 4000;
export const distinctName = (i: number) => `d${i}.${BENCH_DOMAIN}`;

export interface BenchPki {
  dir: string;
  /** Both roots in one bundle (what --ca / -CAfile / ca_file get). */
  rootsFile: string;
  rsa: { chainFile: string; keyFile: string; rootFile: string; distinctFile: string };
  ec: { chainFile: string; keyFile: string; rootFile: string; distinctFile: string };
}

/** Root, intermediate and leaf all of one key type, the shape of a public CA's RSA or ECDSA hierarchy. */
async function chainOf(
  label: string,
  key: KeySpec,
  distinctLeaves: number,
): Promise<{ root: Minted; intermediate: Minted; leaf: Minted; distinct: string[] }> {
  const root = await mint({
    cn: `Certwatch Bench ${label} Root`,
    ca: true,
    key,
    fromDays: -400,
    toDays: 3650,
  });
  const intermediate = await mint({
    cn: `Certwatch Bench ${label} Intermediate`,
    ca: true,
    issuer: root,
    key,
    fromDays: -300,
    toDays: 1500,
  });
  const leaf = await mint({
    cn: `www.${BENCH_DOMAIN}`,
    sans: [`*.${BENCH_DOMAIN}`, BENCH_DOMAIN],
    issuer: intermediate,
    key,
    toDays: 200,
  });
  // The distinct leaves share the leaf's key (minting is signing only) and differ in name and serial, so each
  // has a fingerprint of its own. Minted in batches: WebCrypto signs on libuv's thread pool.
  const distinct: string[] = [];
  for (let i = 0; i < distinctLeaves; i += 64) {
    const batch = Array.from({ length: Math.min(64, distinctLeaves - i) }, (_, j) =>
      mint({ cn: distinctName(i + j), issuer: intermediate, keys: leaf.keys, toDays: 200 }),
    );
    for (const m of await Promise.all(batch)) distinct.push(chainPem(m, intermediate));
  }
  return { root, intermediate, leaf, distinct };
}

/** `distinct`: mint the distinct leaves too (only the throughput section checks them; they take ~30 s). */
export async function writeBenchPki(dir: string, distinct: boolean): Promise<BenchPki> {
  const rsa = await chainOf('RSA', { type: 'rsa', bits: 2048 }, distinct ? DISTINCT_LEAVES : 0);
  const ec = await chainOf('ECDSA', { type: 'ec', curve: 'P-256' }, distinct ? DISTINCT_LEAVES : 0);
  const out: BenchPki = {
    dir,
    rootsFile: join(dir, 'roots.pem'),
    rsa: {
      chainFile: join(dir, 'rsa-chain.pem'),
      keyFile: join(dir, 'rsa-key.pem'),
      rootFile: join(dir, 'rsa-root.pem'),
      distinctFile: join(dir, 'rsa-distinct.json'),
    },
    ec: {
      chainFile: join(dir, 'ec-chain.pem'),
      keyFile: join(dir, 'ec-key.pem'),
      rootFile: join(dir, 'ec-root.pem'),
      distinctFile: join(dir, 'ec-distinct.json'),
    },
  };
  await writeFile(out.rootsFile, chainPem(rsa.root, ec.root) + '\n');
  await writeFile(out.rsa.chainFile, chainPem(rsa.leaf, rsa.intermediate) + '\n');
  await writeFile(out.rsa.keyFile, rsa.leaf.keyPem + '\n', { mode: 0o600 });
  await writeFile(out.rsa.rootFile, rsa.root.pem + '\n');
  await writeFile(out.ec.chainFile, chainPem(ec.leaf, ec.intermediate) + '\n');
  await writeFile(out.ec.keyFile, ec.leaf.keyPem + '\n', { mode: 0o600 });
  await writeFile(out.ec.rootFile, ec.root.pem + '\n');
  await writeFile(out.rsa.distinctFile, JSON.stringify(rsa.distinct));
  await writeFile(out.ec.distinctFile, JSON.stringify(ec.distinct));
  return out;
}
