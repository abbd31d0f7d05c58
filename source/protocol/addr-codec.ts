// Address entries of `addr` (legacy, 30 bytes each) and `addrv2` (BIP155), and the 26-byte
// network address inside `version`. Reads throw DecodeError (callers in messages.ts catch it).
import { copyBytes, u32At, u32beAt, u64FromHalves, type ByteReader, type ByteWriter } from '../shared/bytes.js';
import { DecodeError } from '../shared/errors.js';
import { readCompactSize64, readSize, writeCompactSize64 } from './compact-size.js';
import { MAX_ADDRV2_SIZE } from './limits.js';
import { BIP155_ADDRESS_LENGTH, BIP155_NETWORK_ID, IPV4_MAPPED_PREFIX, type NetAddr, type Network } from './netaddr.js';
import type { AddrEntry } from './types.js';
import type { AddrBatch } from './addr-batch.js';

/** Size of one legacy addr entry: time 4 + services 8 + IPv6 16 + port 2 (Core: CAddress, V1 format). */
export const LEGACY_ADDR_ENTRY_SIZE = 30;
/** The IPv6 field and big-endian port that end a legacy entry and the addresses in `version` (16 + 2). */
const LEGACY_IP_AND_PORT_SIZE = 18;

const NETWORK_BY_ID = new Map<number, Network>(
  (Object.entries(BIP155_NETWORK_ID) as [Network, number][]).map(([net, id]) => [id, net]),
);

/** Prefix of IPv4-mapped IPv6 addresses (::ffff:0:0/96), illegal inside an addrv2 IPv6 entry (Core: IPV4_IN_IPV6_PREFIX). */
const IPV4_IN_IPV6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
/** OnionCat prefix of Tor v2 in IPv6 (fd87:d87e:eb43::/48), illegal inside an addrv2 IPv6 entry (Core: TORV2_IN_IPV6_PREFIX). */
const TORV2_IN_IPV6_PREFIX = [0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43];

/** Prefix Core uses for its internal (name-based) addresses in IPv6 form (fd6b:88c0:8724::/48; Core: INTERNAL_IN_IPV6_PREFIX). */
const INTERNAL_IN_IPV6_PREFIX = [0xfd, 0x6b, 0x88, 0xc0, 0x87, 0x24];

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Reads services (u64) + IPv6 field + big-endian port: the address as `version` carries it (no time). */
export function readVersionAddr(r: ByteReader): { services: bigint; addr: NetAddr } {
  const services = r.u64le();
  return { services, addr: readLegacyAddr(r) };
}

/** Reads the 16-byte legacy IP field and the port as a NetAddr (IPv4-mapped → ipv4), allocating only the address bytes. */
function readLegacyAddr(r: ByteReader): NetAddr {
  return legacyAddrAt(r.source, r.take(LEGACY_IP_AND_PORT_SIZE));
}

/** True when the legacy IP field at b[at..at+16) is IPv4-mapped (::ffff:a.b.c.d): IPV4_MAPPED_PREFIX,
 * ten zero bytes then 0xff 0xff, tested as three little-endian words. */
function isMappedIpv4(b: Uint8Array, at: number): boolean {
  return u32At(b, at) === 0 && u32At(b, at + 4) === 0 && u32At(b, at + 8) === 0xffff0000;
}

/** The legacy IP field and port at b[at..at+18) (bounds already checked) as a NetAddr. */
function legacyAddrAt(b: Uint8Array, at: number): NetAddr {
  const port = ((b[at + 16] as number) << 8) | (b[at + 17] as number);
  if (isMappedIpv4(b, at)) return { network: 'ipv4', bytes: copyBytes(b, at + 12, at + 16), port };
  return { network: 'ipv6', bytes: copyBytes(b, at, at + 16), port };
}

/** The legacy IP field of an address that has none ([::], as Core writes Tor/I2P in addr v1 form). */
const UNSPECIFIED_LEGACY_IP = new Uint8Array(16);

/** Length of the address bytes of each network the legacy 16-byte IP field can carry. */
const LEGACY_IP_SOURCE_LENGTH: Readonly<Partial<Record<Network, number>>> = { ipv4: 4, ipv6: 16, cjdns: 16 };

/** True when the legacy 16-byte IP field can carry `addr` (ipv4, ipv6, cjdns), false for Tor/I2P.
 * Throws RangeError for address bytes of the wrong length (programmer error), before anything is written. */
function hasLegacyIp(addr: NetAddr): boolean {
  const length = LEGACY_IP_SOURCE_LENGTH[addr.network];
  if (length === undefined) return false;
  if (addr.bytes.length !== length) throw new RangeError(`${addr.network} address of ${addr.bytes.length} bytes`);
  return true;
}

/** Writes the 16-byte legacy IP field of an address hasLegacyIp accepted, straight into the writer
 * (IPv4 as IPv4-mapped; no 16-byte array per entry). */
function writeLegacyIp(w: ByteWriter, addr: NetAddr): void {
  if (addr.network === 'ipv4') w.bytes(IPV4_MAPPED_PREFIX);
  w.bytes(addr.bytes);
}

/** Writes services + IPv6 field + port; Tor/I2P addresses (not representable) are written as [::]:0 like Core. */
export function writeVersionAddr(w: ByteWriter, services: bigint, addr: NetAddr): ByteWriter {
  if (!hasLegacyIp(addr)) return w.u64le(services).bytes(UNSPECIFIED_LEGACY_IP).u16be(0);
  writeLegacyIp(w.u64le(services), addr);
  return w.u16be(addr.port);
}

/** Reads one legacy 30-byte addr entry. */
export function readLegacyEntry(r: ByteReader): AddrEntry {
  // One bounds check for the 30 bytes, then read in place (every entry of every addr message).
  const at = r.take(LEGACY_ADDR_ENTRY_SIZE);
  const b = r.source;
  return { time: u32At(b, at), services: u64FromHalves(u32At(b, at + 4), u32At(b, at + 8)), addr: legacyAddrAt(b, at + 12) };
}

/** Reads `n` legacy entries into `batch`: an IPv4-mapped address as its value (nothing allocated),
 * any other as an IPv6 NetAddr, exactly as readLegacyEntry reads them. */
export function readLegacyEntries(r: ByteReader, n: number, batch: AddrBatch): void {
  if (r.remaining >= n * LEGACY_ADDR_ENTRY_SIZE) {
    // All n entries are there: one bounds check, then each is read in place.
    const start = r.take(n * LEGACY_ADDR_ENTRY_SIZE);
    for (let k = 0; k < n; k++) pushLegacyAt(r.source, start + k * LEGACY_ADDR_ENTRY_SIZE, batch);
    return;
  }
  // A short payload: entry by entry, so the error names the entry that is cut.
  for (let k = 0; k < n; k++) {
    const at = r.take(LEGACY_ADDR_ENTRY_SIZE);
    pushLegacyAt(r.source, at, batch);
  }
}

/** Appends the legacy entry at b[at..at+30) (bounds already checked) to `batch`. */
function pushLegacyAt(b: Uint8Array, at: number, batch: AddrBatch): void {
  const ip = at + 12;
  if (isMappedIpv4(b, ip)) {
    batch.pushIpv4(u32At(b, at), u32At(b, at + 4), u32At(b, at + 8), u32beAt(b, ip + 12), ((b[ip + 16] as number) << 8) | (b[ip + 17] as number));
  } else {
    batch.push({ time: u32At(b, at), services: u64FromHalves(u32At(b, at + 4), u32At(b, at + 8)), addr: legacyAddrAt(b, ip) });
  }
}

/** Writes one legacy entry; throws RangeError for Tor/I2P addresses (send those with addrv2). */
export function writeLegacyEntry(w: ByteWriter, e: AddrEntry): ByteWriter {
  if (!hasLegacyIp(e.addr)) throw new RangeError(`${e.addr.network} address cannot be sent in a legacy addr message`);
  writeLegacyIp(w.u32le(e.time).u64le(e.services), e.addr);
  return w.u16be(e.addr.port);
}

/**
 * Reads one BIP155 entry. Mirrors Core's CNetAddr::UnserializeV2Stream: an address longer than
 * MAX_ADDRV2_SIZE or a known network id with the wrong length rejects the whole message (throws);
 * an unknown id (including Tor v2 = 3, dropped by Core) is read and skipped (returns null). An IPv6
 * entry carrying an embedded IPv4, Tor v2 or internal prefix is skipped too (Core keeps it as the unroutable "::").
 */
export function readV2Entry(r: ByteReader): AddrEntry | null {
  const time = r.u32le();
  const services = readCompactSize64(r);
  const networkId = r.u8();
  const size = readSize(r, MAX_ADDRV2_SIZE, 'addrv2 address length');
  const network = NETWORK_BY_ID.get(networkId);
  if (network !== undefined && size !== BIP155_ADDRESS_LENGTH[network]) {
    throw new DecodeError('invalid', `BIP155 ${network} address with length ${size} (should be ${BIP155_ADDRESS_LENGTH[network]})`);
  }
  const bytes = r.bytesN(size);
  const port = r.u16be();
  if (network === undefined) return null;
  if (network === 'ipv6' && [IPV4_IN_IPV6_PREFIX, TORV2_IN_IPV6_PREFIX, INTERNAL_IN_IPV6_PREFIX].some((p) => hasPrefix(bytes, p))) return null;
  return { time, services, addr: { network, bytes, port } };
}

/** Writes one BIP155 entry. */
export function writeV2Entry(w: ByteWriter, e: AddrEntry): ByteWriter {
  w.u32le(e.time);
  writeCompactSize64(w, e.services);
  return w.u8(BIP155_NETWORK_ID[e.addr.network]).varBytes(e.addr.bytes).u16be(e.addr.port);
}
