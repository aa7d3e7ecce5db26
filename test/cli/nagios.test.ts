// `certwatch check --nagios` (the built CLI) against real loopback TLS servers, read back by a strict parser of the
// Nagios plugin output format (Nagios Plugin Development Guidelines: status line, `|` perfdata, long text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../fixtures/pki';
import { closedPort, startTlsServer, type Running } from '../fixtures/servers';
import { runCli } from '../fixtures/cli';

// ---------------------------------------------------------------------------------------------------------------
// The parser. Perfdata grammar from the guidelines:  'label'=value[UOM];[warn];[crit];[min];[max]
// - label: any characters but `=` and `'`; quoted when it holds anything but letters/digits/_; `''` is one quote
// - value and min/max: [-0-9.]; UOM: none, s, ms, us, %, B, KB, MB, TB, c, and the time units Icinga 2 reads
//   (ns, m, h, d), since days are what a certificate check measures
// - warn/crit: a range, [@][start:][end], start may be ~; trailing empty fields may be dropped
// ---------------------------------------------------------------------------------------------------------------
const STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
const NUMBER = /^-?\d+(\.\d+)?$/;
const RANGE = /^@?((-?\d+(\.\d+)?|~):)?(-?\d+(\.\d+)?)?$/;
const UOM = /^(|s|ms|us|ns|m|h|d|%|B|KB|MB|TB|c)$/;

interface Perf {
  label: string;
  value: number;
  uom: string;
  warn: string;
  crit: string;
  min: string;
  max: string;
}

interface PluginOutput {
  state: (typeof STATES)[number];
  summary: string;
  perfdata: Perf[];
  longText: string[];
}

function parsePerfdata(text: string): Perf[] {
  const out: Perf[] = [];
  let rest = text.trim();
  while (rest) {
    let label: string;
    if (rest.startsWith("'")) {
      const m = /^'((?:[^'=]|'')+)'=/.exec(rest);
      if (!m) throw new Error(`bad quoted label at: ${rest}`);
      label = m[1]!.replace(/''/g, "'");
      rest = rest.slice(m[0].length);
    } else {
      const m = /^([A-Za-z0-9_]+)=/.exec(rest);
      if (!m) throw new Error(`bad label at: ${rest}`);
      label = m[1]!;
      rest = rest.slice(m[0].length);
    }
    const m = /^(\S+)(?:\s+|$)/.exec(rest)!;
    rest = rest.slice(m[0].length);
    const fields = m[1]!.split(';');
    if (fields.length > 5) throw new Error(`too many fields in ${m[1]}`);
    const [valueUom = '', warn = '', crit = '', min = '', max = ''] = fields;
    const vm = /^(-?\d+(?:\.\d+)?)(.*)$/.exec(valueUom);
    if (!vm || !UOM.test(vm[2]!)) throw new Error(`bad value or unit: ${valueUom}`);
    for (const r of [warn, crit]) if (!RANGE.test(r)) throw new Error(`bad range: ${r}`);
    for (const n of [min, max]) if (n && !NUMBER.test(n)) throw new Error(`bad min/max: ${n}`);
    out.push({ label, value: Number(vm[1]), uom: vm[2]!, warn, crit, min, max });
  }
  return out;
}

function parsePluginOutput(stdout: string): PluginOutput {
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.slice(0, -1).split('\n');
  const first = lines[0]!;
  const pipes = first.split('|');
  expect(pipes.length, 'at most one | on the status line').toBeLessThanOrEqual(2);
  const status = /^CERTWATCH (OK|WARNING|CRITICAL|UNKNOWN) - (\S.*)$/.exec(pipes[0]!.trimEnd());
  if (!status) throw new Error(`not a plugin status line: ${first}`);
  const perfdata = pipes[1] === undefined ? [] : parsePerfdata(pipes[1]);
  // Long text: no line may carry a `|` unless it is perfdata, which this plugin keeps on the first line.
  const longText = lines.slice(1);
  for (const line of longText) {
    expect(line.includes('|'), line).toBe(false);
    expect(line.trim().length).toBeGreaterThan(0);
  }
  return { state: status[1] as PluginOutput['state'], summary: status[2]!, perfdata, longText };
}

// ---------------------------------------------------------------------------------------------------------------

const SNI = 'nagios.test';
/** How a target checked with --sni is named: the SNI name at the address typed. */
const shown = (address: string) => `${SNI} at ${address}`;
let dir: string;
let ca: string;
const servers: Running[] = [];
const at: Record<'ok' | 'warning' | 'expired', string> = { ok: '', warning: '', expired: '' };
let refused: string;
let weirdFile: string;

async function nagios(...args: string[]) {
  // Files are not checked against a server name, so they go without --sni.
  const sni = args.some((a) => a.startsWith('/')) ? [] : ['--sni', SNI];
  const result = await runCli(['check', '--nagios', '--ca', ca, ...sni, '--no-ocsp', ...args]);
  const parsed = parsePluginOutput(result.stdout);
  // The state word and the exit code agree (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
  expect(STATES[result.code], result.stdout + result.stderr).toBe(parsed.state);
  return { ...parsed, code: result.code, stdout: result.stdout };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-nagios-'));
  const pki = await makePki('Nagios Test');
  ca = join(dir, 'root.pem');
  await writeFile(ca, pki.root.pem);
  const specs = {
    ok: { toDays: 200.5 },
    warning: { fromDays: -70, toDays: 20.5 },
    expired: { fromDays: -90, toDays: -2.5 },
  };
  for (const [name, spec] of Object.entries(specs)) {
    const server = await startTlsServer({ chain: [await pki.leaf({ cn: SNI, ...spec }), pki.intermediate] });
    servers.push(server);
    at[name as keyof typeof at] = `127.0.0.1:${server.port}`;
  }
  refused = `127.0.0.1:${await closedPort()}`;
  // A certificate file whose name holds every character the format gives a meaning to.
  weirdFile = join(dir, "it's a=b|c.pem");
  await writeFile(weirdFile, (await pki.leaf({ cn: SNI, toDays: 40.5 })).pem);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('certwatch check --nagios', () => {
  it('OK: status line with the days left, and perfdata with the thresholds as ranges', async () => {
    const out = await nagios(at.ok);
    expect(out.code).toBe(0);
    expect(out.stdout.startsWith('STATUS')).toBe(false);
    expect(out.summary).toBe('certificate OK, 200 days left');
    expect(out.perfdata).toEqual([
      { label: shown(at.ok!), value: 200, uom: 'd', warn: '30:', crit: '7:', min: '', max: '' },
    ]);
    expect(out.longText).toEqual([
      expect.stringMatching(new RegExp(`^OK ${shown(at.ok!)} - 200 days left, expires `)),
    ]);
  });

  it('WARNING: exit 1, the target named in the status line, thresholds from --warn/--crit', async () => {
    const out = await nagios('--warn', '21', '--crit', '5', at.warning);
    expect(out.code).toBe(1);
    expect(out.summary).toMatch(
      new RegExp(`^${shown(at.warning!)} WARNING: 20 days left, expires \\d{4}-\\d\\d-\\d\\d$`),
    );
    expect(out.perfdata).toEqual([
      { label: shown(at.warning!), value: 20, uom: 'd', warn: '21:', crit: '5:', min: '', max: '' },
    ]);
  });

  it('CRITICAL for an expired certificate, with negative days left', async () => {
    const out = await nagios(at.expired);
    expect(out.code).toBe(2);
    expect(out.summary).toMatch(new RegExp(`^${shown(at.expired!)} EXPIRED: The certificate expired on`));
    expect(out.perfdata).toEqual([
      // Expired 2.5 days ago: whole days since expiry, as every surface counts them (main/shared/days.ts).
      { label: shown(at.expired!), value: -2, uom: 'd', warn: '30:', crit: '7:', min: '', max: '' },
    ]);
  });

  it('several targets: the worst decides, one long-text line each, perfdata for those with a certificate', async () => {
    const out = await nagios(at.ok, at.warning, at.expired, refused);
    expect(out.code).toBe(2);
    expect(out.summary).toMatch(
      new RegExp(
        `^${shown(at.expired!)} EXPIRED: The certificate expired on .* \\(1 expired, 1 error, 1 warning, 1 OK\\)$`,
      ),
    );
    expect(out.longText.map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      `OK ${shown(at.ok!)}`,
      `WARNING ${shown(at.warning!)}`,
      `EXPIRED ${shown(at.expired!)}`,
      `ERROR ${shown(refused)}`,
    ]);
    expect(out.longText[3]).toMatch(/refused/i);
    expect(out.perfdata.map((p) => [p.label, p.value])).toEqual([
      [shown(at.ok!), 200],
      [shown(at.warning!), 20],
      [shown(at.expired!), -2],
    ]);
  });

  it('a target named with the characters the format reserves stays one well-formed perfdata item', async () => {
    const out = await nagios(weirdFile);
    expect(out.code).toBe(0);
    // The quote doubled on the wire and read back; `=` (ends a label) and `|` (starts perfdata) replaced.
    expect(out.perfdata).toEqual([
      {
        label: weirdFile.replace(/=/g, '_').replace(/\|/g, '/'),
        value: 40,
        uom: 'd',
        warn: '30:',
        crit: '7:',
        min: '',
        max: '',
      },
    ]);
    expect(out.stdout).toContain(
      `'${weirdFile.replace(/=/g, '_').replace(/\|/g, '/').replace(/'/g, "''")}'=40d;`,
    );
  });

  it('a usage mistake is still a plugin answer: UNKNOWN with the sentence, exit 3', async () => {
    const out = await nagios('--file', join(dir, 'no-such-list.txt'));
    expect(out.code).toBe(3);
    expect(out.summary).toMatch(/^cannot read the target list .*no-such-list\.txt: ENOENT$/);
    expect(out.perfdata).toEqual([]);
    expect(out.longText).toEqual([]);
  });

  it('UNKNOWN when a target cannot be checked and none is worse', async () => {
    const out = await nagios(at.ok, refused);
    expect(out.code).toBe(3);
    expect(out.summary).toMatch(new RegExp(`^${shown(refused)} ERROR: `));
    expect(out.perfdata.map((p) => p.label)).toEqual([shown(at.ok!)]);
  });
});
