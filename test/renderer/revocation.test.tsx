// The details panel's revocation section (what OCSP or the CRL said, or why nobody was asked) and the proxy a
// check went through.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProbeResult, Revocation } from '../../main/shared/types';
import { EngineApi } from './engine-api';
import { cert, endpoint, isoIn, probeResult } from './fixtures';
import { renderApp } from './render-app';

const OCSP = 'http://ocsp.ca.example/';

function withRevocation(revocation: Revocation | undefined, extra: Partial<ProbeResult> = {}): ProbeResult {
  const base = probeResult({ target: 'shop.example.com', daysLeft: 40 });
  const leaf = cert({ subject: 'CN=shop.example.com', ocspUrls: [OCSP], notAfter: isoIn(40.5) });
  return {
    ...base,
    chain: [leaf],
    endpoints: base.endpoints.map((e) => ({ ...e, chain: [leaf], ...(revocation ? { revocation } : {}) })),
    ...(revocation ? { revocation } : {}),
    ...extra,
  };
}

async function revocationSection(result: ProbeResult, api = new EngineApi()) {
  api.seed({ id: 'shop', target: 'shop.example.com', result });
  await renderApp(api);
  act(() => api.emit('navigate:entry', { id: 'shop' }));
  const panel = await screen.findByRole('complementary');
  await within(panel).findByRole('heading', { name: 'Verdict' });
  return { panel, section: within(panel).queryByRole('region', { name: 'Revocation' }) };
}

describe('details: revocation', () => {
  it('says when and why the issuer revoked the certificate, and whom it asked', async () => {
    const revokedAt = '2026-03-04T10:00:00.000Z';
    const { section } = await revocationSection(
      withRevocation(
        {
          method: 'ocsp',
          status: 'revoked',
          revokedAt,
          reason: 'keyCompromise',
          responderUrl: OCSP,
          checkedAt: isoIn(-0.01),
        },
        {
          status: 'invalid',
          problems: [{ code: 'REVOKED', message: 'The issuer revoked this certificate on 2026-03-04.' }],
        },
      ),
    );
    expect(section!.textContent).toMatch(
      /Revoked on .*2026.* \(key compromise\), according to the issuer's OCSP responder\./,
    );
    expect(within(section!).getByText(OCSP).className).toMatch(/mono/);
  });

  it('shows a good stapled answer with how long it stays valid', async () => {
    const { section } = await revocationSection(
      withRevocation({
        method: 'ocsp-stapled',
        status: 'good',
        checkedAt: isoIn(-0.01),
        nextUpdate: isoIn(3),
      }),
    );
    expect(section!.textContent).toMatch(/Not revoked, according to the OCSP response the server staples\./);
    expect(section!.textContent).toMatch(/answer valid until/);
  });

  it('says when the responder could not be asked, without calling it a failure', async () => {
    const { section } = await revocationSection(
      withRevocation({
        method: 'crl',
        status: 'unavailable',
        checkedAt: isoIn(-0.01),
        responderUrl: 'http://crl.ca.example/r.crl',
        message: 'The CRL at http://crl.ca.example/r.crl did not answer within 10 seconds.',
      }),
    );
    expect(section!.textContent).toMatch(/Could not be checked: The CRL at .* did not answer/);
    expect(screen.getByText(/Expires in 40 days/)).toBeTruthy();
  });

  it('explains why nobody was asked', async () => {
    const off = new EngineApi();
    off.setSettings({ checkRevocation: false });
    expect((await revocationSection(withRevocation(undefined), off)).section!.textContent).toMatch(
      /Not checked: revocation checks are turned off in Settings\./,
    );
  });

  it('names a certificate without OCSP or CRL addresses', async () => {
    const { section } = await revocationSection(probeResult({ target: 'shop.example.com', daysLeft: 40 }));
    expect(section!.textContent).toMatch(/names no OCSP responder or revocation list/);
  });

  it('lists each address when they disagree', async () => {
    const good: Revocation = { method: 'ocsp', status: 'good', checkedAt: isoIn(-0.01), responderUrl: OCSP };
    const revoked: Revocation = { ...good, status: 'revoked', revokedAt: isoIn(-2) };
    const result = withRevocation(revoked, {
      endpoints: [
        endpoint({ address: '203.0.113.10', revocation: good }),
        endpoint({ address: '203.0.113.11', revocation: revoked }),
      ],
    });
    const { section } = await revocationSection(result);
    const rows = within(within(section!).getByRole('list', { name: 'Revocation per address' })).getAllByRole(
      'listitem',
    );
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^203\.0\.113\.10: Not revoked/),
      expect.stringMatching(/^203\.0\.113\.11: Revoked on/),
    ]);
  });

  it('shows the proxy the check went through', async () => {
    const result = withRevocation(undefined);
    result.endpoints = result.endpoints.map((e) => ({
      ...e,
      address: 'shop.example.com',
      proxy: 'http://proxy.corp.example:3128',
    }));
    const { panel } = await revocationSection(result);
    const checked = within(panel).getByText(
      (_, el) => el?.tagName === 'P' && /^Checked .* over TLSv1\.3/.test(el.textContent ?? ''),
    );
    expect(checked.textContent).toMatch(/through the proxy http:\/\/proxy\.corp\.example:3128\.$/);
    expect(within(panel).getByRole('region', { name: 'Endpoints' }).textContent).toMatch(
      /via http:\/\/proxy\.corp\.example:3128/,
    );
  });
});
