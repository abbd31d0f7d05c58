// Lint: typescript-eslint plus Canopy's architecture rules (design.md §2, §7):
// - dependencies point one way between the folders of source/;
// - pure folders never touch sockets, DNS, files, timers, the clock, Math.random or console.
import tseslint from 'typescript-eslint';

const IO_MODULES = ['net', 'dns', 'dns/promises', 'dgram', 'fs', 'fs/promises', 'http', 'https', 'http2',
  'child_process', 'tls', 'timers', 'timers/promises', 'worker_threads', 'cluster', 'readline'];
const ioPaths = [...IO_MODULES.flatMap((m) => [m, `node:${m}`]), 'socks', 'dns2', 'prom-client'].map((name) => ({
  name,
  message: 'I/O belongs in source/io/ (pure engine, thin I/O shell).',
}));

/** Layers each folder must not import (relative-path patterns). */
const LAYERS = {
  shared: ['protocol', 'transport', 'address-manager', 'chain', 'engine', 'io', 'ui', 'testing', 'api'],
  protocol: ['transport', 'address-manager', 'chain', 'engine', 'io', 'ui', 'testing', 'api'],
  transport: ['address-manager', 'chain', 'engine', 'io', 'ui', 'testing', 'api'],
  'address-manager': ['transport', 'chain', 'engine', 'io', 'ui', 'testing', 'api'],
  chain: ['transport', 'address-manager', 'engine', 'io', 'ui', 'testing', 'api'],
  engine: ['io', 'ui', 'testing', 'api'],
  api: ['io', 'ui', 'testing'],
  testing: ['io', 'ui'],
  ui: ['io', 'transport', 'address-manager', 'chain', 'testing', 'api'],
  io: ['ui'],
};
const PURE = ['shared', 'protocol', 'transport', 'address-manager', 'chain', 'engine', 'api', 'ui'];

const impure = [
  { name: 'setTimeout', message: 'Timers live in source/io/: return a wake-at effect.' },
  { name: 'setInterval', message: 'Timers live in source/io/: return a wake-at effect.' },
  { name: 'setImmediate', message: 'Timers live in source/io/.' },
  { name: 'clearTimeout', message: 'Timers live in source/io/.' },
  { name: 'clearInterval', message: 'Timers live in source/io/.' },
  { name: 'console', message: 'No console in pure code: emit an event.' },
  { name: 'fetch', message: 'I/O belongs in source/io/.' },
];
const impureProps = [
  { object: 'Date', property: 'now', message: 'Use the injected clock (inputs carry `now`).' },
  { object: 'Math', property: 'random', message: 'Use the injected Random.' },
  { object: 'performance', property: 'now', message: 'Use the injected clock.' },
  { object: 'crypto', property: 'randomBytes', message: 'Use the injected Random.' },
];

const layerConfigs = Object.entries(LAYERS).map(([layer, forbidden]) => {
  const pure = PURE.includes(layer);
  return {
    files: [`source/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: pure ? ioPaths : [],
        patterns: forbidden.map((f) => ({ group: [`**/${f}/*`, `**/${f}`], message: `source/${layer} must not depend on source/${f} (design.md §2).` })),
      }],
      ...(pure ? { 'no-restricted-globals': ['error', ...impure], 'no-restricted-properties': ['error', ...impureProps] } : {}),
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'stubs/**', 'screenshots/**', 'bin/**', 'bench/.work/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['source/**/*.{ts,tsx}'],
    ignores: ['source/io/**', 'source/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  ...layerConfigs,
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
