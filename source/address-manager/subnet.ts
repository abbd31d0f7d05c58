// Ban subnets (Core: netaddress.h CSubNet, LookupSubNet): "1.2.3.4", "1.2.3.0/24", "2001:db8::/32",
// "[::1]", "[::1]/128", and single Tor/I2P/CJDNS addresses. Bits past the prefix are cleared, so every
// subnet has one canonical text form (used as the ban's key). Pure.
import type { NetAddr } from '../protocol/netaddr.js';
import { formatHost, parseHost } from '../protocol/netaddr.js';

/** A parsed subnet: a network, a masked address and a prefix length in bits. */
export interface Subnet {
  readonly network: NetAddr['network'];
  readonly bytes: Uint8Array;
  readonly prefixBits: number;
}

function masked(bytes: Uint8Array, prefixBits: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, prefixBits - 8 * i));
    out[i] = (out[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** Parses a subnet; null when the text is not an address or the prefix is out of range. */
export function parseSubnet(text: string): Subnet | null {
  let t = text.trim();
  let prefix: number | null = null;
  const slash = t.lastIndexOf('/');
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    t = t.slice(0, slash);
  }
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t === '') return null;
  const addr = parseHost(t, 0);
  if (!addr) return null;
  const bits = addr.bytes.length * 8;
  const isIp = addr.network === 'ipv4' || addr.network === 'ipv6';
  if (prefix !== null && (prefix > bits || (!isIp && prefix !== bits))) return null;
  const prefixBits = prefix ?? bits;
  return { network: addr.network, bytes: masked(addr.bytes, prefixBits), prefixBits };
}

/** The canonical text of a subnet ("1.2.3.0/24"; a single address without a prefix). */
export function formatSubnet(s: Subnet): string {
  const host = formatHost({ network: s.network, bytes: s.bytes, port: 0 });
  return s.prefixBits === s.bytes.length * 8 ? host : `${host}/${s.prefixBits}`;
}

/** True when the subnet covers the address (ports are ignored). */
export function subnetContains(s: Subnet, addr: NetAddr): boolean {
  if (s.network !== addr.network || s.bytes.length !== addr.bytes.length) return false;
  const full = s.prefixBits >> 3;
  for (let i = 0; i < full; i++) if (s.bytes[i] !== addr.bytes[i]) return false;
  const rest = s.prefixBits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((addr.bytes[full] ?? 0) & mask) === (s.bytes[full] ?? 0);
}
