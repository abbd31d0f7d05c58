// End to end in a real pseudo-terminal: `canopy` (the real CLI and dashboard) against real bcoin
// regtest nodes on loopback. Wait for the peer, press a, type another node's address, Enter: it
// appears as manual; select it, d: it goes; q: clean exit and a saved address book. The screen stays
// 80×24 and nothing retitles the window.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startPty, type PtySession } from '../support/pty.js';

const cleanup: (() => Promise<void> | void)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c(); });

const row = (screen: string, address: string): string | undefined => screen.split('\n').find((l) => l.includes('│') && l.includes(address));

test('dashboard in a pty: add a peer with a, drop it with d, quit with q (address book saved)', async () => {
  const b1: BcoinNode = await startBcoin('127.130.0.1');
  const b2: BcoinNode = await startBcoin('127.131.0.1');
  b1.autoUnban();
  b2.autoUnban();
  cleanup.push(() => b1.stop(), () => b2.stop());
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-pty-'));
  cleanup.push(() => rmSync(datadir, { recursive: true, force: true }));
  const ui: PtySession = startPty(['--network', 'regtest', '--no-dns-seeds', '--datadir', datadir, '--addnode', b1.address]);
  cleanup.push(() => ui.kill());

  await ui.waitForScreen((s) => (row(s, b1.address) ?? '').includes('manual') && !(row(s, b1.address) ?? '').includes('manual*'), 'b1 connected as manual');
  ui.write('a');
  await ui.waitForScreen((s) => s.includes('Add a peer'), 'the add-peer prompt');
  ui.write('not an address!');
  ui.write('\r');
  await ui.waitForScreen((s) => s.includes('✗'), 'an inline error');
  for (let i = 0; i < 20; i++) ui.write('\x7f');
  ui.write(b2.address);
  ui.write('\r');
  await ui.waitForScreen((s) => (row(s, b2.address) ?? '').includes('manual') && (row(s, b2.address) ?? '').includes('/bcoin'), 'b2 connected as manual');

  for (let i = 0; i < 6; i++) ui.write('j');
  await ui.waitForScreen((s) => (row(s, b2.address) ?? '').includes('›'), 'b2 selected');
  ui.write('d');
  await ui.waitForScreen((s) => row(s, b2.address) === undefined, 'b2 gone from the peers table');

  const screen = await ui.screen();
  assert.equal(screen.length, 24);
  assert.ok(screen.every((l) => l.length <= 80));
  ui.write('q');
  assert.equal(await ui.exited, 0);
  assert.deepEqual(ui.titles, [], 'nothing retitled the terminal');
  assert.ok(existsSync(join(datadir, 'peers.dat')), 'the address book was saved');
});
