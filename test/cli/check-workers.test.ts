// `certwatch check --file` with a long list runs its checks in worker threads (main/core/probe/pool.ts): the built
// CLI's JSON is the same as the same command's in this process, where no worker bundle sits next to the source
// and every check runs in one thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../main/cli/check';
import { workerPlan } from '../../main/core/probe/pool';
import { parseTarget } from '../../main/core/probe/target';
import { makePki, type Pki } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, capturingIo, loopbackLookup } from '../fixtures/cli';

let pki: Pki;
let dir: string;
const servers: Running[] = [];

beforeAll(async () => {
  pki = await makePki('Workers CLI');
  dir = await mkdtemp(join(tmpdir(), 'certwatch-workers-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

/** The timings and the moment of each check differ between any two runs; everything else must not. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'durationMs' && k !== 'checkedAt')
        .map(([k, v]) => [k, withoutTimes(v)]),
    );
  return value;
}

describe('certwatch check --file, a long list', () => {
  it('gives the same JSON from the worker threads as from one thread', async () => {
    const good = await pki.leaf({ cn: 'good.workers.test', sans: ['*.workers.test'], toDays: 60.5 });
    const old = await pki.leaf({
      cn: 'old.workers.test',
      sans: ['old.workers.test'],
      fromDays: -90,
      toDays: -1,
    });
    const goodServer = await startTlsServer({ chain: [good, pki.intermediate] });
    const oldServer = await startTlsServer({ chain: [old, pki.intermediate] });
    const closed = await closedPort();
    servers.push(goodServer, oldServer);
    const lines = [
      ...Array.from({ length: 520 }, (_, i) => `good.workers.test:${goodServer.port}  # site ${i}`),
      ...Array.from({ length: 6 }, () => `old.workers.test:${oldServer.port}`),
      `wrong.workers.test:${oldServer.port}`,
      `127.0.0.1:${closed}`,
      `good.workers.test:${goodServer.port}`,
    ];
    const file = join(dir, 'list.txt');
    const ca = join(dir, 'root.pem');
    await writeFile(file, lines.join('\n') + '\n');
    await writeFile(ca, pki.root.pem + '\n');
    const targets = lines.map((l) => {
      const parsed = parseTarget(l.replace(/#.*$/, '').trim());
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.target;
    });
    // The list is long enough for the workers (with a bundle next to the CLI, as dist/cli has).
    expect(workerPlan(targets, { workerScript: 'dist/cli/probe-worker.mjs', threads: 2 })).toMatchObject({
      threads: 2,
    });
    const resolve = ['good', 'old', 'wrong'].map((n) => `${n}.workers.test:127.0.0.1`);
    const args = ['--file', file, '--ca', ca, '--no-ocsp', '--json'];

    // 530 results in JSON are more than runCli's output buffer holds.
    const built = await promisify(execFile)(
      process.execPath,
      [CLI, 'check', ...args, ...resolve.flatMap((r) => ['--resolve', r])],
      {
        env: { ...process.env, NO_COLOR: '1', CERTWATCH_DEBUG: '1' },
        timeout: 90_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    const io = capturingIo({ lookup: loopbackLookup('.workers.test') });
    const code = await runCheck([], { file, ca, ocsp: false, json: true, resolve }, io);
    // The built CLI found its worker bundle and every check was answered in a worker thread, none fell back
    // to the main thread (which would give the same JSON).
    expect(built.stderr).toMatch(
      /^certwatch: 529 of 529 checks answered by [2-9]\d* worker threads, 0 fell back to the main thread\n$/,
    );
    expect(built.code).toBe(code);
    const fromWorkers = JSON.parse(built.stdout) as unknown;
    expect(withoutTimes(fromWorkers)).toEqual(withoutTimes(JSON.parse(io.out)));
    // No timed test: hung servers and timeouts are compared in test/core/probe-pool.test.ts, where a slow
    // machine cannot push a healthy check past a short deadline.
    expect(io.out).toContain('REFUSED');
    expect(io.out).toContain('EXPIRED');
  });
});
