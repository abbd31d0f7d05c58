// The BIP324 fall-back policy in simulated time, with the real v2 transport: v2 is tried first; a
// refusal (hang-up after our key, silence until the handshake timeout, or a v1 answer) is retried with
// v1 only for manual peers, with --allow-v1-fallback, or when UTREEXO is required; otherwise the
// connection ends as 'v2-refused' and the address records a failed attempt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_NETWORK, NODE_UTREEXO, NODE_WITNESS } from '../../source/protocol/services.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import { SECOND_MS } from '../../source/shared/time.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { createV2Transport } from '../../source/transport/v2.js';
import type { EngineOptions } from '../../source/engine/options.js';
import { T0, frame, makeEngine, peerVersion } from './harness.js';

const v2First: Partial<EngineOptions> = {
  preferV2: true,
  createTransport: (version, p, random) => (version === 'v2' ? createV2Transport(p, random) : createV1Transport(p.magic)),
};

function withRegularAddress(over: Partial<EngineOptions>) {
  const h = makeEngine({ ...v2First, ...over });
  const addr = parseHost('127.9.0.1', 18444);
  assert.ok(addr);
  h.book.add([{ time: Math.floor(T0 / 1000) - 3600, services: NODE_NETWORK | NODE_WITNESS | NODE_UTREEXO, addr }], { kind: 'user' }, T0);
  h.start();
  const [dial] = h.dials();
  assert.ok(dial);
  h.feed({ type: 'dialed', now: T0 + 5, peerId: dial.peerId });
  const first = h.effects.find((e) => e.type === 'send' && e.peerId === dial.peerId);
  assert.ok(first && first.type === 'send' && first.bytes.length >= 64, 'our ellswift key goes out first');
  return { h, peerId: dial.peerId };
}

test('a regular peer that hangs up after our key is not retried with v1 without permission', () => {
  const { h, peerId } = withRegularAddress({});
  h.feed({ type: 'closed', now: T0 + 50, peerId, detail: 'peer closed the connection' });
  const gone = h.events().find((e) => e.type === 'peer-disconnected');
  assert.ok(gone && gone.type === 'peer-disconnected');
  assert.equal(gone.reason, 'v2-refused');
  assert.equal(h.events().filter((e) => e.type === 'v1-fallback').length, 0);
  assert.equal(h.dials().filter((d) => d.peerId === peerId).length, 1, 'no second dial');
  assert.equal(h.engine.snapshot(T0 + 60).totals.v1Fallbacks, 0);
});

for (const [label, over] of [
  ['--allow-v1-fallback', { allowV1Fallback: true }],
  ['UTREEXO required (Floresta)', { requiredServices: NODE_NETWORK | NODE_WITNESS | NODE_UTREEXO }],
] as const) {
  test(`${label}: a regular peer that hangs up after our key is re-dialled with v1 and completes`, () => {
    const { h, peerId } = withRegularAddress(over);
    h.feed({ type: 'closed', now: T0 + 50, peerId, detail: 'peer closed the connection' });
    assert.equal(h.events().filter((e) => e.type === 'v1-fallback').length, 1);
    assert.equal(h.dials().filter((d) => d.peerId === peerId).length, 2, 'same peer id dialled again');
    h.feed({ type: 'dialed', now: T0 + 100, peerId });
    h.feed({ type: 'received', now: T0 + 101, peerId, bytes: new Uint8Array([...frame(peerVersion(NODE_NETWORK | NODE_WITNESS | NODE_UTREEXO)), ...frame({ type: 'verack' })]) });
    const done = h.events().find((e) => e.type === 'handshake-completed');
    assert.ok(done && done.type === 'handshake-completed');
    assert.equal(done.peer.transport, 'v1');
    const snap = h.engine.snapshot(T0 + 200);
    assert.equal(snap.totals.v1Fallbacks, 1);
    assert.equal(snap.peers.find((p) => p.id === peerId)?.v1Fallback, true);
  });
}

/** Adds a manual peer and returns its dial (the fixed seed is dialled too: the book starts empty). */
function manualDial(h: ReturnType<typeof makeEngine>, target: string): { peerId: number } {
  const added = h.command({ type: 'add-peer', target });
  assert.ok(added.ok && added.peerId !== undefined);
  assert.ok(h.dials().some((d) => d.peerId === added.peerId));
  return { peerId: added.peerId };
}

test('a manual peer answering our key with a v1 version (bcoin speaks first) is closed and re-dialled with v1', () => {
  const h = makeEngine(v2First);
  h.start();
  const dial = manualDial(h, '127.9.0.2');
  h.feed({ type: 'dialed', now: T0 + 5, peerId: dial.peerId });
  h.feed({ type: 'received', now: T0 + 6, peerId: dial.peerId, bytes: frame(peerVersion()) });
  const closeAt = h.effects.findIndex((e) => e.type === 'close' && e.peerId === dial.peerId);
  const redialAt = h.effects.findLastIndex((e) => e.type === 'dial' && e.peerId === dial.peerId);
  assert.ok(closeAt >= 0 && redialAt > closeAt, 'the v2 socket is closed before the v1 dial');
  assert.equal(h.events().filter((e) => e.type === 'v1-fallback').length, 1);
  assert.equal(h.events().filter((e) => e.type === 'peer-disconnected' && e.peer.id === dial.peerId).length, 0);
});

test('silence after our key until the handshake timeout counts as a refusal (Core: ShouldReconnectV1 on any disconnect)', () => {
  const h = makeEngine(v2First);
  h.start();
  const dial = manualDial(h, '127.9.0.3');
  h.feed({ type: 'dialed', now: T0 + 5, peerId: dial.peerId });
  h.tick(T0 + 61 * SECOND_MS);
  assert.equal(h.events().filter((e) => e.type === 'v1-fallback').length, 1);
  // The v1 attempt is not retried again: it times out like any silent peer.
  h.feed({ type: 'dialed', now: T0 + 62 * SECOND_MS, peerId: dial.peerId });
  h.tick(T0 + 130 * SECOND_MS);
  const gone = h.events().find((e) => e.type === 'peer-disconnected' && e.peer.id === dial.peerId);
  assert.ok(gone && gone.type === 'peer-disconnected');
  assert.equal(gone.reason, 'handshake-timeout');
  assert.equal(h.events().filter((e) => e.type === 'v1-fallback').length, 1);
});
