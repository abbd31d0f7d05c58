// fast-check arbitraries for protocol values (shared by the protocol and transport tests), and the
// seed every property in these suites runs with (FC_SEED overrides it; it is printed on start).
import fc from 'fast-check';
import { KNOWN_COMMANDS } from '../../source/protocol/messages.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';
import type { AddrEntry, BlockHeader, InvItem, Message } from '../../source/protocol/types.js';

/** The seed of every property run in the protocol/transport suites. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261125);
console.log(`fast-check seed ${FC_SEED} (set FC_SEED to replay)`);

/** fc.assert parameters: the shared seed and a run count. */
export function fcParams(numRuns = 200): { seed: number; numRuns: number } {
  return { seed: FC_SEED, numRuns };
}

export const u32 = fc.nat({ max: 0xffffffff });
export const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
export const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
export const port = fc.nat({ max: 65535 });
export const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** fc.record with ordinary (non-null) prototypes, so deepStrictEqual matches decoded values. */
const rec: typeof fc.record = ((model: Record<string, fc.Arbitrary<unknown>>) => fc.record(model, { noNullPrototype: true })) as typeof fc.record;

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });

/** IPv6 bytes that Core would not treat specially (no IPv4-mapped, Tor v2 OnionCat or internal prefix, not fc00::/8). */
const plainIpv6 = bytes(16).filter((b) => {
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const torv2 = b[0] === 0xfd && b[1] === 0x87 && b[2] === 0xd8 && b[3] === 0x7e && b[4] === 0xeb && b[5] === 0x43;
  const internal = b[0] === 0xfd && b[1] === 0x6b && b[2] === 0x88 && b[3] === 0xc0 && b[4] === 0x87 && b[5] === 0x24;
  return !mapped && !torv2 && !internal && b[0] !== 0xfc;
});

/** An address representable in legacy addr/version (IPv4 or plain IPv6). */
export const legacyAddr: fc.Arbitrary<NetAddr> = fc.oneof(
  rec({ network: fc.constant('ipv4' as const), bytes: bytes(4), port }),
  rec({ network: fc.constant('ipv6' as const), bytes: plainIpv6, port }),
);

/** An address of any BIP155 network Canopy keeps. */
export const v2Addr: fc.Arbitrary<NetAddr> = fc.oneof(
  legacyAddr,
  rec({ network: fc.constant('onion' as const), bytes: bytes(32), port }),
  rec({ network: fc.constant('i2p' as const), bytes: bytes(32), port }),
  rec({ network: fc.constant('cjdns' as const), bytes: bytes(16).map((b) => { b[0] = 0xfc; return b; }), port }),
);

export const legacyEntry: fc.Arbitrary<AddrEntry> = rec({ time: u32, services: u64, addr: legacyAddr });
export const v2Entry: fc.Arbitrary<AddrEntry> = rec({ time: u32, services: u64, addr: v2Addr });

export const blockHeader: fc.Arbitrary<BlockHeader> = rec({
  version: i32, prevHash: hash32, merkleRoot: hash32, time: u32, bits: u32, nonce: u32,
});

export const invItem: fc.Arbitrary<InvItem> = rec({ type: u32, hash: hash32 });

/** Text whose UTF-8 encoding is at most `maxBytes` (well-formed, so it survives a UTF-8 round trip). */
export function utf8Text(maxBytes: number): fc.Arbitrary<string> {
  return fc.string({ unit: 'grapheme', maxLength: maxBytes }).filter((s) => new TextEncoder().encode(s).length <= maxBytes);
}

/** A printable command that is not one Canopy decodes (so it comes back as `other`). */
export const otherCommand = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 })
  .filter((c) => !(KNOWN_COMMANDS as readonly string[]).includes(c));

/** Any message Canopy can encode, within the receive limits (so it decodes back to itself). */
export const message: fc.Arbitrary<Message> = fc.oneof(
  rec({
    type: fc.constant('version' as const), version: i32, services: u64, timestamp: i64, receiverServices: u64, receiver: legacyAddr,
    senderServices: u64, sender: legacyAddr, nonce: u64, userAgent: utf8Text(256), startHeight: i32, relay: fc.boolean(),
  }),
  fc.constantFrom(
    { type: 'verack' as const }, { type: 'getaddr' as const }, { type: 'sendaddrv2' as const },
    { type: 'wtxidrelay' as const }, { type: 'sendheaders' as const },
  ),
  rec({ type: fc.constantFrom('ping' as const, 'pong' as const), nonce: u64 }),
  rec({ type: fc.constant('addr' as const), entries: fc.array(legacyEntry, { maxLength: 30 }) }),
  rec({ type: fc.constant('addrv2' as const), entries: fc.array(v2Entry, { maxLength: 30 }), skipped: fc.constant(0) }),
  rec({ type: fc.constant('sendcmpct' as const), announce: fc.boolean(), version: u64 }),
  rec({ type: fc.constant('feefilter' as const), feeRate: i64 }),
  rec({ type: fc.constant('getheaders' as const), version: u32, locator: fc.array(hash32, { maxLength: 101 }), stop: hash32 }),
  rec({ type: fc.constant('headers' as const), headers: fc.array(blockHeader, { maxLength: 20 }) }),
  rec({ type: fc.constantFrom('inv' as const, 'notfound' as const), items: fc.array(invItem, { maxLength: 40 }) }),
  rec({
    type: fc.constant('reject' as const), message: utf8Text(12), code: fc.nat({ max: 255 }), reason: utf8Text(111),
    data: fc.uint8Array({ maxLength: 32 }),
  }),
  rec({ type: fc.constant('other' as const), command: otherCommand, payload: fc.uint8Array({ maxLength: 300 }) }),
);

/** Cuts `bytes` at the given offsets (taken modulo the length, deduplicated and sorted). */
export function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const offsets = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    out.push(bytes.subarray(prev, o));
    prev = o;
  }
  return out;
}
