// v1 envelope: published frames (wiki version/verack/addr examples), every header check (magic,
// command characters, announced length at 24 bytes, checksum), and "never throws" properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concatBytes, fromHex, toHex } from '../../source/shared/bytes.js';
import { decodeEnvelope, encodeEnvelope, ENVELOPE_HEADER_SIZE, isValidCommand } from '../../source/protocol/envelope.js';
import { MAX_PROTOCOL_MESSAGE_LENGTH } from '../../source/protocol/limits.js';
import { decodePayload } from '../../source/protocol/messages.js';
import { fcParams, otherCommand } from './arbitraries.js';

const MAINNET = fromHex('f9beb4d9');
const REGTEST = fromHex('fabfb5da');

const WIKI_VERSION_FRAME =
  'f9beb4d976657273696f6e0000000000640000003b648d5a' +
  '62ea0000010000000000000011b2d05000000000010000000000000000000000000000000000ffff000000000000' +
  '010000000000000000000000000000000000ffff0000000000003b2eb35d8ce617650f2f5361746f7368693a302e372e322fc03e0300';
const VERACK_FRAME = 'f9beb4d976657261636b000000000000000000005df6e0e2';
const WIKI_ADDR_FRAME = 'f9beb4d96164647200000000000000001f000000ed52399b01e215104d010000000000000000000000000000000000ffff0a000001208d';

function header(magic: Uint8Array, commandBytes: Uint8Array, length: number, checksum = new Uint8Array(4)): Uint8Array {
  const h = new Uint8Array(ENVELOPE_HEADER_SIZE);
  h.set(magic, 0);
  h.set(commandBytes.subarray(0, 12), 4);
  new DataView(h.buffer).setUint32(16, length, true);
  h.set(checksum, 20);
  return h;
}
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

test('published frames decode, and re-encode to the same bytes', () => {
  for (const [hex, command] of [[WIKI_VERSION_FRAME, 'version'], [VERACK_FRAME, 'verack'], [WIKI_ADDR_FRAME, 'addr']] as const) {
    const bytes = fromHex(hex);
    const r = decodeEnvelope(bytes, MAINNET);
    assert.equal(r.status, 'ok', `${command}: ${JSON.stringify(r)}`);
    if (r.status !== 'ok') continue;
    assert.equal(r.message.command, command);
    assert.equal(r.consumed, bytes.length);
    assert.equal(decodePayload(command, r.message.payload).ok, true);
    assert.equal(toHex(encodeEnvelope(MAINNET, command, r.message.payload)), hex);
  }
});

test('needMore until the whole message is in, then ok with the bytes consumed', () => {
  const frame = fromHex(WIKI_VERSION_FRAME);
  for (let n = 0; n < frame.length; n++) assert.equal(decodeEnvelope(frame.subarray(0, n), MAINNET).status, 'needMore', `at ${n}`);
  const two = concatBytes(frame, fromHex(VERACK_FRAME));
  const r = decodeEnvelope(two, MAINNET);
  assert.ok(r.status === 'ok' && r.consumed === frame.length);
});

test('bad magic: the wrong network is refused, as early as the first differing byte', () => {
  const r = decodeEnvelope(fromHex(VERACK_FRAME), REGTEST);
  assert.ok(r.status === 'invalid' && r.failure.code === 'bad-magic');
  const early = decodeEnvelope(fromHex('f9be'), REGTEST);
  assert.ok(early.status === 'invalid' && early.failure.code === 'bad-magic');
  assert.equal(decodeEnvelope(fromHex('fabf'), REGTEST).status, 'needMore');
});

test('bad checksum: a flipped payload byte or checksum byte is refused', () => {
  const frame = fromHex(WIKI_VERSION_FRAME);
  for (const at of [20, 23, 24, frame.length - 1]) {
    const bad = frame.slice();
    bad[at] = (bad[at] ?? 0) ^ 0x01;
    const r = decodeEnvelope(bad, MAINNET);
    assert.ok(r.status === 'invalid' && r.failure.code === 'bad-checksum', `byte ${at}`);
  }
});

test('33 MiB announced: oversized as soon as the 24-byte header is in', () => {
  const h = header(REGTEST, ascii('block'), 33 * 1024 * 1024);
  assert.equal(decodeEnvelope(h.subarray(0, 23), REGTEST).status, 'needMore');
  const r = decodeEnvelope(h, REGTEST);
  assert.ok(r.status === 'invalid' && r.failure.code === 'oversized');
  const max = decodeEnvelope(header(REGTEST, ascii('block'), 0xffffffff), REGTEST);
  assert.ok(max.status === 'invalid' && max.failure.code === 'oversized');
});

test('the 4,000,000-byte payload limit (Core MAX_PROTOCOL_MESSAGE_LENGTH), and per-command limits', () => {
  assert.equal(decodeEnvelope(header(REGTEST, ascii('block'), MAX_PROTOCOL_MESSAGE_LENGTH), REGTEST).status, 'needMore');
  const over = decodeEnvelope(header(REGTEST, ascii('block'), MAX_PROTOCOL_MESSAGE_LENGTH + 1), REGTEST);
  assert.ok(over.status === 'invalid' && over.failure.code === 'oversized');
  const tight = decodeEnvelope(header(REGTEST, ascii('ping'), 9), REGTEST, { maxPayloadLength: (c) => (c === 'ping' ? 8 : 100) });
  assert.ok(tight.status === 'invalid' && tight.failure.code === 'oversized');
});

test('bad command field: control or high bytes, or text after the NUL padding, is malformed', () => {
  for (const cmd of [fromHex('76657273696f6e0100000000'), fromHex('7665720a73696f6e00000000'), fromHex('76657273696f6e0000000041'), fromHex('800000000000000000000000')]) {
    const r = decodeEnvelope(header(REGTEST, cmd, 0), REGTEST);
    assert.ok(r.status === 'invalid' && r.failure.code === 'malformed', toHex(cmd));
  }
  // A full 12-character command with no NUL is valid (Core: only printable characters required).
  const full = encodeEnvelope(REGTEST, 'abcdefghijkl', new Uint8Array(0));
  const r = decodeEnvelope(full, REGTEST);
  assert.ok(r.status === 'ok' && r.message.command === 'abcdefghijkl');
});

test('encodeEnvelope refuses what it cannot frame (programmer errors)', () => {
  assert.throws(() => encodeEnvelope(REGTEST, 'thirteen-char', new Uint8Array(0)), RangeError);
  assert.throws(() => encodeEnvelope(REGTEST, 'bad\ncmd', new Uint8Array(0)), RangeError);
  assert.throws(() => encodeEnvelope(new Uint8Array(3), 'ping', new Uint8Array(0)), RangeError);
  assert.equal(isValidCommand('sendaddrv2'), true);
  assert.equal(isValidCommand('café'), false);
});

test('property: frames round-trip (command, payload, consumed)', () => {
  fc.assert(fc.property(otherCommand, fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 40 }), (command, payload, tail) => {
    const frame = encodeEnvelope(REGTEST, command, payload);
    const r = decodeEnvelope(concatBytes(frame, tail), REGTEST);
    assert.ok(r.status === 'ok');
    assert.equal(r.message.command, command);
    assert.deepStrictEqual(r.message.payload, payload);
    assert.equal(r.consumed, frame.length);
  }), fcParams(300));
});

test('property: any byte string gives needMore, ok or a typed failure, never a throw', () => {
  const withMagic = fc.uint8Array({ maxLength: 200 }).map((b) => concatBytes(REGTEST, b));
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), withMagic), (bytes) => {
    const r = decodeEnvelope(bytes, REGTEST);
    assert.ok(['needMore', 'ok', 'invalid'].includes(r.status));
    if (r.status === 'invalid') assert.ok(['bad-magic', 'bad-checksum', 'oversized', 'malformed'].includes(r.failure.code));
    if (r.status === 'ok') assert.ok(r.consumed >= ENVELOPE_HEADER_SIZE && r.consumed <= bytes.length);
  }), fcParams(3000));
});

test('property: a valid frame with one byte changed is ok only if the change left it valid; never a throw', () => {
  fc.assert(fc.property(otherCommand, fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat({ max: 255 }), (command, payload, at, value) => {
    const frame = encodeEnvelope(REGTEST, command, payload);
    const i = at % frame.length;
    const mutated = frame.slice();
    mutated[i] = value;
    const r = decodeEnvelope(mutated, REGTEST);
    if (value === frame[i]) {
      assert.equal(r.status, 'ok');
    } else if (i < 4) {
      assert.ok(r.status === 'invalid' && r.failure.code === 'bad-magic');
    } else if (i >= 20) {
      assert.ok(r.status === 'invalid' && r.failure.code === 'bad-checksum', `byte ${i}`);
    } else if (i < 16) {
      // Command field: another valid command (checksum still matches), or malformed.
      assert.ok(r.status === 'ok' ? r.message.command !== command : r.status === 'invalid' && r.failure.code === 'malformed', `byte ${i}`);
    } else {
      // Length field: waits for more, too large, or the checksum no longer matches the shorter payload.
      assert.ok(r.status === 'needMore' || (r.status === 'invalid' && ['oversized', 'bad-checksum'].includes(r.failure.code)), `byte ${i}`);
    }
  }), fcParams(1000));
});

test('property: any valid command reads back exactly, common ones and near misses alike', () => {
  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 });
  const near = fc.constantFrom('version', 'verack', 'ping', 'pong', 'addr', 'addrv2', 'headers', 'getheaders', 'sendaddrv2', 'wtxidrelay')
    .chain((c) => fc.constantFrom(c, c.slice(0, -1), `${c}x`.slice(0, 12), `x${c.slice(1)}`));
  fc.assert(fc.property(fc.oneof(printable, near), fc.uint8Array({ maxLength: 40 }), (command, payload) => {
    const r = decodeEnvelope(encodeEnvelope(MAINNET, command, payload), MAINNET);
    assert.ok(r.status === 'ok');
    assert.equal(r.message.command, command);
  }), { numRuns: 500 });
});
