// Hostile BIP324 responders on real loopback sockets against a real running Canopy: garbage beyond
// 4095 bytes, a wrong garbage terminator, an undecryptable packet, and a peer that sends nothing after
// our key. Each ends in a disconnect (never a crash, never a message delivered); the silent one counts
// as a refused v2 handshake (no v1 retry for a regular peer). A good v2 peer stays connected.
// Hosts 127.93–127.99.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../source/shared/random.js';
import { networkParams } from '../../source/protocol/networks.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import { NODE_NETWORK, NODE_WITNESS } from '../../source/protocol/services.js';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import { saveAddressBook } from '../../source/io/address-book-store.js';
import { DATA_FILES } from '../../source/io/data-dir.js';
import { startHostileV2Peer, type HostileV2Script } from '../../source/testing/hostile-v2-peer.js';
import { startV2Responder, type V2Responder } from '../support/v2-responder.js';
import { startTestNode } from '../support/node-harness.js';

const params = networkParams('regtest');
let good: V2Responder;
const cleanup: (() => Promise<void>)[] = [];
before(async () => { good = await startV2Responder('127.93.0.1'); });
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  await good?.close();
});

let nextHost = 94;
const FAST = { handshakeTimeoutMs: 1500, maintenanceIntervalMs: 500, feelerIntervalMs: 3_600_000 };

/** Runs Canopy with the good v2 peer (manual) and one hostile regular v2 peer; returns why the hostile one ended. */
async function scenario(script: HostileV2Script): Promise<{ reason: string; detail: string; messagesFromHostile: number }> {
  const host = `127.${nextHost++}.0.1`;
  const hostile = await startHostileV2Peer(params, host, script, 18444);
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-hostile-v2-'));
  const book = new AddressManager({ random: seededRandom(nextHost), allowPrivateAddresses: true });
  book.add([{ time: Math.floor(Date.now() / 1000) - 60, services: NODE_NETWORK | NODE_WITNESS, addr: parseHost(host, 18444) as NonNullable<ReturnType<typeof parseHost>> }], { kind: 'user' }, Date.now());
  await saveAddressBook(join(datadir, DATA_FILES.peers), book);
  const t = await startTestNode({ datadir, addnode: [good.address], maxOutbound: 1, engineConfig: FAST });
  cleanup.push(async () => { await t.close(); await hostile.close(); rmSync(datadir, { recursive: true, force: true }); });
  await t.waitFor('handshake-completed', (e) => e.peer.address === good.address);
  const gone = await t.waitFor('peer-disconnected', (e) => e.peer.address === hostile.address, 30_000);
  const goodPeer = t.node.snapshot().peers.find((p) => p.address === good.address);
  assert.equal(goodPeer?.state, 'ready', 'the good peer stayed connected');
  assert.equal(goodPeer?.transport, 'v2');
  const fromHostile = t.events.filter((e) => e.type === 'handshake-completed' && e.peer.address === hostile.address).length;
  return { reason: gone.reason, detail: gone.detail, messagesFromHostile: fromHostile };
}

test('garbage longer than 4095 bytes: disconnected (garbage-too-long)', async () => {
  const r = await scenario('long-garbage');
  assert.equal(r.reason, 'protocol-violation');
  assert.match(r.detail, /^garbage-too-long/);
  assert.equal(r.messagesFromHostile, 0);
});

test('a wrong garbage terminator: disconnected once 4095 bytes pass without the right one', async () => {
  const r = await scenario('wrong-terminator');
  assert.equal(r.reason, 'protocol-violation');
  assert.match(r.detail, /^garbage-too-long/);
});

test('an undecryptable packet: disconnected (decrypt-failed), nothing delivered', async () => {
  const r = await scenario('bad-packet');
  assert.equal(r.reason, 'protocol-violation');
  assert.match(r.detail, /^decrypt-failed/);
  assert.equal(r.messagesFromHostile, 0);
});

test('a peer that sends nothing after our key: a refused v2 handshake, and no v1 retry for a regular peer', async () => {
  const r = await scenario('silent');
  assert.equal(r.reason, 'v2-refused');
});
