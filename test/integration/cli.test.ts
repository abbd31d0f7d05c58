// The real `canopy` process against a real bcoin regtest node: `canopy --network regtest --connect
// 127.1.0.1:18444 --json --no-dns-seeds --datadir <tmp>` prints NDJSON events only (node-started,
// dial-started, peer-connected, v1-fallback (bcoin refuses BIP324), handshake-completed, addresses-received, ping); SIGINT exits 0 after
// saving the address book.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBcoin } from '../support/bcoin.js';
import { runCli } from '../support/run-cli.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

test('canopy --connect bcoin --json: handshake events, then a clean SIGINT exit with a saved book', async () => {
  const bcoin = await startBcoin('127.1.0.1');
  cleanup.push(() => bcoin.stop());
  bcoin.autoUnban(); // the manual peer is tried with BIP324 first; bcoin bans v2 senders
  const height = await bcoin.mine(2);
  bcoin.learn('127.2.0.1:18444');
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-cli-'));
  cleanup.push(async () => rmSync(datadir, { recursive: true, force: true }));

  const cli = runCli(['--network', 'regtest', '--connect', '127.1.0.1:18444', '--json', '--no-dns-seeds', '--datadir', datadir]);
  cleanup.push(async () => { if (cli.child.exitCode === null) { cli.kill('SIGKILL'); await cli.exited; } });
  const started = await cli.waitFor((e) => e['type'] === 'node-started', 'node-started');
  assert.equal(started['network'], 'regtest');
  assert.match(String(started['ts']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const peerIs = (e: Record<string, unknown>): boolean => (e['peer'] as { address?: string } | undefined)?.address === '127.1.0.1:18444';
  await cli.waitFor((e) => e['type'] === 'dial-started' && peerIs(e), 'dial-started');
  await cli.waitFor((e) => e['type'] === 'peer-connected' && peerIs(e), 'peer-connected');
  const hs = await cli.waitFor((e) => e['type'] === 'handshake-completed' && peerIs(e), 'handshake-completed');
  const peer = hs['peer'] as { version: number; services: number; userAgent: string; startHeight: number; kind: string };
  assert.equal(peer.version, 70015);
  assert.equal(peer.services & 9, 9);
  assert.match(peer.userAgent, /^\/bcoin:/);
  assert.equal(peer.startHeight, height);
  assert.equal(peer.kind, 'manual');
  // BIP324 first; bcoin speaks only v1, so the manual peer falls back to v1 on a new connection.
  assert.ok(cli.events.some((e) => e['type'] === 'v1-fallback' && peerIs(e)), 'v2 tried first, then v1');
  assert.equal((hs['peer'] as { transport: string }).transport, 'v1');
  await cli.waitFor((e) => e['type'] === 'addresses-received' && peerIs(e), 'addresses-received');
  await cli.waitFor((e) => e['type'] === 'ping' && peerIs(e), 'ping', 30_000);

  cli.kill('SIGINT');
  assert.equal(await cli.exited, 0);
  assert.deepEqual(cli.junk, [], 'nothing but JSON events on stdout');
  const book = join(datadir, 'peers.dat');
  assert.ok(existsSync(book), 'address book saved');
  assert.ok(statSync(book).size > 0);
});

test('stdout not a TTY and no --json: NDJSON events anyway; --log-file gets the log; a refused peer is reported', async () => {
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-cli-'));
  cleanup.push(async () => rmSync(datadir, { recursive: true, force: true }));
  const logFile = join(datadir, 'debug.log');
  // 127.3.0.1:1 — nothing listens there.
  const cli = runCli(['--network', 'regtest', '--connect', '127.3.0.1:1', '--no-dns-seeds', '--datadir', datadir, '--log-file', logFile]);
  cleanup.push(async () => { if (cli.child.exitCode === null) { cli.kill('SIGKILL'); await cli.exited; } });
  await cli.waitFor((e) => e['type'] === 'node-started', 'node-started');
  const failed = await cli.waitFor((e) => e['type'] === 'dial-failed', 'dial-failed');
  assert.equal(failed['reason'], 'refused');
  cli.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
  assert.deepEqual(cli.junk, []);
  const log = readFileSync(logFile, 'utf8');
  assert.match(log, /"type":"dial-failed"/);
});
