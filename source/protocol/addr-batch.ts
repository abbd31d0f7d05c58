// Announced addresses as columns (Canopy): time, service bits and port in typed arrays, an IPv4
// address as its 32-bit value, instead of an AddrEntry, a NetAddr and a 4-byte array per address.
// The engine decodes every received addr/addrv2 message into one reused batch (messages.ts
// decodeAddrBatch, addr-codec.ts readLegacyEntries) and the address book reads the columns; a NetAddr
// is built only for an address the book stores anew. Addresses of other networks are held as NetAddr
// values. Fields are wire values: time a u32 (seconds), services a u64, port a u16. Pure.
import { u32beAt, u64FromHalves, u64HighHalf, u64LowHalf } from '../shared/bytes.js';
import { MAX_ADDR_TO_SEND } from './limits.js';
import type { NetAddr } from './netaddr.js';
import type { AddrEntry } from './types.js';

/** Entries a new batch holds before growing: the most one addr message carries (Core: MAX_ADDR_TO_SEND). */
const INITIAL_CAPACITY = MAX_ADDR_TO_SEND;

/** Entry i's address is IPv4, held as its value only (a NetAddr is built on first use). */
const IPV4_VALUE = 0;
/** Entry i's address is IPv4, held as its value and the NetAddr it was given as. */
const IPV4_WITH_OBJECT = 1;
/** Entry i's address is of another network, held as its NetAddr. */
const OTHER_NETWORK = 2;

/** A reusable column store of announced addresses (clear, push, read by index). */
export class AddrBatch {
  /** Number of entries. */
  count = 0;
  /** Entries an addrv2 decode skipped (unknown networks, forbidden IPv6 prefixes). */
  skipped = 0;
  /** Announced time per entry (Unix seconds, as on the wire). */
  time = new Uint32Array(INITIAL_CAPACITY);
  /** Low 32 bits of the service flags per entry. */
  servicesLo = new Uint32Array(INITIAL_CAPACITY);
  /** High 32 bits of the service flags per entry. */
  servicesHi = new Uint32Array(INITIAL_CAPACITY);
  /** Big-endian IPv4 value per entry (meaningful where isIpv4). */
  ipv4 = new Uint32Array(INITIAL_CAPACITY);
  /** Port per entry. */
  port = new Uint16Array(INITIAL_CAPACITY);
  private kind = new Uint8Array(INITIAL_CAPACITY);
  private objects: (NetAddr | undefined)[] = [];

  /** Empties the batch (the columns are kept for reuse). */
  clear(): void {
    this.count = 0;
    this.skipped = 0;
  }

  /** Keeps only the first `n` entries (e.g. what a rate limiter allows). */
  truncate(n: number): void {
    if (n < this.count) this.count = Math.max(0, Math.floor(n));
  }

  private slot(): number {
    const i = this.count++;
    if (i >= this.time.length) this.grow();
    return i;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const widen = <T extends Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(n); b.set(a); return b; };
    this.time = widen(this.time, (k) => new Uint32Array(k));
    this.servicesLo = widen(this.servicesLo, (k) => new Uint32Array(k));
    this.servicesHi = widen(this.servicesHi, (k) => new Uint32Array(k));
    this.ipv4 = widen(this.ipv4, (k) => new Uint32Array(k));
    this.port = widen(this.port, (k) => new Uint16Array(k));
    this.kind = widen(this.kind, (k) => new Uint8Array(k));
  }

  /** Appends an IPv4 entry given as its 32-bit value (no NetAddr is made). */
  pushIpv4(timeS: number, servicesLo: number, servicesHi: number, value: number, port: number): void {
    const i = this.slot();
    this.time[i] = timeS;
    this.servicesLo[i] = servicesLo;
    this.servicesHi[i] = servicesHi;
    this.ipv4[i] = value;
    this.port[i] = port;
    this.kind[i] = IPV4_VALUE;
  }

  /** Appends an entry of any network, keeping its NetAddr (services are split into halves; the
   * fields are stored as the wire types: time a u32, services a u64, port a u16). */
  push(entry: AddrEntry): void {
    const i = this.slot();
    const addr = entry.addr;
    this.time[i] = entry.time;
    this.servicesLo[i] = u64LowHalf(entry.services);
    this.servicesHi[i] = u64HighHalf();
    this.port[i] = addr.port;
    const b = addr.bytes;
    if (addr.network === 'ipv4' && b.length === 4) {
      this.ipv4[i] = u32beAt(b, 0);
      this.kind[i] = IPV4_WITH_OBJECT;
    } else this.kind[i] = OTHER_NETWORK;
    this.objects[i] = addr;
  }

  /** Refills the batch from entries. */
  fill(entries: readonly AddrEntry[]): this {
    this.clear();
    for (const e of entries) this.push(e);
    return this;
  }

  /** True when entry i is IPv4 (its address is the value in `ipv4`). */
  isIpv4(i: number): boolean {
    return (this.kind[i] as number) !== OTHER_NETWORK;
  }

  /** Entry i's service flags as the low 32 bits, or −1 when higher bits are set. */
  lowServices(i: number): number {
    return this.servicesHi[i] === 0 ? (this.servicesLo[i] as number) : -1;
  }

  /** Entry i's service flags. */
  services(i: number): bigint {
    return u64FromHalves(this.servicesLo[i] as number, this.servicesHi[i] as number);
  }

  /** Entry i's address (built on first use for a decoded IPv4 entry, then kept). */
  addr(i: number): NetAddr {
    if (this.kind[i] !== IPV4_VALUE) return this.objects[i] as NetAddr;
    const v = this.ipv4[i] as number;
    const addr: NetAddr = { network: 'ipv4', bytes: Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff), port: this.port[i] as number };
    this.objects[i] = addr;
    this.kind[i] = IPV4_WITH_OBJECT;
    return addr;
  }

  /** Entry i as an AddrEntry. */
  entry(i: number): AddrEntry {
    return { time: this.time[i] as number, services: this.services(i), addr: this.addr(i) };
  }

  /** All entries as AddrEntry values (tests and tools). */
  entries(): AddrEntry[] {
    return Array.from({ length: this.count }, (_, i) => this.entry(i));
  }
}
