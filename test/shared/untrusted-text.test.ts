import { describe, expect, it } from 'vitest';
import { displayText, hasUnsafeText, notificationMarkupText } from '../../main/shared/untrusted-text';

describe('untrusted text', () => {
  it('shows escape sequences, line breaks and bells instead of acting on them', () => {
    const hostile = '\u001b[2J\u001b]0;owned\u0007evil\r\nCertificate renewed';
    const shown = displayText(hostile);
    expect(shown).toBe('\\e[2J\\e]0;owned\\x07evil\\r\\nCertificate renewed');
    expect(hasUnsafeText(shown)).toBe(false);
  });

  it('makes bidi overrides and zero-width characters visible', () => {
    expect(displayText('exa\u202emple\u200b.com')).toBe('exa\\u{202e}mple\\u{200b}.com');
  });

  it('bounds long names with an ellipsis', () => {
    const shown = displayText('a'.repeat(5000), 40);
    expect(Array.from(shown)).toHaveLength(40);
    expect(shown.endsWith('…')).toBe(true);
    expect(displayText('short', 40)).toBe('short');
  });

  it('replaces lone surrogates and tolerates non-strings', () => {
    expect(displayText('a\ud800b')).toBe('a\ufffdb');
    expect(displayText(undefined)).toBe('');
    expect(displayText(42)).toBe('42');
  });

  it('escapes markup for notification bodies', () => {
    expect(notificationMarkupText('<a href="x">Tom & Jerry</a>')).toBe(
      '&lt;a href="x"&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });
});
