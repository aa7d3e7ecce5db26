// A loopback TLS server whose certificate names carry escape sequences, CR/LF, markup, `&` and a 5,000-character
// name: the built CLI's check table, list and watch log show them as inert text (asserted on the bytes), while
// `--json` stays raw JSON whose escaping already makes them inert.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { keyPair, type Minted } from '../fixtures/pki';
import { startTlsServer, type Running } from '../fixtures/servers';
import { runCli } from '../fixtures/cli';

vi.setConfig({ testTimeout: 120_000 });

const ESC_TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const FAKE_LINE = 'x.example\r\n2026-01-01T00:00:00.000Z shop.example.com ok Certificate renewed';
const LINK = '<a href="https://evil.example/">renew here</a>';
const AMP = 'Tom & Jerry &amp; Co';
const LONG = `${'a'.repeat(5000)}.example`;

let dir: string;
let server: Running;
let env: NodeJS.ProcessEnv;
let target: string;

/** Self-signed, names written raw into the DER (the fixture's mint() takes a CN only as a DN string). */
async function hostileCert(): Promise<Minted> {
  const keys = await keyPair({ type: 'ec' }, 'SHA-256', true);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0badc0de',
    name: [{ CN: [`${CLEAR}${ESC_TITLE}${LINK} ${AMP}\r\nfake`] }, { O: [FAKE_LINE] }],
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 90 * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension(
        [`${ESC_TITLE}.example`, CLEAR, FAKE_LINE, LINK, AMP, LONG].map((value) => ({
          type: 'dns' as const,
          value,
        })),
      ),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    cert,
    keys,
    pem: cert.toString('pem'),
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    der: Buffer.from(cert.rawData),
    spec: { cn: 'hostile' },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certwatch-hostile-'));
  env = { XDG_CONFIG_HOME: join(dir, 'xdg'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` };
  server = await startTlsServer({ chain: [await hostileCert()] });
  target = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Terminal bytes with nothing live: no ESC or other control byte but the line feeds ending lines, lines bounded. */
function expectInert(output: string, maxLine: number): string[] {
  // eslint-disable-next-line no-control-regex
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(output).not.toContain('\u001b');
  expect(output).not.toContain('\r');
  const lines = output.split('\n').filter(Boolean);
  for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(maxLine);
  // The hostile names are there, shown as text: the escape visible, markup and `&` literal.
  expect(output).toContain('\\e]0;pwned\\x07');
  return lines;
}

describe('hostile certificate text reaches the terminal inert', () => {
  it('check: one table row, escapes visible, the 5,000-character name cut with an ellipsis', async () => {
    const r = await runCli(['check', '--no-ocsp', '--timeout', '10', target], env);
    expect(r.code).toBe(2);
    const lines = expectInert(r.stdout, 600);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^INVALID\\s+${target}\\s`));
    expect(lines[1]).toContain('…');
    expect(r.stdout).not.toContain('a'.repeat(400));
    // The problem sentence lists the certificate's DNS names lowercased (names match case-insensitively).
    expect(r.stdout).toContain('\\e[2j\\e[h');
  });

  it('check --verbose: every detail line inert, the fake log line stays inside its field', async () => {
    const r = await runCli(['check', '--no-ocsp', '--verbose', target], env);
    const lines = expectInert(r.stdout, 700);
    expect(r.stdout).toContain(LINK);
    // The name-mismatch sentence lists the DNS names lowercased; `&` and `&amp;` stay literal all the same.
    expect(r.stdout).toContain(AMP.toLowerCase());
    // The CR/LF inside a name is shown as \r\n, so no line starts with the fake time stamp.
    expect(r.stdout).toContain('\\r\\n2026-01-01t00:00:00.000z');
    expect(lines.some((l) => /^2026-01-01t00:00:00\.000z/i.test(l))).toBe(false);
  });

  it('check --json stays raw JSON: the names survive exactly, escaped by JSON itself', async () => {
    const r = await runCli(['check', '--no-ocsp', '--json', target], env);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\r');
    const json = JSON.parse(r.stdout) as { results: Array<{ chain: Array<{ sans: string[] }> }> };
    expect(json.results[0]!.chain[0]!.sans).toContain(`DNS:${FAKE_LINE}`);
    expect(json.results[0]!.chain[0]!.sans).toContain(`DNS:${LONG}`);
  });

  it('watch log and list: one line per entry, nothing live', async () => {
    const store = join(dir, 'store.json');
    const added = await runCli(['add', '--store', store, '--label', `${CLEAR}label`, target], env);
    expect(added.code, added.stdout + added.stderr).toBe(0);

    const watch = await runCli(['watch', '--once', '--store', store], env);
    expect(watch.code).toBe(2);
    const log = expectInert(watch.stdout, 1100);
    const checks = log.filter((l) => l.includes(` ${target} `));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatch(new RegExp(`^\\S+Z ${target} invalid, expires in \\d+ days: `));
    // The fake "renewed" line never becomes a line of its own.
    expect(log.some((l) => /^2026-01-01t00:00:00\.000z/i.test(l))).toBe(false);
    // eslint-disable-next-line no-control-regex
    expect(watch.stderr).not.toMatch(/[\u001b\r]/);

    const list = await runCli(['list', '--store', store], env);
    expect(list.code).toBe(0);
    const rows = expectInert(list.stdout, 600);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('\\e[2J\\e[Hlabel');

    const json = await runCli(['list', '--json', '--store', store], env);
    expect(json.stdout).not.toContain('\u001b');
    const parsed = JSON.parse(json.stdout) as { entries: Array<{ label: string; headline: string }> };
    expect(parsed.entries[0]!.label).toBe(`${CLEAR}label`);
    expect(parsed.entries[0]!.headline).toContain(ESC_TITLE);
  });
});
