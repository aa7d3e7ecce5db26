import { describe, expect, it } from 'vitest';
import { formatHostPort, parseTarget, serverName } from '../../main/core/probe/target';

function ok(input: string, options?: Parameters<typeof parseTarget>[1]) {
  const r = parseTarget(input, options);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

function err(input: string, options?: Parameters<typeof parseTarget>[1]) {
  const r = parseTarget(input, options);
  if (r.ok) throw new Error(`expected ${input} to be rejected`);
  return r.error;
}

describe('parseTarget', () => {
  it.each([
    ['Example.COM', { host: 'example.com', port: 443 }],
    ['example.com.', { host: 'example.com', port: 443 }],
    ['example.com:8443', { host: 'example.com', port: 8443 }],
    ['10.0.0.1', { host: '10.0.0.1', port: 443 }],
    ['10.0.0.1:993', { host: '10.0.0.1', port: 993 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['[2001:DB8::1]', { host: '2001:db8::1', port: 443 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 443 }],
    ['https://shop.example.com/cart?x=1', { host: 'shop.example.com', port: 443 }],
    ['https://user:pw@shop.example.com:8443/', { host: 'shop.example.com', port: 8443 }],
    ['smtp://mail.example.com', { host: 'mail.example.com', port: 25, starttls: 'smtp' }],
    ['smtp://mail.example.com:587', { host: 'mail.example.com', port: 587, starttls: 'smtp' }],
    ['submission://mail.example.com', { host: 'mail.example.com', port: 587, starttls: 'smtp' }],
    ['imap://mail.example.com', { host: 'mail.example.com', port: 143, starttls: 'imap' }],
    ['pop3://mail.example.com', { host: 'mail.example.com', port: 110, starttls: 'pop3' }],
    ['postgres://db.example.com/app', { host: 'db.example.com', port: 5432, starttls: 'postgres' }],
    ['imaps://mail.example.com', { host: 'mail.example.com', port: 993 }],
    ['ftp://files.example.com', { host: 'files.example.com', port: 21, starttls: 'ftp' }],
    ['ldap://dir.example.com', { host: 'dir.example.com', port: 389, starttls: 'ldap' }],
    ['xmpp://chat.example.com', { host: 'chat.example.com', port: 5222, starttls: 'xmpp' }],
    ['xmpp-server://chat.example.com', { host: 'chat.example.com', port: 5269, starttls: 'xmpp-server' }],
    ['mysql://db.example.com', { host: 'db.example.com', port: 3306, starttls: 'mysql' }],
    ['bücher.example', { host: 'xn--bcher-kva.example', port: 443 }],
    ['_srv.internal:8443', { host: '_srv.internal', port: 8443 }],
  ])('%s', (input, expected) => {
    expect(ok(input)).toMatchObject({ input, ...expected });
  });

  it('keeps the typed form for display', () => {
    expect(ok('  HTTPS://Example.com  ').input).toBe('HTTPS://Example.com');
  });

  it('applies --starttls and --sni options', () => {
    expect(ok('10.0.0.5:25', { starttls: 'smtp', sni: 'Mail.Example.com' })).toMatchObject({
      starttls: 'smtp',
      sni: 'mail.example.com',
    });
  });

  it.each([
    ['', /empty/],
    ['exa mple.com', /spaces/],
    ['example.com:0', /port "0" must be a number from 1 to 65535/],
    ['example.com:70000', /port "70000"/],
    ['example.com:https', /port "https"/],
    ['gopher://example.com', /scheme "gopher:\/\/" is not one Certwatch can check/],
    ['file://fileserver/share/cert.pem', /only local files can be watched/],
    ['exa$mple.com', /not a valid host name|characters not allowed/],
    ['example..com', /empty label|not a valid host name/],
    ['[::1', /never closed/],
    ['300.1.1.1', /not a valid IPv4 address/],
    ['a'.repeat(64) + '.com', /longer than 63/],
  ])('rejects %j with a sentence naming it', (input, why) => {
    const message = err(input);
    expect(message).toMatch(why);
    if (input.trim()) expect(message).toContain(input.trim());
  });

  it.each([
    ['file:///etc/ssl/site%20one.pem', '/etc/ssl/site one.pem'],
    ['file://localhost/etc/ssl/site.pem', '/etc/ssl/site.pem'],
    ['/etc/ssl/site.pem', '/etc/ssl/site.pem'],
    ['./certs/site.pem', '/srv/app/certs/site.pem'],
    ['../site.pem', '/srv/site.pem'],
    ['~/certs/my cert.pem', '/home/ana/certs/my cert.pem'],
  ])('reads %j as the certificate file %s', (input, path) => {
    expect(ok(input, { cwd: '/srv/app', home: '/home/ana' })).toEqual({
      input,
      host: path,
      port: 0,
      file: path,
    });
  });

  it('refuses STARTTLS or SNI for a certificate file', () => {
    expect(err('/etc/ssl/site.pem', { starttls: 'smtp' })).toMatch(/no STARTTLS/);
    expect(err('/etc/ssl/site.pem', { sni: 'a.example.com' })).toMatch(/not checked against a server name/);
  });

  it('rejects an IP address as SNI', () => {
    expect(err('example.com', { sni: '10.0.0.1' })).toMatch(/SNI name must be a DNS name/);
  });
});

describe('helpers', () => {
  it('sends SNI only for names', () => {
    expect(serverName(ok('example.com'))).toBe('example.com');
    expect(serverName(ok('10.0.0.1'))).toBeUndefined();
    expect(serverName(ok('10.0.0.1', { sni: 'a.example.com' }))).toBe('a.example.com');
  });

  it('formats IPv6 with brackets', () => {
    expect(formatHostPort('::1', 443)).toBe('[::1]:443');
    expect(formatHostPort('example.com', 443)).toBe('example.com:443');
  });
});

describe('targets that look like typos are refused with a hint', () => {
  it.each([
    ['ftp//broken', 'did you mean "ftp://broken"?'],
    ['https//shop.example.com', 'did you mean "https://shop.example.com"?'],
    ['https:/shop.example.com', 'did you mean "https://shop.example.com"?'],
    ['https', '"https" is a URL scheme, not a host name'],
    ['ftp', '"ftp" is a URL scheme, not a host name'],
    ['smtp:25', '"smtp" is a URL scheme, not a host name'],
    ['http:8080', '"http" is a URL scheme, not a host name'],
    ['0x7f.1', 'is not a valid IPv4 address: write all four parts in decimal'],
    ['127.1', 'is not a valid IPv4 address'],
    ['2130706433', 'is not a valid IPv4 address'],
    ['0177.0.0.1', 'is not a valid IPv4 address'],
    ['010.0.0.1:443', 'is not a valid IPv4 address'],
    ['https://0x7f.1/', 'is not a valid IPv4 address'],
    ['example.123', 'is not a valid IPv4 address'],
    ['a%41.example.com', 'contains characters not allowed'],
    ['evil.example.com@127.0.0.1', 'contains characters not allowed'],
  ])('%s', (input, hint) => {
    expect(err(input)).toContain(hint);
  });

  it('scheme names stay refused even when single-label names are allowed', () => {
    expect(err('ftp', { allowSingleLabel: true })).toContain('is a URL scheme');
  });

  it('a single-label name needs the explicit confirmation; localhost never does', () => {
    expect(err('intranet')).toContain('single-label name');
    expect(err('intranet')).toContain('--allow-single-label');
    expect(ok('intranet', { allowSingleLabel: true })).toMatchObject({ host: 'intranet', port: 443 });
    expect(ok('smtp://mailhub', { allowSingleLabel: true })).toMatchObject({ host: 'mailhub', port: 25 });
    expect(ok('localhost:8443')).toMatchObject({ host: 'localhost', port: 8443 });
  });

  it('real names, dotted quads and IPv6 are unaffected', () => {
    expect(ok('127.0.0.1')).toMatchObject({ host: '127.0.0.1' });
    expect(ok('ftp.example.com')).toMatchObject({ host: 'ftp.example.com' });
    expect(ok('0x7f.example.com')).toMatchObject({ host: '0x7f.example.com' });
    expect(ok('[::1]:8443')).toMatchObject({ host: '::1', port: 8443 });
  });

  it('control characters of a hostile input are shown, not passed on, in the sentence', () => {
    const e = err('\u001b]0;pwned\u0007evil.example.com');
    // eslint-disable-next-line no-control-regex
    expect(e).not.toMatch(/[\u0000-\u001f]/);
    expect(e).toContain('\\e]0;pwned\\x07');
  });
});

describe('saved entries are never dropped for the typo rules', () => {
  it('stored targets skip the confirmation rules, and the store loads them without salvage', async () => {
    expect(ok('ftp:443', { stored: true })).toMatchObject({ host: 'ftp', port: 443 });
    expect(ok('intranet:443', { stored: true })).toMatchObject({ host: 'intranet' });
    const { loadDoc } = await import('../../main/core/watch/store/recover');
    const { emptyDoc } = await import('../../main/shared/model');
    const entry = (id: string, host: string) => ({
      id,
      target: `${host}:443`,
      host,
      port: 443,
      tags: [],
      enabled: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const raw = JSON.stringify({ ...emptyDoc(), entries: [entry('a', 'ftp'), entry('b', 'intranet')] });
    const loaded = loadDoc(raw, { now: () => 0, newId: () => 'x' });
    expect(loaded).toMatchObject({ ok: true, recovered: false });
    expect(loaded.ok && loaded.doc.entries.map((e) => e.host)).toEqual(['ftp', 'intranet']);
  });
});
