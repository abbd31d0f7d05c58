// Runs the README's library example as written (only the package import, the data directory and the
// two peer addresses are substituted) against real bcoin regtest nodes, in a child process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';

const ROOT = resolve(import.meta.dirname, '../..');
const cleanup: (() => Promise<void> | void)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c(); });

test('the README library example runs: connects, adds a peer, prints, closes', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- library-example[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has the library example');
  const b1: BcoinNode = await startBcoin('127.140.0.1');
  const b2: BcoinNode = await startBcoin('127.141.0.1');
  b1.autoUnban();
  b2.autoUnban();
  cleanup.push(() => b1.stop(), () => b2.stop());
  const dir = mkdtempSync(join(tmpdir(), 'canopy-readme-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const code = block
    .replace("from 'canopy'", `from ${JSON.stringify(join(ROOT, 'source/index.ts'))}`)
    .replace("'/tmp/canopy-example'", JSON.stringify(join(dir, 'data')))
    .replace('127.1.0.1:18444', b1.address)
    .replace('127.2.0.1:18444', b2.address)
    // Give the peer a moment to connect before the example prints and closes.
    .replace('await node.start();', 'await node.start();\nawait new Promise((r) => setTimeout(r, 1500));');
  const file = join(dir, 'example.mts');
  writeFileSync(file, code);
  // Asynchronous: the bcoin nodes live in this process and must keep answering.
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const run = { status, stdout, stderr };
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`connected to ${b1.address.replace(/\./g, '\\.')} \\(/bcoin:`));
  assert.match(run.stdout, new RegExp(`added ${b2.address.replace(/\./g, '\\.')}`));
  assert.match(run.stdout, /\d+ peers/);
  assert.ok(readFileSync(join(dir, 'data', 'peers.dat')).length > 0, 'close() saved the address book');
});
