// The client-side reading of pasted targets: per-line verdicts that match the engine's rules.
import { describe, expect, it } from 'vitest';
import { previewBulk, previewTarget } from '../../../renderer/lib/bulk-preview';

describe('previewTarget', () => {
  it.each([
    ['example.com', 'example.com:443'],
    ['  Example.COM.  ', 'example.com:443'],
    ['example.com:8443', 'example.com:8443'],
    ['https://user@example.com:8443/path?q#f', 'example.com:8443'],
    ['smtp://mail.example.com', 'smtp://mail.example.com:25'],
    ['submission://mail.example.com', 'smtp://mail.example.com:587'],
    ['imaps://mail.example.com', 'mail.example.com:993'],
    ['postgres://db.example.com:6432', 'postgres://db.example.com:6432'],
    ['192.0.2.7:443', '192.0.2.7:443'],
    ['[2001:db8::7]:8443', '[2001:db8::7]:8443'],
    ['2001:db8::7', '[2001:db8::7]:443'],
    ['bücher.example', 'xn--bcher-kva.example:443'],
    ['_acme.example.com', '_acme.example.com:443'],
  ])('accepts %s as %s', (input, display) => {
    const result = previewTarget(input);
    expect(result).toMatchObject({ ok: true, kind: 'network', display });
  });

  it('accepts certificate files', () => {
    expect(previewTarget('/etc/ssl/certs/site.pem')).toMatchObject({ ok: true, kind: 'file' });
    expect(previewTarget('./site.pem')).toMatchObject({ ok: true, kind: 'file' });
    expect(previewTarget('file:///etc/ssl/site.pem')).toMatchObject({ ok: true, kind: 'file' });
  });

  it.each([
    ['', /it is empty/],
    ['exa mple.com', /it contains spaces/],
    ['gopher://example.com', /the scheme "gopher:\/\/" is not one Certwatch can check/],
    ['example.com:0', /the port "0" must be a number from 1 to 65535/],
    ['example.com:65536', /the port "65536"/],
    ['example.com:https', /the port "https"/],
    ['[2001:db8::7', /never closed/],
    ['[2001:db8::7]x', /unexpected "x"/],
    ['999.1.1.1', /not a valid IPv4 address/],
    ['exa..mple.com', /empty label/],
    ['-bad.example.com', /not allowed in a host name/],
    ['a'.repeat(64) + '.com', /longer than 63 characters/],
    ['zz:yy:xx', /neither an IPv6 address nor a host name/],
  ])('refuses %j', (input, why) => {
    const result = previewTarget(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });
});

describe('previewBulk', () => {
  it('numbers lines like the engine, skipping blanks and comments', () => {
    const preview = previewBulk('# list\n\nexample.com # main site\n  \napi.example.com:8443\n');
    expect(preview.lines.map((l) => [l.line, l.input, l.ok])).toEqual([
      [3, 'example.com', true],
      [5, 'api.example.com:8443', true],
    ]);
    expect(preview).toMatchObject({ valid: 2, invalid: 0 });
  });

  it('flags duplicates within the paste and against the watchlist', () => {
    const preview = previewBulk(
      'example.com\nEXAMPLE.com:443\nhttps://example.com/\nsmtp://example.com:443\nshop.example.com',
      [{ host: 'shop.example.com', port: 443 }],
    );
    expect(preview.lines.map((l) => l.message)).toEqual([
      'Will check example.com:443',
      'Same as line 1 (example.com:443).',
      'Same as line 1 (example.com:443).',
      'Will check smtp://example.com:443',
      'shop.example.com:443 is already in the watchlist.',
    ]);
    expect(preview).toMatchObject({ valid: 2, invalid: 3 });
  });

  it("an entry watching one SNI name on an address does not make the bare address a duplicate (the engine's rule)", () => {
    const existing = [
      { host: '10.0.0.7', port: 8443, sni: 'shop.example.com' },
      { host: '10.0.0.8', port: 8443 },
    ];
    expect(previewBulk('10.0.0.7:8443\n10.0.0.8:8443', existing).lines.map((l) => l.message)).toEqual([
      'Will check 10.0.0.7:8443',
      '10.0.0.8:8443 is already in the watchlist.',
    ]);
  });

  it('handles Windows line ends and a byte-order mark', () => {
    const preview = previewBulk('\uFEFFa.example.com\r\nb.example.com\r\n');
    expect(preview.lines.map((l) => l.input)).toEqual(['a.example.com', 'b.example.com']);
  });
});
