// A real Canopy node (createNode) against a real bcoin regtest node on loopback: handshake details,
// getaddr → addr, ping/pong, the peer going away (peer-disconnected); a node that is down (connection
// refused → dial-failed); one that accepts TCP but never answers (handshake timeout, shortened).
import { test, after } from 'node:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode, type TestNode } from '../support/node-harness.js';
import { startV1Responder, type V1Responder } from '../support/v1-responders.js';
import { freePort } from '../support/free-port.js';
import { HANDSHAKE_TIMEOUT_OVERRIDE } from '../support/engine-overrides.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

async function bcoinAt(host: string): Promise<BcoinNode> {
  const b = await startBcoin(host);
  cleanup.push(() => b.stop());
  b.autoUnban(); // Canopy tries BIP324 first with a manual peer; bcoin bans that source, we lift it
  return b;
}

async function nodeWith(options: Parameters<typeof startTestNode>[0]): Promise<TestNode> {
  const n = await startTestNode(options);
  cleanup.push(() => n.close());
  return n;
}

test('handshake with bcoin: version, services, user agent, height; addresses; ping; disconnect when it stops', async () => {
  const bcoin = await bcoinAt('127.12.0.1');
  const height = await bcoin.mine(3);
  bcoin.learn('127.13.0.1:18444');
  bcoin.learn('127.14.0.1:18444');
  const t = await nodeWith({ connect: [bcoin.address], localAddress: '127.12.0.9' });

  await t.waitFor('node-started');
  await t.waitFor('dial-started', (e) => e.peer.address === bcoin.address && e.peer.kind === 'manual');
  const hs = await t.waitFor('handshake-completed', (e) => e.peer.address === bcoin.address);
  assert.equal(hs.peer.version, 70015);
  assert.equal(hs.peer.services & 9, 9);
  assert.match(hs.peer.userAgent, /^\/bcoin:v?1\.0\.2\//);
  assert.equal(hs.peer.startHeight, height);
  assert.equal(hs.peer.transport, 'v1');

  const addrs = await t.waitFor('addresses-received');
  assert.ok(addrs.count >= 1, `bcoin sent ${addrs.count} addresses`);
  const ping = await t.waitFor('ping', undefined, 30_000);
  assert.ok(ping.pingMs >= 0);
  const snap = t.node.snapshot();
  assert.equal(snap.peers.find((p) => p.address === bcoin.address)?.state, 'ready');

  await bcoin.stop();
  const gone = await t.waitFor('peer-disconnected', (e) => e.peer.address === bcoin.address);
  assert.equal(gone.reason, 'peer-closed');
});

test('a node that is down: connection refused → dial-failed', async () => {
  const port = await freePort('127.15.0.1');
  const t = await nodeWith({ connect: [`127.15.0.1:${port}`] });
  const failed = await t.waitFor('dial-failed');
  assert.equal(failed.reason, 'refused');
  assert.match(failed.detail, /refused/);
});

test('a node that accepts TCP but never answers: handshake timeout', async () => {
  const silent: V1Responder = await startV1Responder('127.16.0.1', 'silent');
  cleanup.push(() => silent.close());
  const t = await nodeWith({ connect: [silent.address], engineConfig: HANDSHAKE_TIMEOUT_OVERRIDE });
  // v2 first: silence after our key counts as a refusal (Core's rule), so a manual peer is retried with
  // v1 on a new connection, which then times out too.
  await t.waitFor('v1-fallback', () => true, 30_000);
  const final = await t.waitFor('peer-disconnected', (e) => e.reason === 'handshake-timeout', 30_000);
  assert.equal(final.reason, 'handshake-timeout');
  assert.ok(silent.accepted() >= 2);
});

test('library commands: add-peer connects a manual peer, drop-peer disconnects it, close() saves the book', async () => {
  const peer = await startV1Responder('127.17.0.1', 'complete');
  cleanup.push(() => peer.close());
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-hs-'));
  cleanup.push(async () => rmSync(datadir, { recursive: true, force: true }));
  const t = await nodeWith({ connect: [], datadir });
  const added = await t.node.command({ type: 'add-peer', target: peer.address });
  assert.equal(added.ok, true);
  const hs = await t.waitFor('handshake-completed', (e) => e.peer.address === peer.address);
  assert.equal(hs.peer.kind, 'manual');
  assert.equal(hs.peer.userAgent, '/responder:1.0/');
  const again = await t.node.command({ type: 'add-peer', target: peer.address });
  assert.equal(again.ok, false);
  const dropped = await t.node.command({ type: 'drop-peer', peerId: hs.peer.id });
  assert.equal(dropped.ok, true);
  const gone = await t.waitFor('peer-disconnected', (e) => e.peer.id === hs.peer.id);
  assert.equal(gone.reason, 'user-dropped');
  await t.close();
  assert.ok(existsSync(join(datadir, 'peers.dat')), 'address book saved on close');
});
