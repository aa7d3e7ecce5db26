// The worker thread behind pool.ts: runs probe() on the targets it is sent, with the trust store rebuilt from its
// source and every name resolved by the main thread (the resolver there may be injected). Bundled on its own
// (scripts/build.mjs, buildProbeWorker) as dist/cli/probe-worker.mjs (an ES module beside the CommonJS CLI).
import { parentPort, workerData } from 'node:worker_threads';
import { probe } from './probe';
import { createTrustStore, trustStoreWithBundle, type TrustStore } from './trust';
import type { Lookup, ResolvedAddress } from './resolve';
import type { FromWorker, ToWorker, WorkerInit } from './pool';
import { certPacker } from './wire';

const port = parentPort;
if (!port) throw new Error('probe-worker.mjs runs as a worker thread (pool.ts), not on its own.');

const init = workerData as WorkerInit;
const trust: TrustStore =
  'pems' in init.trust ? createTrustStore(init.trust.pems) : trustStoreWithBundle(init.trust.bundle);

const lookups = new Map<number, { resolve(a: ResolvedAddress[]): void; reject(e: Error): void }>();
let nextLookup = 0;
/** The main thread resolves every name, with the resolver the list was given for (the `target` check's). */
const lookupFor =
  (target: number): Lookup =>
  (host) =>
    new Promise((resolve, reject) => {
      const id = nextLookup++;
      lookups.set(id, { resolve, reject });
      port.postMessage({ type: 'lookup', id, host, target } satisfies FromWorker);
    });

const send = (message: FromWorker) => port.postMessage(message);
const pack = certPacker();

port.on('message', (message: ToWorker) => {
  if (message.type === 'lookup') {
    const waiting = lookups.get(message.id);
    lookups.delete(message.id);
    if (!waiting) return;
    if (message.error) {
      const { message: text, code } = message.error;
      waiting.reject(Object.assign(new Error(text), code ? { code } : {}));
    } else waiting.resolve(message.addresses ?? []);
    return;
  }
  probe(message.target, { ...init.options, trust, lookup: lookupFor(message.id) }).then(
    (result) => send({ type: 'result', id: message.id, result: pack(result) }),
    () => send({ type: 'failed', id: message.id }),
  );
});
