// STARTTLS dialogues against local fake mail, file-transfer, directory, chat and database servers, then a
// real TLS handshake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import { STARTTLS_PROTOCOLS, type StarttlsProtocol } from '../../main/shared/types';
import { makePki, type Pki } from '../fixtures/pki';
import { startHungServer, startStarttlsServer, type Running } from '../fixtures/servers';

let pki: Pki;
const servers: Running[] = [];
beforeAll(async () => {
  pki = await makePki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const protocols: StarttlsProtocol[] = [...STARTTLS_PROTOCOLS];

describe.each(protocols)('%s', (protocol) => {
  it('upgrades to TLS and judges the certificate', async () => {
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'], fromDays: -77.5, toDays: 12.5 });
    const s = await startStarttlsServer({ protocol, chain: [leaf, pki.intermediate] });
    servers.push(s);
    const parsed = parseTarget(`127.0.0.1:${s.port}`, { starttls: protocol });
    if (!parsed.ok) throw new Error(parsed.error);
    const r = await probe(parsed.target, { trust: createTrustStore([pki.root.pem]), timeoutMs: 5000 });
    expect(r).toMatchObject({ status: 'warning', daysLeft: 12, starttls: protocol, problems: [] });
    expect(r.chain[0]!.subject).toBe('CN=127.0.0.1');
  });

  it('reports STARTTLS_FAILED with what the server answered when it refuses', async () => {
    const leaf = await pki.leaf({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
    const s = await startStarttlsServer({ protocol, chain: [leaf, pki.intermediate], refuse: true });
    servers.push(s);
    const parsed = parseTarget(`127.0.0.1:${s.port}`, { starttls: protocol });
    if (!parsed.ok) throw new Error(parsed.error);
    const r = await probe(parsed.target, { trust: createTrustStore([pki.root.pem]), timeoutMs: 5000 });
    expect(r.status).toBe('error');
    expect(r.problems.map((p) => p.code)).toEqual(['STARTTLS_FAILED']);
    const answered: Record<StarttlsProtocol, RegExp> = {
      smtp: /does not offer STARTTLS/,
      imap: /BAD STARTTLS not supported/,
      pop3: /-ERR STLS not available/,
      postgres: /does not accept TLS/,
      ftp: /refused AUTH TLS: "500 AUTH not understood"/,
      ldap: /refused StartTLS: protocolError "unsupported extended operation"/,
      xmpp: /does not offer STARTTLS \(its features: "mechanisms"\)/,
      'xmpp-server': /XMPP server \(server-to-server\) does not offer STARTTLS/,
      mysql: /MySQL server "8\.0\.36-fake" does not accept TLS/,
    };
    expect(r.problems[0]!.message).toMatch(answered[protocol]);
  });
});

it('a silent server during STARTTLS times out with a clear sentence', async () => {
  const hung = await startHungServer();
  servers.push(hung);
  const parsed = parseTarget(`smtp://127.0.0.1:${hung.port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const r = await probe(parsed.target, { timeoutMs: 1000 });
  expect(r.problems.map((p) => p.code)).toEqual(['TIMEOUT']);
  expect(r.problems[0]!.message).toMatch(/smtp server .* did not finish the STARTTLS dialogue/);
});
