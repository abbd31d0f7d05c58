// The engine's column decoding of addr/addrv2 (AddrBatch, decodeAddrBatch) against the general
// decoder: for valid payloads, cut or corrupted ones and random bytes, both agree on success, the
// error code and message, every entry (IPv4 held as a value, IPv6/Tor/I2P/CJDNS as NetAddr) and the
// skipped count; plus the batch's own operations (push, truncate, growth, reuse).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddrBatch } from '../../source/protocol/addr-batch.js';
import { decodeAddrBatch, decodePayload, encodePayload } from '../../source/protocol/messages.js';
import type { AddrEntry } from '../../source/protocol/types.js';
import { fcParams, legacyEntry, v2Entry } from './arbitraries.js';

/** Both decoders on one payload: the same verdict, and the same entries when it decodes. */
function agree(command: 'addr' | 'addrv2', payload: Uint8Array, batch: AddrBatch): void {
  const general = decodePayload(command, payload);
  const columns = decodeAddrBatch(command, payload, batch);
  assert.equal(columns.ok, general.ok);
  if (!general.ok || !columns.ok) {
    if (!general.ok && !columns.ok) {
      assert.equal(columns.error.code, general.error.code);
      assert.equal(columns.error.message, general.error.message);
    }
    assert.equal(batch.count, 0, 'a failed decode leaves the batch empty');
    return;
  }
  const msg = general.value;
  assert.ok(msg.type === 'addr' || msg.type === 'addrv2');
  assert.deepEqual(columns.value.entries(), msg.entries);
  assert.equal(columns.value.skipped, msg.type === 'addrv2' ? msg.skipped : 0);
}

/** Payload mutations: cut short, a byte flipped, random bytes appended. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
);

type Mutation = { kind: 'cut'; at: number } | { kind: 'flip'; at: number; value: number } | { kind: 'append'; bytes: Uint8Array };

function mutate(payload: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'cut') return payload.subarray(0, payload.length === 0 ? 0 : m.at % payload.length);
  if (m.kind === 'append') return Uint8Array.from([...payload, ...m.bytes]);
  const out = Uint8Array.from(payload);
  if (out.length > 0) out[m.at % out.length] = m.value;
  return out;
}

test('addr: the column decoder agrees with decodePayload on valid, mutated and random payloads', () => {
  const batch = new AddrBatch();
  fc.assert(fc.property(fc.array(legacyEntry, { maxLength: 40 }), fc.option(mutation), (entries, m) => {
    const payload = encodePayload({ type: 'addr', entries });
    agree('addr', m === null ? payload : mutate(payload, m), batch);
  }), fcParams(300));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => agree('addr', bytes, batch)), fcParams(300));
});

test('addrv2: the column decoder agrees with decodePayload (skipped entries and errors included)', () => {
  const batch = new AddrBatch();
  fc.assert(fc.property(fc.array(v2Entry, { maxLength: 40 }), fc.option(mutation), (entries, m) => {
    const payload = encodePayload({ type: 'addrv2', entries, skipped: 0 });
    agree('addrv2', m === null ? payload : mutate(payload, m), batch);
  }), fcParams(300));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => agree('addrv2', bytes, batch)), fcParams(300));
});

test('addr: more than 1,000 entries is an oversized error from both decoders', () => {
  const entry: AddrEntry = { time: 1, services: 1n, addr: { network: 'ipv4', bytes: Uint8Array.of(1, 2, 3, 4), port: 8333 } };
  const payload = encodePayload({ type: 'addr', entries: Array.from({ length: 1001 }, () => entry) });
  const r = decodeAddrBatch('addr', payload, new AddrBatch());
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'oversized');
  agree('addr', payload, new AddrBatch());
});

test('AddrBatch: IPv4 columns, given NetAddrs kept, services halves, truncate, growth past 1,000 and reuse', () => {
  const batch = new AddrBatch();
  batch.pushIpv4(100, 0x409, 0, 0x01020304, 8333);
  const six = { network: 'ipv6' as const, bytes: Uint8Array.from({ length: 16 }, (_, i) => 0x20 + i), port: 18444 };
  const given = { network: 'ipv4' as const, bytes: Uint8Array.of(9, 8, 7, 6), port: 1 };
  batch.push({ time: 200, services: (1n << 40n) | 9n, addr: six });
  batch.push({ time: 300, services: 8n, addr: given });
  assert.equal(batch.count, 3);
  assert.deepEqual(batch.entry(0), { time: 100, services: 0x409n, addr: { network: 'ipv4', bytes: Uint8Array.of(1, 2, 3, 4), port: 8333 } });
  assert.equal(batch.addr(0), batch.addr(0), 'a built address is kept');
  assert.equal(batch.isIpv4(0), true);
  assert.equal(batch.isIpv4(1), false);
  assert.equal(batch.addr(1), six);
  assert.equal(batch.services(1), (1n << 40n) | 9n);
  assert.equal(batch.lowServices(1), -1, 'services above 32 bits have no low-bits form');
  assert.equal(batch.lowServices(0), 0x409);
  assert.equal(batch.isIpv4(2), true);
  assert.equal(batch.ipv4[2], 0x09080706);
  assert.equal(batch.addr(2), given, 'a given NetAddr is returned as is');
  batch.truncate(2);
  assert.equal(batch.count, 2);
  batch.truncate(5);
  assert.equal(batch.count, 2, 'truncate never extends');
  const many: AddrEntry[] = Array.from({ length: 2500 }, (_, i) => ({ time: i, services: BigInt(i), addr: { network: 'ipv4', bytes: Uint8Array.of(1, (i >> 8) & 0xff, i & 0xff, 1), port: i } }));
  batch.fill(many);
  assert.equal(batch.count, 2500);
  assert.deepEqual(batch.entries(), many);
  batch.clear();
  batch.pushIpv4(5, 1, 0, 0x7f000001, 18444);
  assert.equal(batch.count, 1);
  assert.deepEqual(batch.entry(0).addr, { network: 'ipv4', bytes: Uint8Array.of(127, 0, 0, 1), port: 18444 }, 'a reused slot builds its own address');
});
