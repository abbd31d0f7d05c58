// The address book on disk (Canopy format, version 1; Core's peers.dat holds the same facts):
//
//   magic "CNPYADDR" (8) | version u8 = 1 | salt (32) | lastGood u48 | entry count u32 | entries
//   | ban count u32 | bans | sha256d of everything before (32)
//   entry: BIP155 network id u8 | address bytes | port u16le | services u64le | time u48 | lastTry u48
//          | lastSuccess u48 | lastCountAttempt u48 | attempts u16le | inTried u8 | bucket count u8
//          | new bucket u16le × count
//   ban:   subnet varBytes | createdAt u48 | until u48 | reason varBytes
// Times are Millis as 48-bit little-endian integers. Positions are recomputed from the salt on load;
// an entry whose slot is taken is re-bucketed or dropped. Decoding never throws: any damage (the
// checksum covers every byte) gives `invalid`. Pure.
import type { DecodeResult } from '../shared/errors.js';
import { fail, ok } from '../shared/errors.js';
import { ByteReader, ByteWriter, bytesEqual, u64HighHalf, u64LowHalf } from '../shared/bytes.js';
import { sha256d } from '../shared/hash.js';
import type { Random } from '../shared/random.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { AddrInfo } from './addr-info.js';
import { BIP155_ADDRESS_LENGTH, BIP155_NETWORK_ID } from '../protocol/netaddr.js';
import { AddressManager } from './address-manager.js';
import { NEW_BUCKET_COUNT, NEW_BUCKETS_PER_ADDRESS } from './constants.js';
import { unroutableReason } from './netgroup.js';

/** File magic. */
export const ADDRESS_BOOK_MAGIC = new TextEncoder().encode('CNPYADDR');
/** Current format version. */
export const ADDRESS_BOOK_VERSION = 1;
const CHECKSUM_LENGTH = 32;
const NETWORK_BY_ID = new Map<number, NetAddr['network']>(Object.entries(BIP155_NETWORK_ID).map(([n, id]) => [id, n as NetAddr['network']]));
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });
const U48_MAX = 2 ** 48 - 1;

/** v as a u48: floored and clamped to 0 … 2^48 − 1. */
function u48(v: number): number {
  return Math.min(U48_MAX, Math.max(0, Math.floor(v)));
}

function writeU48(w: ByteWriter, v: number): void {
  const x = u48(v);
  w.u32le(x % 0x1_0000_0000).u16le(Math.floor(x / 0x1_0000_0000));
}

function readU48(r: ByteReader): number {
  const lo = r.u32le();
  return lo + r.u16le() * 0x1_0000_0000;
}

/** Bytes of an entry before its address and after it up to the bucket list (network id; port,
 * services, four u48 times, attempts, inTried, bucket count). */
const ENTRY_FIXED_BYTES = 1 + 2 + 8 + 4 * 6 + 2 + 1 + 1;

/** Writes v as a u48 little-endian at out[o..o+6) (clamped to 0 … 2^48 − 1, floored). */
function putU48(out: Uint8Array, o: number, v: number): void {
  const x = u48(v);
  const lo = x % 0x1_0000_0000, hi = Math.floor(x / 0x1_0000_0000);
  out[o] = lo & 0xff; out[o + 1] = (lo >>> 8) & 0xff; out[o + 2] = (lo >>> 16) & 0xff; out[o + 3] = lo >>> 24;
  out[o + 4] = hi & 0xff; out[o + 5] = (hi >>> 8) & 0xff;
}

/** Writes a u32 little-endian at out[o..o+4). */
function putU32(out: Uint8Array, o: number, v: number): void {
  out[o] = v & 0xff; out[o + 1] = (v >>> 8) & 0xff; out[o + 2] = (v >>> 16) & 0xff; out[o + 3] = (v >>> 24) & 0xff;
}

/** Serializes the book (entries, salt, bans) with a trailing sha256d checksum. The entries, the bulk
 * of a large book, are written straight into one array sized beforehand (a writer call per field cost
 * most of a save); the few bans go through a ByteWriter. */
export function serializeBook(book: AddressManager): Uint8Array {
  const ids: number[] = [];
  let entryBytes = 0;
  for (let id = 0; id < book.infos.length; id++) {
    const i = book.infos[id];
    if (i === undefined || (!i.inTried && i.newBuckets.length === 0)) continue;
    ids.push(id);
    entryBytes += ENTRY_FIXED_BYTES + i.addr.bytes.length + (i.inTried ? 0 : 2 * i.newBuckets.length);
  }
  const bans = book.bans.all();
  const w = new ByteWriter(64 + bans.length * 64);
  w.u32le(bans.length);
  for (const b of bans) {
    w.varBytes(textEncoder.encode(b.subnet));
    writeU48(w, b.createdAt);
    writeU48(w, b.until);
    w.varBytes(textEncoder.encode(b.reason));
  }
  const banBytes = w.finish();
  const head = ADDRESS_BOOK_MAGIC.length + 1 + book.salt.length + 6 + 4;
  const bodyLength = head + entryBytes + banBytes.length;
  const out = new Uint8Array(bodyLength + CHECKSUM_LENGTH);
  out.set(ADDRESS_BOOK_MAGIC, 0);
  let o = ADDRESS_BOOK_MAGIC.length;
  out[o++] = ADDRESS_BOOK_VERSION;
  out.set(book.salt, o);
  o += book.salt.length;
  putU48(out, o, book.lastGoodMs);
  putU32(out, o + 6, ids.length);
  o += 10;
  for (const id of ids) {
    const info = book.infos[id] as AddrInfo;
    const addr = info.addr;
    out[o++] = BIP155_NETWORK_ID[addr.network];
    const bytes = addr.bytes;
    for (let k = 0; k < bytes.length; k++) out[o + k] = bytes[k] as number; // 4 to 32 bytes: a loop beats set()
    o += bytes.length;
    out[o] = addr.port & 0xff; out[o + 1] = (addr.port >>> 8) & 0xff;
    putU32(out, o + 2, u64LowHalf(info.services));
    putU32(out, o + 6, u64HighHalf());
    putU48(out, o + 10, book.announce.time(id));
    putU48(out, o + 16, info.lastTryMs);
    putU48(out, o + 22, info.lastSuccessMs);
    putU48(out, o + 28, info.lastCountAttemptMs);
    const attempts = Math.min(0xffff, info.attempts);
    out[o + 34] = attempts & 0xff; out[o + 35] = attempts >>> 8;
    out[o + 36] = info.inTried ? 1 : 0;
    const buckets = info.inTried ? [] : info.newBuckets;
    out[o + 37] = buckets.length;
    o += 38;
    for (const b of buckets) { out[o] = b & 0xff; out[o + 1] = (b >>> 8) & 0xff; o += 2; }
  }
  out.set(banBytes, o);
  out.set(sha256d(out.subarray(0, bodyLength)), bodyLength);
  return out;
}

/** What deserializeBook needs besides the bytes. */
export interface LoadOptions {
  readonly random: Random;
  readonly allowPrivateAddresses: boolean;
}

/** Decodes a serialized book; `invalid`/`truncated`/`version` errors as values, never a throw. */
export function deserializeBook(bytes: Uint8Array, options: LoadOptions): DecodeResult<AddressManager> {
  try {
    return decode(bytes, options);
  } catch (err) {
    return fail('invalid', `address book: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function decode(bytes: Uint8Array, options: LoadOptions): DecodeResult<AddressManager> {
  const headerLength = ADDRESS_BOOK_MAGIC.length + 1 + 32;
  if (bytes.length < headerLength + CHECKSUM_LENGTH) return fail('truncated', 'address book: file too short');
  if (!bytesEqual(bytes.subarray(0, ADDRESS_BOOK_MAGIC.length), ADDRESS_BOOK_MAGIC)) return fail('invalid', 'address book: bad magic');
  const version = bytes[ADDRESS_BOOK_MAGIC.length];
  if (version !== ADDRESS_BOOK_VERSION) return fail('version', `address book: unsupported version ${version ?? '?'}`);
  const body = bytes.subarray(0, bytes.length - CHECKSUM_LENGTH);
  if (!bytesEqual(sha256d(body), bytes.subarray(bytes.length - CHECKSUM_LENGTH))) return fail('invalid', 'address book: checksum mismatch');
  const r = new ByteReader(body);
  r.bytesN(ADDRESS_BOOK_MAGIC.length + 1);
  const salt = r.bytesN(32);
  const book = new AddressManager({ random: options.random, allowPrivateAddresses: options.allowPrivateAddresses, salt });
  book.lastGoodMs = readU48(r);
  const count = r.u32le();
  if (count > r.remaining / 40) return fail('invalid', 'address book: entry count exceeds the file');
  const deferredTried: number[] = [];
  for (let n = 0; n < count; n++) {
    const network = NETWORK_BY_ID.get(r.u8());
    if (!network) return fail('invalid', 'address book: unknown network id');
    const addr: NetAddr = { network, bytes: r.bytesN(BIP155_ADDRESS_LENGTH[network]), port: r.u16le() };
    const services = r.u64le();
    const timeMs = readU48(r), lastTryMs = readU48(r), lastSuccessMs = readU48(r), lastCountAttemptMs = readU48(r);
    const attempts = r.u16le();
    const inTried = r.u8();
    const bucketCount = r.u8();
    if (inTried > 1 || bucketCount > NEW_BUCKETS_PER_ADDRESS || (inTried === 1 && bucketCount > 0)) return fail('invalid', 'address book: bad entry flags');
    const buckets: number[] = [];
    for (let i = 0; i < bucketCount; i++) buckets.push(r.u16le());
    if (buckets.some((b) => b >= NEW_BUCKET_COUNT)) return fail('invalid', 'address book: bucket out of range');
    if (unroutableReason(addr, options.allowPrivateAddresses) !== null || book.find(addr)) continue;
    const id = book.createEntry(addr, services, timeMs);
    const info = book.infos[id];
    if (!info) continue;
    Object.assign(info, { lastTryMs, lastSuccessMs, lastCountAttemptMs, attempts });
    book.syncSelection(id);
    if (inTried === 1) {
      deferredTried.push(id);
      continue;
    }
    for (const b of buckets) placeNewIfFree(book, id, book.newSlot(b, info));
    if (info.newBuckets.length === 0) placeNewIfFree(book, id, book.newSlot(book.newBucketFor(info, info.group), info));
    book.discardIfOrphan(id);
  }
  for (const id of deferredTried) {
    const info = book.infos[id];
    if (!info) continue;
    const slot = book.triedSlot(info);
    if ((book.triedTable[slot] ?? -1) < 0) book.placeTried(id, slot);
    else placeNewIfFree(book, id, book.newSlot(book.newBucketFor(info, info.group), info));
    book.discardIfOrphan(id);
  }
  const banCount = r.u32le();
  if (banCount > r.remaining / 14) return fail('invalid', 'address book: ban count exceeds the file');
  for (let n = 0; n < banCount; n++) {
    const subnet = textDecoder.decode(r.varBytes(256));
    const createdAt = readU48(r), until = readU48(r);
    const reason = textDecoder.decode(r.varBytes(1024));
    if (!book.bans.ban(subnet, createdAt, until, reason)) return fail('invalid', 'address book: bad ban subnet');
  }
  if (r.remaining !== 0) return fail('invalid', 'address book: trailing bytes');
  return ok(book);
}

function placeNewIfFree(book: AddressManager, id: number, slot: number): void {
  const info = book.infos[id];
  if (info && (book.newTable[slot] ?? -1) < 0 && !info.newBuckets.includes(Math.floor(slot / 64))) book.placeNew(id, slot);
}
