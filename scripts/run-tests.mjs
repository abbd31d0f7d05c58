#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner (tsx for TypeScript) and the network
// guard preloaded into every process, including children (NODE_OPTIONS). Prints the spec report and
// a closing "N passed, N failed" line; exits non-zero on any failure or when no test ran at all.
// Usage: node scripts/run-tests.mjs [file-or-folder-filter ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}
const files = walk(join(root, 'test'))
  .map((f) => f.slice(root.length + 1))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}

const guard = pathToFileURL(join(root, 'test/support/network-guard.mjs')).href;
const tapFile = join(mkdtempSync(join(tmpdir(), 'canopy-tap-')), 'report.tap');
const env = {
  ...process.env,
  NODE_BACKEND: 'js',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${guard}`.trim(),
};
const args = [
  '--import', 'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=300000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ...files,
];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
child.on('exit', (code, signal) => {
  let tap = '';
  try { tap = readFileSync(tapFile, 'utf8'); } catch { /* reported below */ }
  const count = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const pass = count('pass');
  const fail = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  console.log(`\ntests: ${pass} passed, ${fail} failed, ${skipped} skipped`);
  if (pass === 0) {
    console.error('run-tests: no test passed (0 tests ran?) — failing on purpose');
    process.exit(1);
  }
  process.exit(code ?? (signal ? 1 : 0));
});
