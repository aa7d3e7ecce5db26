// Lint rules, including the two architectural fences: main/core (and the CLI, shared and bridge layers) never
// imports Electron, and only the typed IPC wrappers may touch ipcMain/ipcRenderer directly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import cycles from './eslint-rules/no-import-cycle.js';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-output/**', 'bench-output/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts', 'main/shared/**/*.ts', 'main/bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'main/core, main/cli, main/shared and main/bridge must run in plain Node.',
            },
          ],
        },
      ],
    },
  },
  // main/shared is the ground floor (the contract, the domain types, the target grammar): the core, the app, the
  // bridge and the window import it, and it imports none of them, so the arrows run one way.
  {
    files: ['main/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'main/shared must run in plain Node and in the browser.' }],
          patterns: [
            {
              group: [
                '../core',
                '../core/**',
                '../app',
                '../app/**',
                '../cli',
                '../cli/**',
                '../bridge',
                '../bridge/**',
              ],
              message: 'main/shared imports nothing from main/core, main/app, main/cli or main/bridge.',
            },
          ],
        },
      ],
    },
  },
  // The core's two halves: the probe (one target in, a verdict out) knows nothing of the watch engine (watchlist,
  // store, schedule, alerts), which is built on top of it; the self-test uses the probe only.
  {
    files: ['main/core/probe/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'main/core must run in plain Node.' }],
          patterns: [
            {
              group: ['**/watch', '**/watch/**', '**/selftest', '**/selftest/**'],
              message:
                'main/core/probe never imports main/core/watch (or the self-test): the watch engine is built on the probe.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/app/**/*.ts', 'main/preload.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['main/app/ipc.ts', 'main/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC wrappers (main/app/ipc.ts, main/preload.ts).',
            },
          ],
        },
      ],
    },
  },
  // No import cycles anywhere in the shipped code: arrows run one way (BRIEF). Only main/ and renderer/ are
  // walked so lint time stays reasonable. import-x/no-cycle follows resolved value imports; the local rule adds
  // type-only and dynamic imports, which import-x skips by design (a cycle of types is still a knot).
  {
    files: ['main/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, local: cycles },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error', 'local/no-import-cycle': 'error' },
  },
  // The window (renderer/) is built for the browser; of it, main/ runs one module itself: the first screen's
  // markup (pure, no DOM), which the app's page handler and the web bridge write into the page they serve.
  {
    files: ['main/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './main',
              from: './renderer',
              except: ['./first-screen-markup.ts'],
              message: 'main/ imports nothing of the window but renderer/first-screen-markup.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
