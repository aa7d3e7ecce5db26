// The dialogue details beyond "upgrade or refuse": XMPP names the domain it wants, URL schemes pick the
// dialogue, MySQL error greetings and LDAP's fixed request are understood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/core/probe/probe';
import { createTrustStore } from '../../main/core/probe/trust';
import { parseTarget } from '../../main/core/probe/target';
import { LDAP_STARTTLS_OID, LDAP_STARTTLS_REQUEST } from '../../main/core/probe/starttls-binary';
import type { Lookup } from '../../main/core/probe/resolve';
import type { ProbeResult } from '../../main/shared/types';
import { makePki, type Pki } from '../fixtures/pki';
import { startStarttlsServer, type Running, type StarttlsServerOptions } from '../fixtures/servers';

let pki: Pki;
let trust: ReturnType<typeof createTrustStore>;
const servers: Running[] = [];
beforeAll(async () => {
  pki = await makePki('Starttls More');
  trust = createTrustStore([pki.root.pem]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const lookup: Lookup = async (host) => {
  if (host.endsWith('.example.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

async function serve(
  options: Omit<StarttlsServerOptions, 'chain'>,
  cn = 'chat.example.test',
): Promise<Running> {
  const leaf = await pki.leaf({ cn, sans: [cn, '127.0.0.1'] });
  const s = await startStarttlsServer({ ...options, chain: [leaf, pki.intermediate] });
  servers.push(s);
  return s;
}

async function check(input: string, sni?: string): Promise<ProbeResult> {
  const parsed = parseTarget(input, sni ? { sni } : {});
  if (!parsed.ok) throw new Error(parsed.error);
  return probe(parsed.target, { trust, lookup, timeoutMs: 5000, checkRevocation: false });
}

describe('XMPP', () => {
  it('opens the stream to the target domain and checks the certificate for it', async () => {
    const s = await serve({ protocol: 'xmpp', domain: 'chat.example.test' });
    const r = await check(`xmpp://chat.example.test:${s.port}`);
    expect(r).toMatchObject({ status: 'ok', starttls: 'xmpp', problems: [] });
  });

  it('names the domain from --sni when the server is reached by another name (SRV target)', async () => {
    const s = await serve({ protocol: 'xmpp-server', domain: 'chat.example.test' });
    const r = await check(`xmpp-server://xmpp1.example.test:${s.port}`, 'chat.example.test');
    expect(r).toMatchObject({ status: 'ok', starttls: 'xmpp-server' });
  });

  it('a domain the server does not host is its stream error, quoted', async () => {
    const s = await serve({ protocol: 'xmpp', domain: 'chat.example.test' });
    const r = await check(`xmpp://other.example.test:${s.port}`);
    expect(r.status).toBe('error');
    expect(r.problems).toEqual([
      {
        code: 'STARTTLS_FAILED',
        message: `STARTTLS failed at 127.0.0.1:${s.port}: the XMPP server ended the stream with "host-unknown".`,
      },
    ]);
  });

  it('a client stream to a server-to-server port is refused as the wrong namespace', async () => {
    const s = await serve({ protocol: 'xmpp-server' });
    const r = await check(`xmpp://chat.example.test:${s.port}`);
    expect(r.problems[0]!.message).toMatch(/ended the stream with "invalid-namespace"/);
  });
});

describe('MySQL', () => {
  it('an error greeting (host not allowed) is quoted with its code', async () => {
    const s = await serve({ protocol: 'mysql', mysqlHostBlocked: true });
    const r = await check(`mysql://db.example.test:${s.port}`);
    expect(r.problems).toEqual([
      {
        code: 'STARTTLS_FAILED',
        message: `STARTTLS failed at 127.0.0.1:${s.port}: the MySQL server refused the connection: error 1130 "Host '127.0.0.1' is not allowed to connect to this MySQL server".`,
      },
    ]);
  });

  it('mariadb:// speaks the same dialogue', async () => {
    const s = await serve({ protocol: 'mysql' }, 'db.example.test');
    expect(await check(`mariadb://db.example.test:${s.port}`)).toMatchObject({
      status: 'ok',
      starttls: 'mysql',
    });
  });
});

describe('schemes pick the dialogue', () => {
  it.each([
    ['ftp', 'ftp'],
    ['ldap', 'ldap'],
    ['xmpp-client', 'xmpp'],
    ['submission', 'smtp'],
  ] as const)('%s:// speaks %s', async (scheme, protocol) => {
    const s = await serve({ protocol }, 'host.example.test');
    const r = await check(`${scheme}://host.example.test:${s.port}`);
    expect(r).toMatchObject({ status: 'ok', starttls: protocol, problems: [] });
  });
});

it('the LDAP StartTLS request is the RFC 4511 extended request with message ID 1', () => {
  // SEQUENCE { INTEGER 1, [APPLICATION 23] { [0] "1.3.6.1.4.1.1466.20037" } }
  expect(LDAP_STARTTLS_REQUEST.length).toBe(2 + LDAP_STARTTLS_REQUEST[1]!);
  expect([...LDAP_STARTTLS_REQUEST.subarray(0, 9)]).toEqual([0x30, 29, 0x02, 1, 1, 0x77, 24, 0x80, 22]);
  expect(LDAP_STARTTLS_REQUEST.subarray(9).toString('latin1')).toBe(LDAP_STARTTLS_OID);
});
