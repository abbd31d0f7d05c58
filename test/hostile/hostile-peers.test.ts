// Hostile peers on real loopback sockets against a real running Canopy (createNode): each scenario
// ends in a disconnect and/or a ban as Core would apply it, while a good peer (a real bcoin regtest
// node, manual) stays connected. The hostile peer is a regular peer (its address is in the book).
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
import { eventToJsonLine } from '../../source/engine/event-json.js';
import { startHostilePeer, type HostileScript } from '../../source/testing/hostile-peer.js';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode, type TestNode } from '../support/node-harness.js';

const params = networkParams('regtest');
let good: BcoinNode;
const cleanup: (() => Promise<void>)[] = [];
before(async () => { good = await startBcoin('127.79.0.1'); good.autoUnban(); });
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  await good?.stop();
});

let nextHost = 80;
const FAST = { handshakeTimeoutMs: 1500, pingIntervalMs: 1000, pingTimeoutMs: 3000, maintenanceIntervalMs: 500, feelerIntervalMs: 3_600_000 };

/** Runs Canopy with a good manual peer and a hostile regular peer; returns the node once the hostile peer was dialled. */
async function scenario(script: HostileScript): Promise<{ t: TestNode; hostileAddress: string; done: () => Promise<void> }> {
  const host = `127.${nextHost++}.0.1`;
  const hostile = await startHostilePeer(params, host, script, 18444);
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-hostile-'));
  const book = new AddressManager({ random: seededRandom(nextHost), allowPrivateAddresses: true });
  book.add([{ time: Math.floor(Date.now() / 1000) - 60, services: NODE_NETWORK | NODE_WITNESS, addr: parseHost(host, 18444) as NonNullable<ReturnType<typeof parseHost>> }], { kind: 'user' }, Date.now());
  await saveAddressBook(join(datadir, DATA_FILES.peers), book);
  // v1 only: these scripts misbehave at the v1 level (BIP324 hostile cases: hostile-v2.test.ts).
  const t = await startTestNode({ datadir, addnode: [good.address], localAddress: host.replace(/\.1$/, '.9'), maxOutbound: 1, v2: false, engineConfig: FAST });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await t.close();
    await hostile.close();
    rmSync(datadir, { recursive: true, force: true });
  };
  cleanup.push(close);
  await t.waitFor('handshake-completed', (e) => e.peer.address === good.address);
  await t.waitFor('dial-started', (e) => e.peer.address === hostile.address && e.peer.kind === 'regular');
  return {
    t, hostileAddress: hostile.address,
    async done() {
      const goodPeer = t.node.snapshot().peers.find((p) => p.address === good.address);
      assert.equal(goodPeer?.state, 'ready', 'the good peer stayed connected');
      await close();
    },
  };
}

const isBanned = (t: TestNode, address: string): boolean => t.node.snapshot().bans.some((b) => address.startsWith(b.subnet));

test('user agent full of escape sequences: the handshake completes, --json output carries no raw control bytes', async () => {
  const ua = '/evil:1.0/\x1b]0;pwned\x07\x1b[2J\x1b[31m\u202e\x00\x9b31m';
  const s = await scenario({ kind: 'user-agent', userAgent: ua });
  const hs = await s.t.waitFor('handshake-completed', (e) => e.peer.address === s.hostileAddress);
  const line = eventToJsonLine(hs);
  assert.ok(!/[\x00-\x1f\x7f\x9b]/.test(line), 'JSON output escapes every control character');
  assert.ok(line.includes('\\u001b'));
  await s.done();
});

test('a 10,000-character user agent is a malformed version: disconnect and ban', async () => {
  const s = await scenario({ kind: 'user-agent', userAgent: `/${'A'.repeat(10_000)}/` });
  const gone = await s.t.waitFor('peer-disconnected', (e) => e.peer.address === s.hostileAddress);
  assert.equal(gone.reason, 'misbehaving');
  assert.ok(isBanned(s.t, s.hostileAddress));
  await s.done();
});

test('addr floods of 1,001 entries cost 20 points each: the fifth bans the peer', async () => {
  const s = await scenario({ kind: 'addr-flood', entries: 1001, repeats: 5 });
  const banned = await s.t.waitFor('peer-banned');
  assert.equal(banned.address, s.hostileAddress.replace(/:\d+$/, ''));
  const scores = s.t.events.filter((e) => e.type === 'peer-misbehaved').map((e) => (e.type === 'peer-misbehaved' ? e.score : 0));
  assert.deepEqual(scores, [20, 40, 60, 80, 100]);
  await s.done();
});

test('addrv2 (BIP155) floods of 1,001 entries are scored like addr: the fifth bans the peer', async () => {
  const s = await scenario({ kind: 'addr-flood', entries: 1001, repeats: 5, addrv2: true });
  const banned = await s.t.waitFor('peer-banned');
  assert.equal(banned.address, s.hostileAddress.replace(/:\d+$/, ''));
  const misbehaved = s.t.events.filter((e) => e.type === 'peer-misbehaved');
  assert.deepEqual(misbehaved.map((e) => (e.type === 'peer-misbehaved' ? e.score : 0)), [20, 40, 60, 80, 100]);
  assert.ok(misbehaved.every((e) => e.type === 'peer-misbehaved' && /addrv2 count: 1001/.test(e.reason)));
  await s.done();
});

test('a peer feeding only addresses of its own /16 cannot get a second outbound slot in that group', async () => {
  const s = await scenario({ kind: 'addr-flood', entries: 1000, repeats: 2, ownGroup: true });
  const got = await s.t.waitFor('addresses-received', (e) => e.peer.address === s.hostileAddress);
  assert.ok(got.added > 0 && got.added <= 1000, `its addresses were learnt, within one token bucket (${got.added})`);
  const group = s.hostileAddress.split('.').slice(0, 2).join('.');
  // Several maintenance passes (every 500 ms here) with the stale-tip extra peer wanted as well.
  await new Promise((r) => setTimeout(r, 3000));
  const sameGroupDials = s.t.events.filter((e) => e.type === 'dial-started' && e.peer.kind !== 'manual'
    && e.peer.address.startsWith(`${group}.`) && e.peer.address !== s.hostileAddress);
  assert.deepEqual(sameGroupDials, [], 'no other address of its /16 was dialled while it holds the slot');
  assert.equal(s.t.node.snapshot().peers.find((p) => p.address === s.hostileAddress)?.state, 'ready');
  await s.done();
});

test('repeated full addr messages with future timestamps are rate-limited and clamped, not banned', async () => {
  const s = await scenario({ kind: 'addr-flood', entries: 1000, repeats: 3 });
  await s.t.waitFor('addresses-received', (e) => e.peer.address === s.hostileAddress);
  await new Promise((r) => setTimeout(r, 500));
  const received = s.t.events.filter((e) => e.type === 'addresses-received' && e.peer.address === s.hostileAddress);
  const added = received.reduce((n, e) => n + (e.type === 'addresses-received' ? e.added : 0), 0);
  assert.ok(added <= 1000, `at most one token bucket of addresses was learnt (${added})`);
  const res = await s.t.node.command({ type: 'get-node-addresses', count: 0 });
  assert.ok(res.ok && Array.isArray(res.data));
  const nowS = Date.now() / 1000;
  for (const a of res.data as { time: number }[]) assert.ok(a.time <= nowS + 600, 'no timestamp from the future is stored');
  assert.ok(!isBanned(s.t, s.hostileAddress));
  await s.done();
});

for (const [kind, detail] of [['bad-magic', /bad-magic/], ['bad-checksum', /bad-checksum/], ['huge-payload', /oversized/]] as const) {
  test(`${kind}: disconnected as a protocol violation`, async () => {
    const s = await scenario({ kind });
    const gone = await s.t.waitFor('peer-disconnected', (e) => e.peer.address === s.hostileAddress);
    assert.equal(gone.reason, 'protocol-violation');
    assert.match(gone.detail, detail);
    await s.done();
  });
}

test('slow-loris (a payload that never completes) hits the handshake timeout', async () => {
  const s = await scenario({ kind: 'slow-loris' });
  const gone = await s.t.waitFor('peer-disconnected', (e) => e.peer.address === s.hostileAddress, 10_000);
  assert.equal(gone.reason, 'handshake-timeout');
  await s.done();
});

for (const kind of ['version-twice', 'before-handshake'] as const) {
  test(`${kind}: repeated misbehaviour ends in a disconnect and a ban`, async () => {
    const s = await scenario({ kind });
    const gone = await s.t.waitFor('peer-disconnected', (e) => e.peer.address === s.hostileAddress);
    assert.equal(gone.reason, 'misbehaving', kind);
    assert.ok(isBanned(s.t, s.hostileAddress), kind);
    await s.done();
  });
}

test('a peer that never answers pings is dropped (ping timeout)', async () => {
  const s = await scenario({ kind: 'no-pong' });
  const gone = await s.t.waitFor('peer-disconnected', (e) => e.peer.address === s.hostileAddress, 15_000);
  assert.equal(gone.reason, 'ping-timeout');
  await s.done();
});
