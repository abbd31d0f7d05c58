// Routability and network groups (Core: netaddress.cpp IsRoutable/IsValid/IsRFC*, netgroup.cpp GetGroup).
// The group is the unit of diversity: /16 for IPv4, /32 for IPv6 (/36 for Hurricane Electric's
// 2001:470::/32, as Core), the first 4 bits for Tor and I2P, and the 12 bits after the constant 0xfc for
// CJDNS (Core: these addresses are hashes of keys, so only a few bits group them). IPv6 addresses that
// embed an IPv4 address (6to4, Teredo, NAT64, SIIT) are grouped by their IPv4 /16, as Core.
// Regtest (allowPrivateAddresses) accepts loopback and private ranges and still groups them by /16,
// so 127.1.0.1 and 127.2.0.1 are distinct groups.
import type { NetAddr } from '../protocol/netaddr.js';
import { u32beAt } from '../shared/bytes.js';

/** True when the 32-bit address `value` lies in a0.a1.0.0/prefixBits. */
function inV4(value: number, a0: number, a1: number, prefixBits: number): boolean {
  const mask = prefixBits === 0 ? 0 : (0xffffffff << (32 - prefixBits)) >>> 0;
  return ((value & mask) >>> 0) === ((((a0 << 24) | (a1 << 16)) & mask) >>> 0);
}

/** True when the 32-bit address `value` lies in a0.a1.a2.0/24. */
function v4Third(value: number, a0: number, a1: number, a2: number): boolean {
  return value >>> 8 === ((a0 << 16) | (a1 << 8) | a2);
}

/** Why an IPv4 address is not publicly routable, or null when it is (Core's RFC list). */
export function ipv4Unroutable(b: Uint8Array): string | null {
  return ipv4ValueUnroutable(u32beAt(b, 0));
}

/** ipv4Unroutable for the address as its 32-bit big-endian value. */
export function ipv4ValueUnroutable(v: number): string | null {
  const first = v >>> 24;
  if (first === 0) return 'unspecified (0.0.0.0/8)';
  if (first === 127) return 'loopback';
  if (v === 0xffffffff) return 'broadcast';
  if (inV4(v, 10, 0, 8) || inV4(v, 192, 168, 16) || inV4(v, 172, 16, 12)) return 'RFC1918';
  if (inV4(v, 198, 18, 15)) return 'RFC2544';
  if (inV4(v, 169, 254, 16)) return 'RFC3927';
  if (inV4(v, 100, 64, 10)) return 'RFC6598';
  if (v4Third(v, 192, 0, 2) || v4Third(v, 198, 51, 100) || v4Third(v, 203, 0, 113)) return 'RFC5737';
  if (first >= 224) return 'multicast/reserved';
  return null;
}

function startsWith(b: Uint8Array, prefix: readonly number[], lastMask = 0xff): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const mask = i === prefix.length - 1 ? lastMask : 0xff;
    if (((b[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** The IPv4 address embedded in an IPv6 one (RFC3964 6to4, RFC4380 Teredo, RFC6052 NAT64, RFC6145 SIIT), or null. */
export function embeddedIpv4(b: Uint8Array): Uint8Array | null {
  if (startsWith(b, [0x20, 0x02])) return b.slice(2, 6);
  if (startsWith(b, [0x20, 0x01, 0, 0])) return b.slice(12, 16).map((x) => x ^ 0xff);
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return b.slice(12, 16);
  if (startsWith(b, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0])) return b.slice(12, 16);
  return null;
}

/** Why an IPv6 address is not publicly routable, or null when it is (Core's RFC list). */
export function ipv6Unroutable(b: Uint8Array): string | null {
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  if (b[0] === 0xff) return 'multicast';
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8])) return 'RFC3849';
  if ((b[0] ?? 0) >> 1 === 0xfc >> 1) return 'RFC4193';
  if (startsWith(b, [0x20, 0x01, 0x00, 0x10], 0xf0)) return 'RFC4843';
  if (startsWith(b, [0x20, 0x01, 0x00, 0x20], 0xf0)) return 'RFC7343';
  if (startsWith(b, [0xfe, 0x80, 0, 0, 0, 0, 0, 0])) return 'RFC4862';
  // Core: IsInternal (fd6b:88c0:8724::/48, Core's own internal-name range).
  if (startsWith(b, [0xfd, 0x6b, 0x88, 0xc0, 0x87, 0x24])) return 'internal';
  const v4 = embeddedIpv4(b);
  if (v4) return ipv4Unroutable(v4);
  return null;
}

/** What unroutableReason says for an IPv4 address whose ipv4Unroutable verdict is `r`. */
function ipv4UnroutableReason(r: string | null, allowPrivateAddresses: boolean): string | null {
  // A routable address (null, the common case) returns before the string comparisons.
  if (r === null || !allowPrivateAddresses) return r;
  return r === 'unspecified (0.0.0.0/8)' || r === 'broadcast' || r.startsWith('multicast') ? r : null;
}

/** unroutableReason for an IPv4 address given as its 32-bit big-endian value. */
export function ipv4ValueUnroutableReason(v: number, allowPrivateAddresses: boolean): string | null {
  return ipv4UnroutableReason(ipv4ValueUnroutable(v), allowPrivateAddresses);
}

/** Why an address may not be stored or dialled, or null when it may. */
export function unroutableReason(addr: NetAddr, allowPrivateAddresses: boolean): string | null {
  switch (addr.network) {
    case 'ipv4': return ipv4UnroutableReason(ipv4Unroutable(addr.bytes), allowPrivateAddresses);
    case 'ipv6': {
      const r = ipv6Unroutable(addr.bytes);
      if (!allowPrivateAddresses) return r;
      return r === 'unspecified' || r === 'multicast' ? r : null;
    }
    case 'cjdns':
      return addr.bytes[0] === 0xfc ? null : 'CJDNS outside fc00::/8';
    case 'onion':
    case 'i2p':
      return null;
  }
}

/** Interned IPv4 /16 group keys (65,536 at most), so grouping allocates nothing after the first use. */
const IPV4_GROUPS: (string | undefined)[] = new Array<string | undefined>(65536).fill(undefined);

function ipv4Group(a: number, b: number): string {
  const i = (a << 8) | b;
  return (IPV4_GROUPS[i] ??= `ipv4:${a}.${b}`);
}

/** The network group key of an address (see the header for the rules). */
export function networkGroup(addr: NetAddr, allowPrivateAddresses: boolean): string {
  const b = addr.bytes;
  switch (addr.network) {
    case 'ipv4':
      if (!allowPrivateAddresses && ipv4Unroutable(b) !== null) return b[0] === 127 ? 'local' : 'unroutable';
      return ipv4Group(b[0] ?? 0, b[1] ?? 0);
    case 'ipv6': {
      if (!allowPrivateAddresses && ipv6Unroutable(b) !== null) return ipv6Unroutable(b) === 'loopback' ? 'local' : 'unroutable';
      const v4 = embeddedIpv4(b);
      if (v4) return ipv4Group(v4[0] ?? 0, v4[1] ?? 0);
      // Core: Hurricane Electric (2001:470::/32) hands out /36s, so it groups by 36 bits.
      const he = startsWith(b, [0x20, 0x01, 0x04, 0x70]);
      const hex = Array.from(b.subarray(0, 5), (x) => x.toString(16).padStart(2, '0')).join('');
      return `ipv6:${he ? hex.slice(0, 9) : hex.slice(0, 8)}`;
    }
    case 'onion':
      return `onion:${(b[0] ?? 0) >> 4}`;
    case 'i2p':
      return `i2p:${(b[0] ?? 0) >> 4}`;
    case 'cjdns':
      return `cjdns:${(((b[1] ?? 0) << 4) | ((b[2] ?? 0) >> 4)).toString(16)}`;
  }
}
