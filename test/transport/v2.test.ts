// BIP324 v2 transport, initiator against responder in memory: the handshake, messages both ways,
// any fragmentation with decoys interleaved, rekeying, the v1 detections and the fall-back rule,
// and clean failures (never a wrong message) for bit flips, truncation and bad garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concatBytes, fromHex } from '../../source/shared/bytes.js';
import { seededRandom } from '../../source/shared/random.js';
import { encodeEnvelope } from '../../source/protocol/envelope.js';
import { commandOf, encodePayload } from '../../source/protocol/messages.js';
import type { WireMessage } from '../../source/protocol/types.js';
import { createV2Transport, MAX_GARBAGE_LEN, type V2Transport } from '../../source/transport/v2.js';
import { ellswiftCreate } from '../../source/transport/bip324/ellswift.js';
import { RawV2End } from '../../source/testing/raw-v2.js';
import { cut, fcParams, message, otherCommand } from '../protocol/arbitraries.js';

const REGTEST = { magic: fromHex('fabfb5da') };
const random = seededRandom(0x324);
/** Key pairs made once: key generation costs milliseconds and the property runs hundreds of handshakes. */
const KEYS = [ellswiftCreate(random), ellswiftCreate(random)] as const;

function pair(seed: number, garbage?: [number, number], decoys = 0): { a: V2Transport; b: V2Transport } {
  const r = seededRandom(seed);
  const base = (i: 0 | 1) => ({ keyPair: KEYS[i], handshakeDecoys: decoys, ...(garbage ? { garbageLength: garbage[i] } : {}) });
  return {
    a: createV2Transport(REGTEST, r, { role: 'initiator', ...base(0) }),
    b: createV2Transport(REGTEST, r, { role: 'responder', ...base(1) }),
  };
}

/** Runs the handshake to completion by passing every produced byte across; returns the bytes each side sent. */
function handshake(a: V2Transport, b: V2Transport): void {
  let toB: Uint8Array[] = [a.start()];
  let toA: Uint8Array[] = [b.start()];
  for (let round = 0; round < 6 && (toA.length > 0 || toB.length > 0); round++) {
    const outB = toB.map((bytes) => b.receive(bytes));
    const outA = toA.map((bytes) => a.receive(bytes));
    for (const o of [...outA, ...outB]) assert.equal(o.failure, undefined);
    toA = outB.flatMap((o) => [...o.toSend]);
    toB = outA.flatMap((o) => [...o.toSend]);
  }
  assert.ok(a.isReady() && b.isReady(), 'handshake completes');
}

const wire = fc.oneof(
  message.map((m): WireMessage => ({ command: commandOf(m), payload: encodePayload(m) })),
  fc.record({ command: otherCommand, payload: fc.uint8Array({ maxLength: 3000 }) }, { noNullPrototype: true }),
);

const plain = (ms: readonly WireMessage[]) => ms.map((m) => ({ command: m.command, payload: Uint8Array.from(m.payload) }));

test('handshake: both ends agree on the session id, exchange messages, and report v2', () => {
  const { a, b } = pair(1);
  assert.equal(a.version, 'v2');
  assert.equal(a.sessionId(), null);
  const queued = a.send({ command: 'version', payload: new Uint8Array([1, 2, 3]) });
  assert.equal(queued.length, 0, 'messages wait for the handshake');
  handshake(a, b);
  assert.equal(a.sessionId(), b.sessionId());
  assert.match(a.sessionId() ?? '', /^[0-9a-f]{64}$/);
  const got = b.receive(a.send({ command: 'ping', payload: encodePayload({ type: 'ping', nonce: 7n }) }));
  assert.deepEqual(got.messages.map((m) => m.command), ['ping']);
  const back = a.receive(b.send({ command: 'sendtxrcncl', payload: new Uint8Array(8) }));
  assert.deepEqual(back.messages.map((m) => m.command), ['sendtxrcncl'], 'long command names (0x00 + 12 bytes)');
});

test('messages sent before the handshake finished are delivered first, in order', () => {
  const { a, b } = pair(2, [100, 3000], 2);
  a.send({ command: 'version', payload: new Uint8Array(10) });
  a.send({ command: 'verack', payload: new Uint8Array(0) });
  const received: string[] = [];
  const toB = [a.start()];
  let toA = [b.start()];
  for (let round = 0; round < 4; round++) {
    const outB = toB.splice(0).map((x) => b.receive(x));
    for (const o of outB) received.push(...o.messages.map((m) => m.command));
    const outA = toA.map((x) => a.receive(x));
    toA = outB.flatMap((o) => [...o.toSend]);
    toB.push(...outA.flatMap((o) => [...o.toSend]));
  }
  assert.deepEqual(received, ['version', 'verack']);
  assert.equal(b.decoysReceived(), 2, 'handshake decoys are skipped');
});

test('property: any garbage lengths, random messages and decoys cut into random chunks arrive intact and in order', () => {
  fc.assert(fc.property(
    fc.tuple(fc.nat(MAX_GARBAGE_LEN), fc.nat(MAX_GARBAGE_LEN)), fc.nat(3),
    fc.array(fc.oneof(wire, fc.nat(200).map((n) => ({ decoy: n }))), { maxLength: 10 }),
    fc.array(fc.nat(), { maxLength: 30 }), fc.nat(),
    (garbage, decoys, items, points, seed) => {
      const { a, b } = pair(seed, garbage, decoys);
      const sent: WireMessage[] = [];
      for (const item of items) {
        if ('decoy' in item) a.sendDecoy(item.decoy);
        else { a.send(item); sent.push(item); }
      }
      // a's key and garbage reach b in pieces; b's key and garbage reach a in pieces; a then flushes
      // its terminator, version packet, queued messages and decoys, which reach b in pieces too.
      const fromB: Uint8Array[] = [];
      for (const chunk of cut(a.start(), points)) fromB.push(...b.receive(chunk).toSend);
      const fromA: Uint8Array[] = [];
      for (const chunk of cut(concatBytes(...fromB), points)) {
        const out = a.receive(chunk);
        assert.equal(out.failure, undefined);
        fromA.push(...out.toSend);
      }
      const stream = concatBytes(...fromA);
      const got: WireMessage[] = [];
      for (const chunk of cut(stream, points)) {
        const out = b.receive(chunk);
        assert.equal(out.failure, undefined);
        got.push(...out.messages);
      }
      assert.deepStrictEqual(plain(got), plain(sent));
      assert.equal(b.decoysReceived(), items.filter((i) => 'decoy' in i).length + decoys);
    }), fcParams(150));
});

test('rekeying: 1,000 messages each way (four rekeys) all arrive', () => {
  const { a, b } = pair(3, [0, 0]);
  handshake(a, b);
  for (let i = 0; i < 1000; i++) {
    const payload = encodePayload({ type: 'ping', nonce: BigInt(i) });
    assert.deepEqual(b.receive(a.send({ command: 'ping', payload })).messages.map((m) => [...m.payload]), [[...payload]]);
    assert.deepEqual(a.receive(b.send({ command: 'pong', payload })).messages.map((m) => m.command), ['pong']);
  }
});

test('responder: a v1 version header is detected after 16 bytes; a mismatch anywhere earlier means v2', () => {
  const v1Version = encodeEnvelope(REGTEST.magic, 'version', new Uint8Array(100));
  const r = createV2Transport(REGTEST, seededRandom(4), { role: 'responder', keyPair: KEYS[1] });
  assert.equal(r.start().length, 0, 'the responder waits for the first bytes');
  for (let i = 0; i < 15; i++) {
    const out = r.receive(v1Version.subarray(i, i + 1));
    assert.equal(out.failure, undefined);
    assert.equal(out.toSend.length, 0);
  }
  assert.equal(r.receive(v1Version.subarray(15, 16)).failure?.code, 'v1-peer');
  assert.equal(r.shouldRetryWithV1(), false, 'only initiators retry');
  // Same magic and "ver", then a different byte: a v2 key that happens to start like v1.
  const almost = Uint8Array.from(v1Version.subarray(0, 64));
  almost[7] = (almost[7] as number) ^ 0xff;
  const r2 = createV2Transport(REGTEST, seededRandom(5), { role: 'responder', keyPair: KEYS[1], garbageLength: 10 });
  const out = r2.receive(almost.subarray(0, 8));
  assert.equal(out.failure, undefined);
  assert.equal(out.toSend[0]?.length, 64 + 10, 'key and garbage sent once v2 is certain');
});

test('initiator fall-back rule: retry only after our key met silence or a v1 version message', () => {
  const silent = createV2Transport(REGTEST, seededRandom(6), { keyPair: KEYS[0], garbageLength: 0 });
  assert.equal(silent.shouldRetryWithV1(), false, 'nothing sent yet');
  assert.equal(silent.start().length, 64);
  assert.equal(silent.shouldRetryWithV1(), true, 'sent our key (≥ a v1 header), received nothing');
  const answered = createV2Transport(REGTEST, seededRandom(7), { keyPair: KEYS[0] });
  answered.start();
  answered.receive(new Uint8Array([0x42]));
  assert.equal(answered.shouldRetryWithV1(), false, 'the peer sent something: not a v1 refusal');
  const bcoinLike = createV2Transport(REGTEST, seededRandom(8), { keyPair: KEYS[0] });
  bcoinLike.start();
  const out = bcoinLike.receive(encodeEnvelope(REGTEST.magic, 'version', new Uint8Array(90)));
  assert.equal(out.failure?.code, 'v1-peer');
  assert.equal(bcoinLike.shouldRetryWithV1(), true, 'a peer that speaks v1 first (bcoin) is a v1 peer');
});

test('garbage: 4095 bytes are accepted; 4096 without a terminator, or a wrong terminator, fail cleanly', () => {
  const { a, b } = pair(9, [MAX_GARBAGE_LEN, MAX_GARBAGE_LEN]);
  handshake(a, b);
  for (const extra of [MAX_GARBAGE_LEN + 1, 100]) {
    const r = createV2Transport(REGTEST, seededRandom(10), { keyPair: KEYS[1], role: 'responder' });
    const evil = new RawV2End(REGTEST.magic, seededRandom(11), true, new Uint8Array(extra).fill(7));
    const reply = r.receive(evil.keyAndGarbage());
    evil.receiveKey(reply.toSend[0] as Uint8Array);
    // A wrong terminator (the responder's own) and then enough bytes to pass the 4095 limit.
    const rest = concatBytes(evil.recvTerminator(), new Uint8Array(MAX_GARBAGE_LEN + 16));
    const out = r.receive(extra > MAX_GARBAGE_LEN ? new Uint8Array(16) : rest);
    assert.equal(out.failure?.code, 'garbage-too-long', `garbage ${extra}`);
    assert.equal(out.messages.length, 0);
    assert.equal(r.receive(new Uint8Array(1)).failure?.code, 'garbage-too-long', 'failures are terminal');
  }
});

test('unknown short ids and malformed long commands are dropped without ending the connection', () => {
  const r = createV2Transport(REGTEST, seededRandom(12), { keyPair: KEYS[1], role: 'responder' });
  const peer = new RawV2End(REGTEST.magic, seededRandom(13), true, new Uint8Array(5));
  const reply = r.receive(peer.keyAndGarbage());
  peer.receiveKey(reply.toSend[0] as Uint8Array);
  const longBad = new Uint8Array(13);
  longBad.set([0x61, 0x00, 0x62], 1); // "a", NUL, then a non-NUL byte
  const out = r.receive(concatBytes(
    peer.sendTerminator(), peer.packet(new Uint8Array(3), true), peer.versionPacket(),
    peer.packet(Uint8Array.of(200, 1, 2)), peer.packet(longBad), peer.packet(new Uint8Array(0)),
    peer.message({ command: 'ping', payload: new Uint8Array(8) }),
  ));
  assert.equal(out.failure, undefined);
  assert.deepEqual(out.messages.map((m) => m.command), ['ping']);
  assert.equal(r.messagesDropped(), 3);
  assert.equal(r.decoysReceived(), 1, 'a decoy before the version packet carries the garbage AAD');
  assert.ok(r.isReady());
});

test('property: a flipped bit or a truncated stream never delivers a wrong message', () => {
  fc.assert(fc.property(fc.array(wire, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(7), fc.boolean(), (msgs, at, bit, truncate) => {
    const { a, b } = pair(at, [0, 0]);
    handshake(a, b);
    const stream = concatBytes(...msgs.map((m) => a.send(m)));
    const pos = at % stream.length;
    const damaged = truncate ? stream.subarray(0, pos) : Uint8Array.from(stream);
    if (!truncate) damaged[pos] = (damaged[pos] as number) ^ (1 << bit);
    const out = b.receive(damaged);
    const got = plain(out.messages);
    assert.deepStrictEqual(got, plain(msgs).slice(0, got.length), 'only an intact prefix is delivered');
    if (!truncate) assert.ok(got.length < msgs.length, 'a modified packet is never accepted');
    if (out.failure !== undefined) assert.ok(['decrypt-failed', 'oversized'].includes(out.failure.code));
  }), fcParams(300));
});

test('an announced packet above the contents limit fails as soon as the length is read', () => {
  const r = createV2Transport(REGTEST, seededRandom(14), { keyPair: KEYS[1], role: 'responder' });
  const peer = new RawV2End(REGTEST.magic, seededRandom(15), true);
  peer.receiveKey(r.receive(peer.keyAndGarbage()).toSend[0] as Uint8Array);
  r.receive(concatBytes(peer.sendTerminator(), peer.versionPacket()));
  const huge = peer.packet(new Uint8Array(4_000_014));
  const out = r.receive(huge.subarray(0, 3));
  assert.equal(out.failure?.code, 'oversized');
});
