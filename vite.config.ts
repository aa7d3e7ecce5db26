// Builds the React window into dist/renderer, loaded over file:// by Electron (hence relative `base`).
// The CSP in index.html stays strict; only the web-bridge build (mode `bridge`) and the dev server widen
// connect-src, through an HTML transform, so the shipped page never carries their exceptions.
import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { defineConfig, type Plugin, type PluginOption, type Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

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
        const boot = bootChunk(ctx.bundle ?? {});
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

/** The chunk of renderer/boot.tsx (React and the views), which the entry imports dynamically. */
function bootChunk(bundle: OutputBundle): OutputChunk | undefined {
  return Object.values(bundle).find(
    (out): out is OutputChunk =>
      out.type === 'chunk' &&
      out.isDynamicEntry &&
      out.moduleIds.some((id) => id.endsWith('/renderer/boot.tsx')),
  );
}

/** A CSP source allowing exactly this inline script or stylesheet. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The bridge build's page starts inside index.html: renderer/start/inline.ts becomes a <script> first in the
 * head, allowed by its hash in the CSP (the bridge sends the same hash in its header, main/bridge/static.ts).
 * The page's first requests then leave as soon as its HTML is parsed, and its first screen is painted as soon
 * as their answer is in: over HTTP, the entry cost a round trip and its own evaluation before anything else
 * could start. (The app loads its files from app://, in process, and its preload asks for the state before
 * the page runs, so its page keeps plain files.)
 */
function inlineStart(): Plugin {
  return {
    name: 'certwatch-inline-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        // The entry is fetched from the start (a modulepreload link) but evaluated by the inline start once the
        // first screen is on screen: as a module script it would run as soon as the HTML is parsed, right while
        // that screen's answer is handled.
        const entries = Object.values(bundle).filter((out) => out.type === 'chunk' && out.isEntry);
        if (entries.length !== 1)
          throw new Error(`inline start: expected one entry chunk, found ${entries.length}`);
        const entryUrl = `./${entries[0]!.fileName}`;
        const entryTag = new RegExp(
          `<script type="module" crossorigin src="${entryUrl.replace(/[.]/g, '\\.')}"></script>`,
        );
        if (!entryTag.test(html)) throw new Error(`inline start: index.html does not load ${entryUrl}`);
        // The entry and the window's main chunk are preloaded by the start itself, not by links in the page: a
        // preload compiles its module off the main thread at once, which on two cores is time taken from the
        // first screen's layout when the bridge has written that screen into the page.
        const boot = bootChunk(bundle);

        const built = await esbuild({
          entryPoints: ['renderer/start/inline.ts'],
          external: [entryUrl],
          bundle: true,
          write: false,
          format: 'iife',
          minify: !process.env.CERTWATCH_NO_MINIFY,
          target: 'chrome120',
          charset: 'ascii',
          legalComments: 'none',
          define: {
            __CERTWATCH_ENTRY__: JSON.stringify(entryUrl),
            __CERTWATCH_PRELOADS__: JSON.stringify([entryUrl, ...(boot ? [`./${boot.fileName}`] : [])]),
          },
          logLevel: 'silent',
        });
        const script = built.outputFiles[0]!.text;
        if (/<\/script|<!--/i.test(script))
          throw new Error('inline start: the script contains "</script" or "<!--"');
        const cspMeta = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/;
        if (!cspMeta.test(html)) throw new Error('inline start: index.html has no CSP meta element');

        // The entry's stylesheet goes inline too, allowed by its hash: as a file it would arrive only after the
        // page's HTML has been parsed, by when the first screen the bridge writes into the page is laid out
        // unstyled once, and again when it comes. The file stays for anything that links it later.
        const sheets = Object.values(bundle).filter(
          (out) =>
            out.type === 'asset' &&
            out.fileName.endsWith('.css') &&
            html.includes(`href="./${out.fileName}"`),
        );
        if (sheets.length !== 1)
          throw new Error(
            `inline start: expected one stylesheet linked from index.html, found ${sheets.length}`,
          );
        const sheet = sheets[0]!;
        const css = sheet.type === 'asset' ? String(sheet.source) : '';
        if (/<\/style|<!--/i.test(css))
          throw new Error('inline start: the stylesheet contains "</style" or "<!--"');
        const sheetTag = new RegExp(
          `<link rel="stylesheet" crossorigin href="\\./${sheet.fileName.replace(/[.]/g, '\\.')}">`,
        );
        if (!sheetTag.test(html)) throw new Error(`inline start: index.html does not link ${sheet.fileName}`);

        return (
          html
            .replace(sheetTag, () => `<style>${css}</style>`)
            .replace("style-src 'self'", () => `style-src 'self' ${cspHash(css)}`)
            .replace(entryTag, () => '')
            // First in the head, right after the CSP it is allowed by: nothing before it but the HTML itself.
            .replace(cspMeta, (meta) => `${meta}\n    <script>${script}</script>`)
            .replace("script-src 'self'", () => `script-src 'self' ${cspHash(script)}`)
        );
      },
    },
  };
}

export default defineConfig(({ command, mode }) => {
  const plugins: PluginOption[] = [react()];
  const bridge = mode === 'bridge' || process.env.CERTWATCH_BRIDGE === '1';
  // The bridge build's start preloads the window's main chunk itself (inlineStart).
  if (!(bridge && command === 'build')) plugins.push(preloadBoot());
  if (bridge) {
    plugins.push(widenCsp({ connect: BRIDGE_CONNECT }));
    if (command === 'build') plugins.push(inlineStart());
  } else if (command === 'serve') {
    plugins.push(widenCsp({ connect: `${DEV_SERVER_CONNECT} ${BRIDGE_CONNECT}`, style: "'unsafe-inline'" }));
  }
  return {
    root: 'renderer',
    base: './',
    plugins,
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
