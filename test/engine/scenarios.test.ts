// Engine scenarios: inputs in, effects out, in simulated time (design.md §3). Real engine, real
// address manager and header chain; scripted peers speak real v1 frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_NETWORK, NODE_NETWORK_LIMITED, NODE_WITNESS } from '../../source/protocol/services.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import type { AddrEntry } from '../../source/protocol/types.js';
import { MINUTE_MS, SECOND_MS } from '../../source/shared/time.js';
import { T0, frame, handshake, makeEngine, peerVersion, sentMessages } from './harness.js';

function entries(hosts: string[], services = NODE_NETWORK | NODE_WITNESS): AddrEntry[] {
  return hosts.map((h) => ({ time: Math.floor(T0 / 1000) - 3600, services, addr: parseHost(h, 18444) as NonNullable<ReturnType<typeof parseHost>> }));
}
const HOSTS = Array.from({ length: 40 }, (_, i) => `127.${i + 1}.0.1`);

test('--connect dials only the fixed peer: no DNS, no feelers, no extra peers, even over hours', () => {
  const h = makeEngine({ connect: ['127.1.0.1'], dnsSeeds: ['seed.test'], useDnsSeeds: true });
  h.book.add(entries(HOSTS), { kind: 'user' }, T0);
  h.start();
  const [dial] = h.dials();
  assert.ok(dial);
  handshake(h, dial.peerId, T0 + 10);
  for (let t = T0; t < T0 + 3 * 60 * MINUTE_MS; t += 10 * SECOND_MS) h.tick(t);
  assert.equal(h.effects.filter((e) => e.type === 'resolve-seed').length, 0);
  const dials = h.dials();
  assert.ok(dials.every((d) => d.target.kind === 'addr' && d.target.addr.bytes[1] === 1), 'only 127.1.0.1 is ever dialled');
  assert.ok(!h.events().some((e) => e.type === 'dial-started' && e.peer.kind !== 'manual'));
});

test('regular slots fill in batches of 4 from the book, one per network group', () => {
  const h = makeEngine();
  h.book.add(entries([...HOSTS, '127.1.0.2', '127.1.0.3']), { kind: 'user' }, T0);
  h.start();
  assert.equal(h.dials().length, 4, 'first pass dials one batch');
  h.tick(T0 + 10 * SECOND_MS);
  const dials = h.dials();
  assert.equal(dials.length, 8);
  const groups = new Set(dials.map((d) => (d.target.kind === 'addr' ? d.target.addr.bytes[1] : -1)));
  assert.equal(groups.size, 8, 'never two regular peers in one /16');
  h.tick(T0 + 20 * SECOND_MS);
  assert.equal(h.dials().length, 8, 'in-flight dials count against the target: no over-dial');
});

test('a regular peer without WITNESS is dropped (missing-services) and its services recorded', () => {
  const h = makeEngine();
  h.book.add(entries(['127.1.0.1']), { kind: 'user' }, T0);
  h.start();
  const [dial] = h.dials();
  assert.ok(dial);
  handshake(h, dial.peerId, T0 + 5, NODE_NETWORK_LIMITED);
  const ev = h.events().find((e) => e.type === 'peer-disconnected');
  assert.ok(ev && ev.type === 'peer-disconnected');
  assert.equal(ev.reason, 'missing-services');
  assert.ok(h.effects.some((e) => e.type === 'close' && e.peerId === dial.peerId));
});

test('handshake sends version, then wtxidrelay + sendaddrv2 before verack, then sendheaders, getaddr and getheaders', () => {
  const h = makeEngine();
  h.book.add(entries(['127.1.0.1']), { kind: 'user' }, T0);
  h.start();
  const [dial] = h.dials();
  assert.ok(dial);
  handshake(h, dial.peerId, T0 + 5);
  const types = sentMessages(h.effects, dial.peerId).map((m) => m.type);
  assert.deepEqual(types.slice(0, 7), ['version', 'wtxidrelay', 'sendaddrv2', 'verack', 'sendheaders', 'getaddr', 'getheaders']);
  assert.ok(h.events().some((e) => e.type === 'handshake-completed' && e.peer.userAgent === '/Satoshi:27.0.0/'));
  // Per-command counts in the snapshot (bytes include the 24-byte header, as Core reports them).
  const view = h.engine.snapshot(T0 + 6).peers.find((p) => p.id === dial.peerId);
  assert.ok(view);
  const versionBytes = frame(peerVersion(undefined, BigInt(dial.peerId) + 1000n)).length;
  assert.deepEqual(view.messagesReceived, { version: 1, verack: 1 });
  assert.deepEqual(view.bytesReceivedPerMessage, { version: versionBytes, verack: 24 });
  assert.equal(view.messagesSent['getaddr'], 1);
  assert.equal(view.bytesSentPerMessage['verack'], 24);
  assert.equal(view.messagesSent['ping'], undefined);
});

test('duplicates are refused with peer-already-exists; bad input is rejected and changes nothing', () => {
  const h = makeEngine();
  h.start();
  assert.equal(h.command({ type: 'add-peer', target: '127.5.0.1' }).ok, true);
  const again = h.command({ type: 'add-peer', target: '127.5.0.1:18444' });
  assert.equal(again.ok, false);
  assert.equal(!again.ok && again.code, 'peer-already-exists');
  const once = h.command({ type: 'onetry', target: '127.5.0.1' });
  assert.equal(!once.ok && once.code, 'peer-already-exists');
  const bad = h.command({ type: 'add-peer', target: '300.1.2.3' });
  assert.equal(!bad.ok && bad.code, 'invalid-address');
  const unknown = h.command({ type: 'drop-peer', peerId: 999 });
  assert.equal(!unknown.ok && unknown.code, 'unknown-peer');
  assert.equal(h.engine.snapshot(h.now).added.length, 1);
  assert.ok(h.events().some((e) => e.type === 'command-rejected' && e.code === 'invalid-address'));
});

test('an added peer is re-dialled with growing back-off while missing, and is never banned', () => {
  const h = makeEngine({ addNodes: ['127.9.0.1'] });
  h.start();
  const times: number[] = [];
  let t = T0;
  for (let i = 0; i < 5; i++) {
    const dial = h.dials().at(-1);
    assert.ok(dial);
    times.push(t);
    h.feed({ type: 'dial-failed', now: t + 1, peerId: dial.peerId, reason: 'refused', detail: 'connection refused' });
    const before = h.dials().length;
    while (h.dials().length === before) { t += SECOND_MS; h.tick(t); }
  }
  const gaps = times.slice(1).map((x, i) => x - (times[i] as number));
  assert.ok(gaps.every((g, i) => i === 0 || g >= (gaps[i - 1] as number)), `back-off grows: ${gaps.join(',')}`);
  // A manual peer that misbehaves badly is dropped but not banned.
  const dial = h.dials().at(-1);
  assert.ok(dial);
  handshake(h, dial.peerId, t + 5);
  h.feed({ type: 'received', now: t + 10, peerId: dial.peerId, bytes: frame({ type: 'other', command: 'version', payload: new Uint8Array([1, 2]) }) });
  assert.equal(h.book.listBans(t + 10).length, 0);
  assert.ok(!h.events().some((e) => e.type === 'peer-banned'));
});

test('a stale tip opens exactly one extra peer; without news it closes without a ban', () => {
  const h = makeEngine({ config: { pingTimeoutMs: 600 * MINUTE_MS, staleTipMs: 30 * MINUTE_MS, staleCheckIntervalMs: 10 * MINUTE_MS, extraPeerTimeoutMs: 2 * MINUTE_MS } });
  h.book.add(entries(HOSTS), { kind: 'user' }, T0);
  h.start();
  h.tick(T0 + 10 * SECOND_MS);
  for (const d of h.dials()) handshake(h, d.peerId, T0 + 11 * SECOND_MS);
  let extras = 0;
  for (let t = T0 + 20 * SECOND_MS; t < T0 + 39 * MINUTE_MS; t += 5 * SECOND_MS) {
    h.tick(t);
    const snap = h.engine.snapshot(t);
    assert.ok(snap.counts.extra <= 1, 'never more than one extra peer');
    for (const d of h.dials()) {
      if (h.events().some((e) => e.type === 'dial-started' && e.peer.id === d.peerId && e.peer.kind === 'extra') && snap.peers.some((p) => p.id === d.peerId && p.state === 'dialing')) {
        handshake(h, d.peerId, t + 1);
        extras++;
      }
    }
  }
  assert.equal(extras, 1);
  assert.ok(h.events().some((e) => e.type === 'tip-stale'));
  const finished = h.events().find((e) => e.type === 'extra-finished');
  assert.ok(finished && finished.type === 'extra-finished' && finished.outcome === 'closed');
  assert.equal(h.book.listBans(h.now).length, 0, 'an honest extra peer is not banned (unlike Floresta)');
});

test('an oversized addr message raises the ban score; repeated abuse bans a regular peer for 24 h', () => {
  const h = makeEngine();
  h.book.add(entries(['127.1.0.1']), { kind: 'user' }, T0);
  h.start();
  const [dial] = h.dials();
  assert.ok(dial);
  handshake(h, dial.peerId, T0 + 5);
  const flood = frame({ type: 'addr', entries: entries(Array.from({ length: 1001 }, (_, i) => `127.200.${i >> 8}.${(i & 255) || 1}`)) });
  for (let i = 0; i < 5; i++) h.feed({ type: 'received', now: T0 + 10 + i, peerId: dial.peerId, bytes: flood });
  const banned = h.events().find((e) => e.type === 'peer-banned');
  assert.ok(banned && banned.type === 'peer-banned');
  assert.equal(banned.until, T0 + 14 + 24 * 60 * MINUTE_MS);
  assert.ok(h.events().some((e) => e.type === 'peer-disconnected' && e.reason === 'misbehaving'));
});

test('with an empty book and DNS disabled, fixed seeds are added at once and dialled', () => {
  const h = makeEngine();
  h.start();
  const used = h.events().find((e) => e.type === 'fixed-seeds-used');
  assert.ok(used && used.type === 'fixed-seeds-used' && used.count >= 1);
  h.tick(T0 + 1);
  assert.ok(h.dials().some((d) => d.target.kind === 'addr' && d.target.addr.bytes.join('.') === '127.0.0.1'));
});

test('with DNS enabled, an empty book asks the seeds once, and falls back to fixed seeds after the grace period', () => {
  const h = makeEngine({ useDnsSeeds: true, dnsSeeds: ['seed.test'] });
  h.start();
  assert.equal(h.effects.filter((e) => e.type === 'resolve-seed').length, 1);
  h.feed({ type: 'seeds-resolved', now: T0 + 100, seed: 'seed.test', addresses: [], error: 'no such name' });
  h.tick(T0 + 30 * SECOND_MS);
  assert.ok(!h.events().some((e) => e.type === 'fixed-seeds-used'), 'not before the grace period');
  h.tick(T0 + 61 * SECOND_MS);
  h.tick(T0 + 71 * SECOND_MS);
  assert.ok(h.events().some((e) => e.type === 'fixed-seeds-used'));
  assert.equal(h.effects.filter((e) => e.type === 'resolve-seed').length, 1, 'seeds at most once an hour');
});

test('shutdown persists anchors and the address book, closes every peer, then stops', () => {
  const h = makeEngine();
  h.book.add(entries(HOSTS.slice(0, 4)), { kind: 'user' }, T0);
  h.start();
  for (const d of h.dials()) handshake(h, d.peerId, T0 + 5);
  const out = h.command({ type: 'shutdown' }, T0 + MINUTE_MS);
  assert.equal(out.ok, true);
  const kinds = h.effects.map((e) => e.type);
  assert.ok(kinds.includes('stopped'));
  const persisted = h.effects.filter((e) => e.type === 'persist').map((e) => (e.type === 'persist' ? e.file : ''));
  assert.deepEqual(persisted.sort(), ['anchors', 'peers']);
  assert.equal(h.engine.snapshot(T0 + MINUTE_MS).peers.length, 0);
});

test('regression (found by the pty test): an address that refuses at once is not redialled in a tight loop', () => {
  const h = makeEngine();
  h.book.add(entries(['127.1.0.1']), { kind: 'user' }, T0);
  h.start();
  for (let t = T0; t < T0 + 5 * MINUTE_MS; t += 100) {
    for (const d of h.dials()) {
      if (!h.effects.some((e) => e.type === 'event' && e.event.type === 'dial-failed' && e.event.peer.id === d.peerId)) {
        h.feed({ type: 'dial-failed', now: t, peerId: d.peerId, reason: 'refused', detail: 'connection refused' });
      }
    }
    h.tick(t);
  }
  const toIt = h.dials().filter((d) => d.target.kind === 'addr' && d.target.addr.bytes.join('.') === '127.1.0.1');
  assert.equal(toIt.length, 1, 'Core skips addresses tried in the last 10 minutes');
  assert.ok(h.dials().length <= 2, 'at most one more dial (the fixed seed)');
});

test('a zero getheaders timeout hands the sync on within one tick, in connection order, as a walk over every peer would', () => {
  // Ticks visit only the peers that are due; a handoff to a later peer makes it due at once and it
  // must still be reached in the same pass (the behaviour of walking every peer).
  const h = makeEngine({ config: { headersTimeoutMs: 0 } });
  h.book.add(entries(HOSTS.slice(0, 4)), { kind: 'user' }, T0);
  h.start();
  const dials = h.dials();
  assert.equal(dials.length, 4);
  dials.forEach((d, i) => handshake(h, d.peerId, T0 + 10 + i * 10));
  for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) {
    const before = h.effects.length;
    h.tick(at);
    const getheaders = dials.map((d) => sentMessages(h.effects.slice(before), d.peerId).filter((m) => m.type === 'getheaders').length);
    // Peer 1 (the sync peer) times out and hands on to peer 2, which times out in the same pass and
    // hands back to peer 1, the first ready peer; peers 3 and 4 are never asked.
    assert.deepEqual(getheaders, [1, 1, 0, 0], `tick at +${at - T0} ms`);
  }
});

test('a version carrying a nonce we sent is a self-connection, on that connection or another; a closed peer\'s nonce is no longer ours', () => {
  const h = makeEngine({ config: { maxOutbound: 3 } });
  h.book.add(entries(['127.1.0.1', '127.2.0.1', '127.3.0.1']), { kind: 'user' }, T0);
  h.start();
  const ids = h.dials().map((d) => d.peerId);
  assert.equal(ids.length, 3);
  const [a, b, c] = ids as [number, number, number];
  for (const id of ids) h.feed({ type: 'dialed', now: T0 + 5, peerId: id });
  const sentNonce = (id: number): bigint => {
    const v = sentMessages(h.effects, id).find((m) => m.type === 'version');
    assert.ok(v && v.type === 'version');
    return v.nonce;
  };
  const reasonOf = (id: number): string | null => {
    for (const e of h.events()) if (e.type === 'peer-disconnected' && e.peer.id === id) return e.reason;
    return null;
  };
  // b answers with the nonce we sent to a: we reached ourselves through b's address.
  const nonceA = sentNonce(a);
  h.feed({ type: 'received', now: T0 + 6, peerId: b, bytes: frame(peerVersion(undefined, nonceA)) });
  assert.equal(reasonOf(b), 'self-connection');
  // a answers with its own nonce: the same.
  h.feed({ type: 'received', now: T0 + 7, peerId: a, bytes: frame(peerVersion(undefined, nonceA)) });
  assert.equal(reasonOf(a), 'self-connection');
  // a and b are gone, so their nonces are no longer ours: c may carry a's nonce and stays.
  h.feed({ type: 'received', now: T0 + 8, peerId: c, bytes: new Uint8Array([...frame(peerVersion(undefined, nonceA)), ...frame({ type: 'verack' })]) });
  assert.equal(reasonOf(c), null);
  assert.ok(h.events().some((e) => e.type === 'handshake-completed' && e.peer.id === c));
});

test('ping/pong: our ping is answered only by its own nonce, a peer ping is echoed, a short pong is malformed, silence times out', () => {
  const h = makeEngine({ config: { maxOutbound: 2 } });
  h.book.add(entries(['127.1.0.1', '127.2.0.1']), { kind: 'user' }, T0);
  h.start();
  const [p, q] = h.dials().map((d) => d.peerId) as [number, number];
  handshake(h, p, T0 + 5);
  handshake(h, q, T0 + 5);
  h.tick(T0 + 10);
  const pingOf = (id: number): bigint => {
    const m = sentMessages(h.effects, id).filter((x) => x.type === 'ping').at(-1);
    assert.ok(m && m.type === 'ping');
    return m.nonce;
  };
  const nonce = pingOf(p);
  const pings = () => h.events().filter((e) => e.type === 'ping' && e.peer.id === p);
  h.feed({ type: 'received', now: T0 + 40, peerId: p, bytes: frame({ type: 'pong', nonce: nonce ^ 1n }) });
  assert.equal(pings().length, 0, 'a pong with another nonce ends nothing');
  h.feed({ type: 'received', now: T0 + 50, peerId: p, bytes: frame({ type: 'pong', nonce }) });
  assert.deepEqual(pings().map((e) => e.type === 'ping' && e.pingMs), [40]);
  assert.equal(h.engine.snapshot(T0 + 51).peers.find((v) => v.id === p)?.pingMs, 40);
  // The peer pings us: the pong carries its nonce.
  h.feed({ type: 'received', now: T0 + 60, peerId: p, bytes: frame({ type: 'ping', nonce: 0x1122334455667788n }) });
  assert.deepEqual(sentMessages(h.effects, p).filter((m) => m.type === 'pong'), [{ type: 'pong', nonce: 0x1122334455667788n }]);
  // A 7-byte pong is malformed: the peer is dropped.
  h.feed({ type: 'received', now: T0 + 70, peerId: p, bytes: frame({ type: 'other', command: 'pong', payload: new Uint8Array(7) }) });
  const gone = h.events().find((e) => e.type === 'peer-disconnected' && e.peer.id === p);
  assert.ok(gone && gone.type === 'peer-disconnected' && /malformed pong/.test(gone.detail), JSON.stringify(gone));
  // q never answers its ping: it is dropped once the ping timeout has passed.
  h.tick(T0 + 10 + 20 * MINUTE_MS);
  const late = h.events().find((e) => e.type === 'peer-disconnected' && e.peer.id === q);
  assert.ok(late && late.type === 'peer-disconnected');
  assert.equal(late.reason, 'ping-timeout');
});
