// Builds the React window into dist/renderer, loaded over file:// by Electron (hence relative `base`).
// The CSP in index.html stays strict; only the web-bridge build (mode `bridge`) and the dev server widen
// connect-src, through an HTML transform, so the shipped page never carries their exceptions.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type PluginOption } from 'vite';

/** Where the development web bridge listens (fetch and Server-Sent Events), for a page served elsewhere. */
const BRIDGE_CONNECT = 'http://127.0.0.1:*';
/** Vite's own dev server: HMR socket, and the <style> tags its client injects for CSS modules in dev. */
const DEV_SERVER_CONNECT = 'ws://localhost:* ws://127.0.0.1:*';

function widenCsp(extra: { connect?: string; style?: string }): Plugin {
  return {
    name: 'certwatch-csp',
    transformIndexHtml(html) {
      return html.replace(/content="([^"]*default-src 'none'[^"]*)"/, (_match, policy: string) => {
        let next = policy;
        if (extra.connect) next = next.replace("connect-src 'self'", `connect-src 'self' ${extra.connect}`);
        if (extra.style) next = next.replace("style-src 'self'", `style-src 'self' ${extra.style}`);
        return `content="${next}"`;
      });
    },
  };
}

/**
 * Fetches the window's main chunk (renderer/boot.tsx: React and the views) from the start, beside the small entry
 * and the state request, through a modulepreload link in index.html: the entry imports it only once the first
 * screen is painted (main.tsx), and a preload, unlike a script tag, does not evaluate it before then. Without the
 * link the download would start only at that import.
 */
function preloadBoot(): Plugin {
  return {
    name: 'certwatch-preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find(
          (out) =>
            out.type === 'chunk' &&
            out.isDynamicEntry &&
            out.moduleIds.some((id) => id.endsWith('/renderer/boot.tsx')),
        );
        if (!boot) return [];
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${boot.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

export default defineConfig(({ command, mode }) => {
  const plugins: PluginOption[] = [react(), preloadBoot()];
  const bridge = mode === 'bridge' || process.env.CERTWATCH_BRIDGE === '1';
  if (bridge) {
    plugins.push(widenCsp({ connect: BRIDGE_CONNECT }));
  } else if (command === 'serve') {
    plugins.push(widenCsp({ connect: `${DEV_SERVER_CONNECT} ${BRIDGE_CONNECT}`, style: "'unsafe-inline'" }));
  }
  return {
    root: 'renderer',
    base: './',
    plugins,
    // Folded at build time: the Electron build drops the bridge client entirely.
    define: { __CERTWATCH_BRIDGE__: JSON.stringify(bridge) },
    build: {
      // A folder of its own, so the bridge build never replaces the page Electron loads.
      outDir: bridge ? '../dist/renderer-bridge' : '../dist/renderer',
      emptyOutDir: true,
      // No inline module-preload polyfill or data: URIs for small assets: everything is a 'self' file.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
      ...(process.env.CERTWATCH_NO_MINIFY ? { minify: false } : {}),
    },
  };
});
