// Process plumbing for the benchmark: CPU and memory of any process from /proc, child processes that answer
// with one JSON line, shell loops that report their children's CPU time, and a few statistics.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK), the unit of /proc/<pid>/stat times

/** User + system CPU seconds a process has used so far (its own, not its children's). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces and parentheses; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM…), or null when the process is gone. */
export function memoryMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of a program on PATH (plus the sbin folders Debian uses), or undefined. */
export function which(program: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  return dirs.map((dir) => dir && join(dir, program)).find((path) => path && isExecutable(path)) || undefined;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs a command to completion, capturing its output; kills it after `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs).unref()
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - t0 });
    });
  });
}

/** Runs a bench worker (this same bundle, `worker <task>`) and returns the JSON it prints last. */
export async function runWorker<T>(task: string, args: unknown, timeoutMs = 240_000): Promise<T> {
  const result = await run(process.execPath, [process.argv[1]!, 'worker', task, JSON.stringify(args)], {
    timeoutMs,
  });
  const last = result.stdout.trim().split('\n').pop() ?? '';
  if (result.code !== 0 || !last.startsWith('{')) {
    throw new Error(
      `bench worker "${task}" failed (exit ${result.code}): ${result.stderr.trim().slice(-2000) || result.stdout.slice(-500)}`,
    );
  }
  return JSON.parse(last) as T;
}

export interface LoopResult {
  ok: number;
  failed: number;
  seconds: number;
  /** CPU seconds of every process the loop started (bash's `times`, children line). */
  childCpuSeconds: number;
  /** Exit status and output of the first failing iteration, to explain failures. */
  firstFailure?: string;
}

/**
 * Runs `command` (a shell line) again and again for `seconds` in bash, counting exits 0 and others; the
 * shell reports its children's CPU time with `times`. EPOCHREALTIME keeps the clock inside bash.
 */
export async function shellLoop(
  command: string,
  seconds: number,
  env?: NodeJS.ProcessEnv,
): Promise<LoopResult> {
  const script = `
set -u
ok=0; failed=0; first=""
start=\${EPOCHREALTIME/./}
end=$(( start + ${Math.round(seconds * 1e6)} ))
while :; do
  now=\${EPOCHREALTIME/./}
  [ "$now" -ge "$end" ] && break
  if ${command} </dev/null >/dev/null 2>&1; then ok=$((ok+1)); else
    code=$?; failed=$((failed+1))
    # Run the failing command once more to keep its message (outside the count).
    [ -z "$first" ] && first="exit $code: $( { ${command} ; } </dev/null 2>&1 | tail -c 300)"
  fi
done
stop=\${EPOCHREALTIME/./}
echo "RESULT $ok $failed $(( stop - start ))"
times
printf 'FIRST %s\\n' "$first"
`;
  const result = await run('bash', ['-c', script], {
    timeoutMs: (seconds + 120) * 1000,
    env: { ...process.env, ...env },
  });
  const m = /RESULT (\d+) (\d+) (\d+)/.exec(result.stdout);
  if (!m) throw new Error(`shell loop failed: ${result.stderr || result.stdout}`);
  // `times` prints the shell's own line, then its children's: "0m1.234s 0m0.567s".
  const timeLines = result.stdout.split('\n').filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const toSeconds = (t: string) => {
    const [, min, sec] = /(\d+)m([\d.]+)s/.exec(t)!;
    return Number(min) * 60 + Number(sec);
  };
  const children = timeLines[1]?.trim().split(' ') ?? ['0m0s', '0m0s'];
  const first = /FIRST (.*)/s.exec(result.stdout)?.[1]?.trim();
  return {
    ok: Number(m[1]),
    failed: Number(m[2]),
    seconds: Number(m[3]) / 1e6,
    childCpuSeconds: toSeconds(children[0]!) + toSeconds(children[1]!),
    ...(first ? { firstFailure: first } : {}),
  };
}

/** Starts a long-running child whose first stdout line is JSON (ports, ready); resolves with it. */
export function startService<T>(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<{ child: ChildProcess; info: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      try {
        resolve({ child, info: JSON.parse(buffer.slice(0, nl)) as T });
      } catch (error) {
        reject(error);
      }
    };
    child.stdout!.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`${command} exited early (${code}): ${stderr.slice(-1000)}`)),
    );
  });
}

/** Ends a child we started and waits for it to go. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill(signal);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One-minute load average, to say how busy the machine was. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
