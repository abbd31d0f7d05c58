// v1 transport: messages survive any fragmentation in order; failures are terminal; messages before
// a bad frame in the same chunk are still delivered; the interface's v1 answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concatBytes, fromHex } from '../../source/shared/bytes.js';
import { encodeEnvelope } from '../../source/protocol/envelope.js';
import { commandOf, decodePayload, encodePayload } from '../../source/protocol/messages.js';
import type { WireMessage } from '../../source/protocol/types.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { cut, fcParams, message, otherCommand } from '../protocol/arbitraries.js';

const REGTEST = fromHex('fabfb5da');

const wire = fc.oneof(
  message.map((m): WireMessage => ({ command: commandOf(m), payload: encodePayload(m) })),
  fc.record({ command: otherCommand, payload: fc.uint8Array({ maxLength: 5000 }) }, { noNullPrototype: true }),
);

test('interface answers for v1', () => {
  const t = createV1Transport(REGTEST);
  assert.equal(t.version, 'v1');
  assert.equal(t.start().length, 0);
  assert.equal(t.isReady(), true);
  assert.equal(t.sessionId(), null);
  assert.equal(t.shouldRetryWithV1(), false);
  assert.throws(() => createV1Transport(new Uint8Array(5)), RangeError);
});

test('send frames with the v1 envelope; receive returns the message and nothing to send', () => {
  const sender = createV1Transport(REGTEST);
  const receiver = createV1Transport(REGTEST);
  const payload = encodePayload({ type: 'ping', nonce: 42n });
  const bytes = sender.send({ command: 'ping', payload });
  assert.deepEqual(bytes, encodeEnvelope(REGTEST, 'ping', payload));
  const out = receiver.receive(bytes);
  assert.equal(out.failure, undefined);
  assert.equal(out.toSend.length, 0);
  assert.equal(out.messages.length, 1);
  assert.deepEqual(decodePayload('ping', out.messages[0]?.payload ?? new Uint8Array()), { ok: true, value: { type: 'ping', nonce: 42n } });
});

test('property: random message sequences cut into random chunks arrive intact and in order', () => {
  fc.assert(fc.property(fc.array(wire, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 40 }), (msgs, points) => {
    const sender = createV1Transport(REGTEST);
    const receiver = createV1Transport(REGTEST);
    const stream = concatBytes(...msgs.map((m) => sender.send(m)));
    const got: WireMessage[] = [];
    for (const chunk of cut(stream, points)) {
      const out = receiver.receive(chunk);
      assert.equal(out.failure, undefined);
      got.push(...out.messages);
    }
    assert.deepStrictEqual(got.map((m) => ({ ...m })), msgs.map((m) => ({ ...m })));
  }), fcParams(300));
});

test('byte-at-a-time delivery of a 64 KiB message and then of many small ones', () => {
  const receiver = createV1Transport(REGTEST);
  const big = new Uint8Array(65536).map((_, i) => i & 0xff);
  const stream = concatBytes(
    encodeEnvelope(REGTEST, 'block', big),
    ...Array.from({ length: 50 }, (_, i) => encodeEnvelope(REGTEST, 'ping', encodePayload({ type: 'ping', nonce: BigInt(i) }))),
  );
  const got: WireMessage[] = [];
  for (let i = 0; i < stream.length; i++) got.push(...receiver.receive(stream.subarray(i, i + 1)).messages);
  assert.equal(got.length, 51);
  assert.deepEqual(got[0]?.payload, big);
  assert.deepEqual(got.slice(1).map((m) => decodePayload('ping', m.payload)), Array.from({ length: 50 }, (_, i) => ({ ok: true, value: { type: 'ping', nonce: BigInt(i) } })));
});

test('a bad frame: earlier messages in the chunk are delivered, then the failure, and it is terminal', () => {
  const receiver = createV1Transport(REGTEST);
  const good = encodeEnvelope(REGTEST, 'verack', new Uint8Array(0));
  const bad = encodeEnvelope(REGTEST, 'ping', new Uint8Array(8));
  bad[30] = 1; // payload byte changed after the checksum was computed
  const out = receiver.receive(concatBytes(good, bad, good));
  assert.deepEqual(out.messages.map((m) => m.command), ['verack']);
  assert.equal(out.failure?.code, 'bad-checksum');
  const after = receiver.receive(good);
  assert.equal(after.messages.length, 0);
  assert.equal(after.failure?.code, 'bad-checksum');
});

test('a pong echoing our ping is checked against the remembered checksum: right passes, wrong fails, other payloads are hashed', () => {
  const nonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const other = Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1);
  const pong = (payload: Uint8Array, checksumOf = payload): Uint8Array => {
    const frame = encodeEnvelope(REGTEST, 'pong', payload);
    frame.set(encodeEnvelope(REGTEST, 'pong', checksumOf).subarray(20, 24), 20);
    return frame;
  };
  const pinged = (): ReturnType<typeof createV1Transport> => {
    const t = createV1Transport(REGTEST);
    t.send({ command: 'ping', payload: nonce });
    return t;
  };
  const ok = pinged().receive(pong(nonce));
  assert.equal(ok.failure, undefined);
  assert.deepEqual([...(ok.messages[0]?.payload ?? [])], [...nonce]);
  assert.equal(pinged().receive(pong(other)).failure, undefined);
  // The remembered checksum is only used for the remembered bytes, both ways round.
  assert.equal(pinged().receive(pong(other, nonce)).failure?.code, 'bad-checksum');
  assert.equal(pinged().receive(pong(nonce, other)).failure?.code, 'bad-checksum');
  // The same through the buffered path (the frame arrives in two pieces).
  const split = pinged();
  const frame = pong(nonce, other);
  assert.equal(split.receive(frame.subarray(0, 10)).failure, undefined);
  assert.equal(split.receive(frame.subarray(10)).failure?.code, 'bad-checksum');
  const splitOk = pinged();
  const good = pong(nonce);
  splitOk.receive(good.subarray(0, 28));
  assert.equal(splitOk.receive(good.subarray(28)).messages[0]?.command, 'pong');
});

test('wrong network magic and a 33 MiB announcement fail at once, without buffering the payload', () => {
  const mainnetFrame = encodeEnvelope(fromHex('f9beb4d9'), 'verack', new Uint8Array(0));
  assert.equal(createV1Transport(REGTEST).receive(mainnetFrame).failure?.code, 'bad-magic');
  const header = encodeEnvelope(REGTEST, 'block', new Uint8Array(0));
  new DataView(header.buffer, header.byteOffset, header.byteLength).setUint32(16, 33 * 1024 * 1024, true);
  const t = createV1Transport(REGTEST);
  assert.equal(t.receive(header.subarray(0, 10)).failure, undefined);
  assert.equal(t.receive(header.subarray(10)).failure?.code, 'oversized');
});

test('custom per-command limits are applied', () => {
  const t = createV1Transport(REGTEST, { maxPayloadLength: (c) => (c === 'ping' ? 8 : 4_000_000) });
  const out = t.receive(encodeEnvelope(REGTEST, 'ping', new Uint8Array(9)));
  assert.equal(out.failure?.code, 'oversized');
});
