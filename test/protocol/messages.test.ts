// Message payload codecs: published byte vectors (Bitcoin wiki version/addr examples, Core's
// netbase_tests stream_addrv2_hex and net_tests BIP155 vectors), round trips of every message,
// receive limits, and "any bytes decode or return a typed error, never throw".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concatBytes, fromHex, toHex } from '../../source/shared/bytes.js';
import { DecodeError } from '../../source/shared/errors.js';
import { commandOf, decodePayload, encodePayload, KNOWN_COMMANDS } from '../../source/protocol/messages.js';
import { formatAddr } from '../../source/protocol/netaddr.js';
import type { Message } from '../../source/protocol/types.js';
import { fcParams, message } from './arbitraries.js';

function decodeOk(command: string, payload: Uint8Array): Message {
  const r = decodePayload(command, payload);
  if (!r.ok) assert.fail(`${command} failed to decode: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function decodeErr(command: string, payload: Uint8Array): DecodeError {
  const r = decodePayload(command, payload);
  assert.equal(r.ok, false, `${command} should not decode`);
  assert.ok(!r.ok && r.error instanceof DecodeError);
  return (r as { ok: false; error: DecodeError }).error;
}

// The version message example of the Bitcoin wiki "Protocol documentation" (a Satoshi 0.7.2 node,
// protocol 60002, no relay byte), also used by many libraries' test suites.
const WIKI_VERSION_PAYLOAD =
  '62ea0000' + '0100000000000000' + '11b2d05000000000' +
  '010000000000000000000000000000000000ffff000000000000' +
  '010000000000000000000000000000000000ffff000000000000' +
  '3b2eb35d8ce61765' + '0f2f5361746f7368693a302e372e322f' + 'c03e0300';

test('version: the wiki example decodes field by field', () => {
  const m = decodeOk('version', fromHex(WIKI_VERSION_PAYLOAD));
  assert.equal(m.type, 'version');
  if (m.type !== 'version') return;
  assert.equal(m.version, 60002);
  assert.equal(m.services, 1n);
  assert.equal(m.timestamp, 1355854353n);
  assert.equal(m.receiverServices, 1n);
  assert.equal(formatAddr(m.receiver), '0.0.0.0:0');
  assert.equal(m.senderServices, 1n);
  assert.equal(m.nonce, 0x6517e68c5db32e3bn);
  assert.equal(m.userAgent, '/Satoshi:0.7.2/');
  assert.equal(m.startHeight, 212672);
  assert.equal(m.relay, true, 'a missing relay byte means relay (Core: fRelay defaults to true)');
  // Re-encoding adds the relay byte (01) and is otherwise identical.
  assert.equal(toHex(encodePayload(m)), `${WIKI_VERSION_PAYLOAD}01`);
});

test('version: optional tail fields are optional, as in Core', () => {
  const full = fromHex(`${WIKI_VERSION_PAYLOAD}00`);
  assert.equal((decodeOk('version', full) as { relay: boolean }).relay, false);
  // Only up to addr_recv (4+8+8+26 = 46 bytes): sender, nonce, user agent, height default.
  const minimal = decodeOk('version', full.subarray(0, 46));
  assert.deepEqual(
    minimal.type === 'version' && [minimal.nonce, minimal.userAgent, minimal.startHeight, minimal.relay, formatAddr(minimal.sender)],
    [0n, '', 0, true, '[::]:0'],
  );
  // addr_from present without the nonce is truncated (Core reads them together).
  assert.equal(decodeErr('version', full.subarray(0, 46 + 26)).code, 'truncated');
  assert.equal(decodeErr('version', full.subarray(0, 45)).code, 'truncated');
});

test('version: a user agent over 256 bytes is rejected; 256 is accepted; bytes are not sanitized', () => {
  const head = fromHex(WIKI_VERSION_PAYLOAD).subarray(0, 80);
  const withUa = (ua: Uint8Array): Uint8Array => concatBytes(head, ua.length < 0xfd ? new Uint8Array([ua.length]) : new Uint8Array([0xfd, ua.length & 0xff, ua.length >> 8]), ua, fromHex('00000000'));
  assert.equal(decodeErr('version', withUa(new Uint8Array(257).fill(0x41))).code, 'oversized');
  const ok = decodeOk('version', withUa(new Uint8Array(256).fill(0x41)));
  assert.equal(ok.type === 'version' && ok.userAgent.length, 256);
  const raw = decodeOk('version', withUa(fromHex('1b5b324a2f782f')));
  assert.equal(raw.type === 'version' && raw.userAgent, '\x1b[2J/x/', 'control bytes are kept for the UI layer to sanitize');
  const lossy = decodeOk('version', withUa(fromHex('2fff2f')));
  assert.equal(lossy.type === 'version' && lossy.userAgent, '/\ufffd/', 'invalid UTF-8 decodes lossily');
});

test('version: user agents encoded in turn (alternating, and more than the encoder keeps) each read back as themselves', () => {
  const base = decodeOk('version', fromHex(WIKI_VERSION_PAYLOAD));
  if (base.type !== 'version') throw new Error('not a version');
  const agents = ['/Canopy:0.1.0/', '/Satoshi:27.1.0/', '/Canopy:0.1.0/', 'ünïcode/🌳/', ...Array.from({ length: 150 }, (_, i) => `/ua:${i}/`), '/Satoshi:27.1.0/'];
  for (const userAgent of agents) {
    const back = decodeOk('version', encodePayload({ ...base, userAgent }));
    assert.equal(back.type === 'version' && back.userAgent, userAgent);
  }
});

test('addr and version write the legacy 16-byte IP field: IPv4-mapped, IPv6 and CJDNS as is, Tor as [::]:0 in version and refused in addr', () => {
  const v4 = { network: 'ipv4' as const, bytes: Uint8Array.of(10, 0, 0, 1), port: 8333 };
  const v6 = { network: 'ipv6' as const, bytes: fromHex('20010db8000000000000000000000001'), port: 18444 };
  const cjdns = { network: 'cjdns' as const, bytes: fromHex('fc000000000000000000000000000001'), port: 8333 };
  const entry = (addr: typeof v4 | typeof v6 | typeof cjdns): string => toHex(encodePayload({ type: 'addr', entries: [{ time: 0x4d1015e2, services: 1n, addr }] }));
  assert.equal(entry(v4), '01e215104d010000000000000000000000000000000000ffff0a000001208d');
  assert.equal(entry(v6), '01e215104d0100000000000000' + '20010db8000000000000000000000001' + '480c');
  assert.equal(entry(cjdns), '01e215104d0100000000000000' + 'fc000000000000000000000000000001' + '208d');
  const onion = { network: 'onion' as const, bytes: new Uint8Array(32), port: 8333 };
  assert.throws(() => encodePayload({ type: 'addr', entries: [{ time: 0, services: 1n, addr: onion }] }), RangeError);
  assert.throws(() => encodePayload({ type: 'addr', entries: [{ time: 0, services: 1n, addr: { network: 'ipv4', bytes: new Uint8Array(5), port: 1 } }] }), RangeError);
  const base = decodeOk('version', fromHex(WIKI_VERSION_PAYLOAD));
  if (base.type !== 'version') throw new Error('not a version');
  const back = decodeOk('version', encodePayload({ ...base, receiver: onion, sender: v4 }));
  assert.equal(back.type === 'version' && formatAddr(back.receiver), '[::]:0');
  assert.equal(back.type === 'version' && back.sender !== null && formatAddr(back.sender), '10.0.0.1:8333');
});

test('addr: the wiki example (one entry, 10.0.0.1:8333, NODE_NETWORK)', () => {
  const m = decodeOk('addr', fromHex('01e215104d010000000000000000000000000000000000ffff0a000001208d'));
  assert.equal(m.type, 'addr');
  if (m.type !== 'addr') return;
  assert.equal(m.entries.length, 1);
  assert.equal(m.entries[0]?.time, 0x4d1015e2);
  assert.equal(m.entries[0]?.services, 1n);
  assert.equal(m.entries[0] && formatAddr(m.entries[0].addr), '10.0.0.1:8333');
});

test('addr: 1000 entries accepted, 1001 rejected as oversized (Core MAX_ADDR_TO_SEND)', () => {
  const entry = fromHex('e215104d010000000000000000000000000000000000ffff0a000001208d');
  const build = (n: number): Uint8Array => concatBytes(new Uint8Array([0xfd, n & 0xff, n >> 8]), ...Array<Uint8Array>(n).fill(entry));
  const ok = decodeOk('addr', build(1000));
  assert.equal(ok.type === 'addr' && ok.entries.length, 1000);
  assert.equal(decodeErr('addr', build(1001)).code, 'oversized');
  assert.equal(decodeErr('addrv2', fromHex('fde903')).code, 'oversized');
});

// Core src/test/netbase_tests.cpp stream_addrv2_hex: three IPv6 ::1 entries.
const CORE_STREAM_ADDRV2 =
  '03' +
  '61bc6649' + '00' + '02' + '10' + '00000000000000000000000000000001' + '0000' +
  '79627683' + '01' + '02' + '10' + '00000000000000000000000000000001' + '00f1' +
  'ffffffff' + 'fd4804' + '02' + '10' + '00000000000000000000000000000001' + 'f1f2';

test('addrv2: Core stream_addrv2_hex decodes and re-encodes byte for byte', () => {
  const m = decodeOk('addrv2', fromHex(CORE_STREAM_ADDRV2));
  assert.equal(m.type, 'addrv2');
  if (m.type !== 'addrv2') return;
  assert.equal(m.skipped, 0);
  assert.deepEqual(m.entries.map((e) => [e.time, e.services, formatAddr(e.addr)]), [
    [0x4966bc61, 0n, '[::1]:0'],
    [0x83766279, 1n, '[::1]:241'],
    [0xffffffff, 0x448n, '[::1]:61938'],
  ]);
  assert.equal(toHex(encodePayload(m)), CORE_STREAM_ADDRV2);
});

/** One addrv2 entry around Core's CNetAddr v2 bytes (time 0, services NODE_NETWORK, port 8333). */
const entry = (netAddrHex: string): string => `00000000` + `01` + netAddrHex + `208d`;

test('addrv2: Core net_tests BIP155 vectors for every network', () => {
  const cases: [string, string][] = [
    ['010401020304', '1.2.3.4:8333'],
    ['02101a1b2a2b3a3b4a4b5a5b6a6b7a7b8a8b', '[1a1b:2a2b:3a3b:4a4b:5a5b:6a6b:7a7b:8a8b]:8333'],
    ['042079bcc625184b05194975c28b66b66b0469f7f6556fb1ac3189a79b40dda32f1f', 'pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333'],
    ['0520a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87', 'ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p:8333'],
    ['0610fc000001000200030004000500060007', '[fc00:1:2:3:4:5:6:7]:8333'],
  ];
  const payload = fromHex(`${cases.length.toString(16).padStart(2, '0')}${cases.map(([h]) => entry(h)).join('')}`);
  const m = decodeOk('addrv2', payload);
  assert.ok(m.type === 'addrv2');
  assert.deepEqual(m.entries.map((e) => formatAddr(e.addr)), cases.map(([, text]) => text));
  assert.deepEqual(m.entries.map((e) => e.addr.network), ['ipv4', 'ipv6', 'onion', 'i2p', 'cjdns']);
  assert.equal(toHex(encodePayload(m)), toHex(payload));
});

test('addrv2: unknown network ids and Tor v2 are skipped and counted; embedded IPv4/Tor v2 in IPv6 skipped', () => {
  const good = entry('010401020304');
  const payload = fromHex(`06${good}${entry('aa020102')}${entry('030af1f2f3f4f5f6f7f8f9fa')}` +
    `${entry('021000000000000000000000ffff01020304')}${entry('0210fd87d87eeb430102030405060708090a')}${good}`);
  const m = decodeOk('addrv2', payload);
  assert.ok(m.type === 'addrv2');
  assert.equal(m.skipped, 4);
  assert.deepEqual(m.entries.map((e) => formatAddr(e.addr)), ['1.2.3.4:8333', '1.2.3.4:8333']);
});

test('addrv2: a known network with the wrong length rejects the whole message (Core throws)', () => {
  for (const bad of ['0105010203040506', '02040a0b0c0d', '040000', '050300ffee', '0611fc00000100020003000400050006000700']) {
    const err = decodeErr('addrv2', fromHex(`01${entry(bad)}`));
    assert.equal(err.code, 'invalid', bad);
    assert.match(err.message, /BIP155 .* address with length/);
  }
  // Longer than MAX_ADDRV2_SIZE (512) even for an unknown network: "Address too long".
  assert.equal(decodeErr('addrv2', fromHex(`01${entry('aafd0102')}`)).code, 'oversized');
});

test('addrv2: services are a 64-bit CompactSize; non-canonical sizes are rejected', () => {
  const big = decodeOk('addrv2', fromHex(`0100000000ffffffffffffffffff010401020304208d`));
  assert.equal(big.type === 'addrv2' && big.entries[0]?.services, (1n << 64n) - 1n);
  assert.equal(decodeErr('addrv2', fromHex(`0100000000fd0800010401020304208d`)).code, 'non-canonical');
});

test('getheaders: 101 locator hashes accepted, 102 rejected (Core MAX_LOCATOR_SZ)', () => {
  const build = (n: number): Uint8Array => concatBytes(fromHex('80110100'), new Uint8Array([n]), new Uint8Array(32 * (n + 1)));
  const ok = decodeOk('getheaders', build(101));
  assert.equal(ok.type === 'getheaders' && ok.locator.length, 101);
  assert.equal(ok.type === 'getheaders' && ok.version, 70016);
  assert.equal(decodeErr('getheaders', build(102)).code, 'oversized');
});

test('headers: 2000 accepted, 2001 rejected (Core MAX_HEADERS_RESULTS); the tx count is read and ignored', () => {
  const one = concatBytes(new Uint8Array(80), new Uint8Array([0]));
  const build = (n: number): Uint8Array => concatBytes(new Uint8Array([0xfd, n & 0xff, n >> 8]), ...Array<Uint8Array>(n).fill(one));
  const ok = decodeOk('headers', build(2000));
  assert.equal(ok.type === 'headers' && ok.headers.length, 2000);
  assert.equal(decodeErr('headers', build(2001)).code, 'oversized');
  const txCount = decodeOk('headers', concatBytes(new Uint8Array([1]), new Uint8Array(80), new Uint8Array([5])));
  assert.equal(txCount.type === 'headers' && txCount.headers.length, 1);
});

test('inv/notfound: 50000 accepted, 50001 rejected (Core MAX_INV_SZ)', () => {
  const build = (n: number): Uint8Array => concatBytes(fromHex('fe'), new Uint8Array([n & 0xff, (n >> 8) & 0xff, n >> 16, 0]), new Uint8Array(36 * n));
  // 50000 < 0x10000 is non-canonical with the 0xfe prefix; use 0xfd.
  const build16 = (n: number): Uint8Array => concatBytes(new Uint8Array([0xfd, n & 0xff, n >> 8]), new Uint8Array(36 * n));
  const ok = decodeOk('inv', build16(50000));
  assert.equal(ok.type === 'inv' && ok.items.length, 50000);
  assert.equal(decodeErr('notfound', build16(50001)).code, 'oversized');
  assert.equal(decodeErr('inv', build(70000)).code, 'oversized');
});

test('small messages: ping/pong need their nonce; empty ones ignore trailing bytes (as Core)', () => {
  assert.deepEqual(decodeOk('ping', fromHex('0102030405060708')), { type: 'ping', nonce: 0x0807060504030201n });
  assert.equal(decodeErr('pong', fromHex('01020304')).code, 'truncated');
  assert.deepEqual(decodeOk('verack', fromHex('00ff')), { type: 'verack' });
  assert.deepEqual(decodeOk('sendcmpct', fromHex('010200000000000000')), { type: 'sendcmpct', announce: true, version: 2n });
  assert.deepEqual(decodeOk('feefilter', fromHex('e803000000000000')), { type: 'feefilter', feeRate: 1000n });
  assert.deepEqual(decodeOk('pong', fromHex('0102030405060708ffff')), { type: 'pong', nonce: 0x0807060504030201n });
});

test('reject: message, code, reason and the rest as data', () => {
  const payload = concatBytes(fromHex('02747810'), fromHex('0462616421'), new Uint8Array(32).fill(7));
  const m = decodeOk('reject', payload);
  assert.deepEqual(m, { type: 'reject', message: 'tx', code: 0x10, reason: 'bad!', data: new Uint8Array(32).fill(7) });
  assert.equal(decodeErr('reject', concatBytes(fromHex('0d'), new Uint8Array(13))).code, 'oversized');
});

test('unknown commands come back as `other` with their payload', () => {
  const payload = fromHex('deadbeef');
  assert.deepEqual(decodeOk('getcfilters', payload), { type: 'other', command: 'getcfilters', payload });
  assert.equal(commandOf({ type: 'other', command: 'getcfilters', payload }), 'getcfilters');
  assert.equal(commandOf({ type: 'verack' }), 'verack');
});

test('property: every message round-trips through encodePayload/decodePayload', () => {
  fc.assert(fc.property(message, (m) => {
    const decoded = decodeOk(commandOf(m), encodePayload(m));
    assert.deepStrictEqual(decoded, m);
  }), fcParams(500));
});

test('property: any byte string under any known command decodes or returns a typed error, never throws', () => {
  fc.assert(fc.property(fc.constantFrom(...KNOWN_COMMANDS, 'other'), fc.uint8Array({ maxLength: 400 }), (command, bytes) => {
    const r = decodePayload(command, bytes);
    if (!r.ok) assert.ok(r.error instanceof DecodeError && typeof r.error.code === 'string');
  }), fcParams(3000));
});

test('property: truncated or corrupted valid payloads never throw', () => {
  fc.assert(fc.property(message, fc.nat(), fc.nat({ max: 255 }), fc.nat(), (m, cut, value, at) => {
    const payload = encodePayload(m);
    const command = commandOf(m);
    const truncated = payload.subarray(0, payload.length === 0 ? 0 : cut % payload.length);
    const corrupted = payload.slice();
    if (corrupted.length > 0) corrupted[at % corrupted.length] = value;
    for (const bytes of [truncated, corrupted]) {
      const r = decodePayload(command, bytes);
      if (!r.ok) assert.ok(r.error instanceof DecodeError);
    }
  }), fcParams(1000));
});

test('addresses decoded from a received Buffer chunk own their bytes (the chunk can be collected)', () => {
  const entry = { time: 1_700_000_000, services: 9n, addr: { network: 'ipv4' as const, bytes: new Uint8Array([1, 2, 3, 4]), port: 8333 } };
  const v6 = { time: 1_700_000_000, services: 9n, addr: { network: 'ipv6' as const, bytes: new Uint8Array(16).fill(0x20), port: 8333 } };
  const payload = encodePayload({ type: 'addr', entries: [entry, v6] });
  const chunk = Buffer.alloc(65_536);
  chunk.set(payload, 0);
  const decoded = decodePayload('addr', chunk.subarray(0, payload.length));
  assert.ok(decoded.ok && decoded.value.type === 'addr');
  assert.deepEqual(decoded.value.entries.map((e) => e.addr.bytes.buffer.byteLength), [4, 16]);
});
