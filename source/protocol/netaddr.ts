// Network addresses of every BIP155 network: the NetAddr value type, its canonical text form
// ("1.2.3.4:8333", "[2001:db8::1]:8333", "<56 chars>.onion:8333", "<52 chars>.b32.i2p:0"), and parsing of
// user input ("host[:port]", IPv6 in brackets, host names). Pure.
import { isIPv4, isIPv6 } from './ip-text.js';
import { sha3_256 } from '@noble/hashes/sha3';
import { bytesEqual, copyBytes } from '../shared/bytes.js';

/** BIP155 networks Canopy stores (Tor v2 is obsolete and dropped, as in Core). */
export type Network = 'ipv4' | 'ipv6' | 'onion' | 'i2p' | 'cjdns';

/** BIP155 network ids (BIP155 table "Network IDs"). */
export const BIP155_NETWORK_ID: Readonly<Record<Network, number>> = {
  ipv4: 1, ipv6: 2, onion: 4, i2p: 5, cjdns: 6,
};

/** Address length in bytes per network (BIP155). */
export const BIP155_ADDRESS_LENGTH: Readonly<Record<Network, number>> = {
  ipv4: 4, ipv6: 16, onion: 32, i2p: 32, cjdns: 16,
};

/** A peer address: network, raw address bytes (BIP155 form) and TCP port. */
export interface NetAddr {
  readonly network: Network;
  readonly bytes: Uint8Array;
  readonly port: number;
}

/** The prefix of an IPv4-mapped IPv6 address (::ffff:0:0/96). */
export const IPV4_MAPPED_PREFIX = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

/** Builds a NetAddr from a 16-byte legacy (addr v1) IPv6 field: IPv4-mapped → ipv4, fc00::/8 stays ipv6 (CJDNS only via addrv2). */
export function fromLegacyIp(ip16: Uint8Array, port: number): NetAddr {
  if (ip16.length === 16 && bytesEqual(ip16.subarray(0, 12), IPV4_MAPPED_PREFIX)) {
    return { network: 'ipv4', bytes: copyBytes(ip16, 12, 16), port };
  }
  return { network: 'ipv6', bytes: copyBytes(ip16), port };
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32Encode(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) return null;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** Tor v3 checksum: SHA3-256(".onion checksum" || pubkey || version)[0..2] (Tor rend-spec-v3). */
function onionChecksum(pubkey: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode('.onion checksum');
  const data = new Uint8Array(prefix.length + 33);
  data.set(prefix);
  data.set(pubkey, prefix.length);
  data[prefix.length + 32] = 3;
  return sha3_256(data).slice(0, 2);
}

function ipv6ToText(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

function ipv6FromText(text: string): Uint8Array | null {
  if (!isIPv6(text)) return null;
  let t = text;
  const out = new Uint8Array(16);
  const lastColon = t.lastIndexOf(':');
  const tail = t.slice(lastColon + 1);
  let tailBytes: number[] = [];
  if (tail.includes('.')) {
    tailBytes = tail.split('.').map(Number);
    t = `${t.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = t.split('::');
  const h = head === '' ? [] : head.split(':');
  const r = rest === undefined ? [] : rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  if (groups.length !== 8) return null;
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (tailBytes.length === 4) out.set(tailBytes, 12);
  return out;
}

/** The host part as text: dotted IPv4, compressed IPv6, or the .onion / .b32.i2p name. */
export function formatHost(addr: NetAddr): string {
  switch (addr.network) {
    case 'ipv4': {
      const b = addr.bytes;
      return `${b[0] ?? 0}.${b[1] ?? 0}.${b[2] ?? 0}.${b[3] ?? 0}`;
    }
    case 'ipv6':
    case 'cjdns':
      return ipv6ToText(addr.bytes);
    case 'onion':
      return `${base32Encode(new Uint8Array([...addr.bytes, ...onionChecksum(addr.bytes), 3]))}.onion`;
    case 'i2p':
      return `${base32Encode(addr.bytes)}.b32.i2p`;
  }
}

/** Canonical "host:port" text ("[v6]:port" for IPv6/CJDNS); also the identity key of an address. */
export function formatAddr(addr: NetAddr): string {
  const host = formatHost(addr);
  return addr.network === 'ipv6' || addr.network === 'cjdns' ? `[${host}]:${addr.port}` : `${host}:${addr.port}`;
}

/** Parses a host (no port) into address bytes: IPv4, IPv6 (fc00::/8 → cjdns only if `cjdns`), .onion v3, .b32.i2p. Null for a host name. */
export function parseHost(host: string, port: number, opts: { cjdns?: boolean } = {}): NetAddr | null {
  const h = host.toLowerCase();
  if (isIPv4(h)) return { network: 'ipv4', bytes: new Uint8Array(h.split('.').map(Number)), port };
  const v6 = ipv6FromText(h);
  if (v6) {
    const mapped = fromLegacyIp(v6, port);
    if (mapped.network === 'ipv4') return mapped;
    return { network: opts.cjdns === true && v6[0] === 0xfc ? 'cjdns' : 'ipv6', bytes: v6, port };
  }
  if (h.endsWith('.onion')) {
    const raw = base32Decode(h.slice(0, -'.onion'.length));
    if (!raw || raw.length !== 35 || raw[34] !== 3) return null;
    const pubkey = raw.slice(0, 32);
    if (!bytesEqual(raw.slice(32, 34), onionChecksum(pubkey))) return null;
    return { network: 'onion', bytes: pubkey, port };
  }
  if (h.endsWith('.b32.i2p')) {
    const raw = base32Decode(h.slice(0, -'.b32.i2p'.length));
    if (!raw || raw.length !== 32 || h.length !== 52 + '.b32.i2p'.length) return null;
    return { network: 'i2p', bytes: raw, port };
  }
  return null;
}

/** A dial target from user input: a concrete address, or a host name to resolve (through the proxy when one is set). */
export type PeerTarget =
  | { readonly kind: 'addr'; readonly addr: NetAddr }
  | { readonly kind: 'name'; readonly host: string; readonly port: number };

/** Result of parsing user input such as "127.1.0.1", "[::1]:18444" or "seed.example.org:8333". */
export type ParseTargetResult = { ok: true; target: PeerTarget } | { ok: false; reason: string };

const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Parses "host[:port]" (IPv6 in brackets; default port of the network); never throws. */
export function parsePeerTarget(input: string, defaultPort: number): ParseTargetResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty address' };
  if (text.length > 300) return { ok: false, reason: 'address too long' };
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, reason: `missing ']' in "${text}"` };
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { ok: false, reason: `unexpected "${rest}" after ']'` };
      portText = rest.slice(1);
    }
    if (!isIPv6(host)) return { ok: false, reason: `"${host}" is not an IPv6 address` };
  } else {
    const colons = text.split(':').length - 1;
    if (colons === 1) {
      host = text.slice(0, text.indexOf(':'));
      portText = text.slice(text.indexOf(':') + 1);
    } else if (colons > 1) {
      if (!isIPv6(text)) return { ok: false, reason: `"${text}" is not a valid address (write IPv6 as [addr]:port)` };
    }
  }
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { ok: false, reason: `invalid port "${portText}" (1-65535)` };
    }
    port = Number(portText);
  }
  const addr = parseHost(host, port);
  if (addr) return { ok: true, target: { kind: 'addr', addr } };
  if (/^[\d.]+$/.test(host)) return { ok: false, reason: `"${host}" is not a valid IPv4 address` };
  if (host.endsWith('.onion') || host.endsWith('.i2p')) return { ok: false, reason: `"${host}" is not a valid ${host.endsWith('.onion') ? 'Tor v3' : 'I2P'} address` };
  if (!HOSTNAME_RE.test(host)) return { ok: false, reason: `"${host}" is not a valid host name or IP address` };
  return { ok: true, target: { kind: 'name', host: host.toLowerCase(), port } };
}

/** Canonical text of a target ("host:port"), used to detect duplicates among added peers. */
export function formatTarget(target: PeerTarget): string {
  return target.kind === 'addr' ? formatAddr(target.addr) : `${target.host}:${target.port}`;
}

/** True when both addresses are the same network, bytes and port. */
export function addrEqual(a: NetAddr, b: NetAddr): boolean {
  return a.network === b.network && a.port === b.port && bytesEqual(a.bytes, b.bytes);
}
