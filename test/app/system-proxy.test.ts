import { describe, expect, it } from 'vitest';
import { systemProxyFrom } from '../../main/app/system-proxy';

describe('systemProxyFrom', () => {
  it('takes the first PROXY of the session answer and asks for the exact URL', async () => {
    const asked: string[] = [];
    const resolve = systemProxyFrom(() => ({
      resolveProxy: (url) => {
        asked.push(url);
        return Promise.resolve('SOCKS5 s:1080; PROXY proxy.corp:3128; DIRECT');
      },
    }));
    const proxy = await resolve('https://shop.example.com:443/');
    expect(asked).toEqual(['https://shop.example.com:443/']);
    expect(proxy).toMatchObject({ host: 'proxy.corp', port: 3128, url: 'http://proxy.corp:3128' });
  });

  it('answers undefined for DIRECT so the check connects straight', async () => {
    const resolve = systemProxyFrom(() => ({ resolveProxy: () => Promise.resolve('DIRECT') }));
    expect(await resolve('https://a.example:443/')).toBeUndefined();
  });
});
