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
import { ByteReader, ByteWriter, bytesEqual } from '../shared/bytes.js';
import { sha256d } from '../shared/hash.js';
import type { Random } from '../shared/random.js';
import type { NetAddr } from '../protocol/netaddr.js';
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

function writeU48(w: ByteWriter, v: number): void {
  const x = Math.min(U48_MAX, Math.max(0, Math.floor(v)));
  w.u32le(x % 0x1_0000_0000).u16le(Math.floor(x / 0x1_0000_0000));
}

function readU48(r: ByteReader): number {
  const lo = r.u32le();
  return lo + r.u16le() * 0x1_0000_0000;
}

/** Serializes the book (entries, salt, bans) with a trailing sha256d checksum. */
export function serializeBook(book: AddressManager): Uint8Array {
  const w = new ByteWriter(1024 + book.size() * 64);
  w.bytes(ADDRESS_BOOK_MAGIC).u8(ADDRESS_BOOK_VERSION).bytes(book.salt);
  writeU48(w, book.lastGoodMs);
  const ids: number[] = [];
  book.infos.forEach((i, id) => { if (i !== undefined && (i.inTried || i.newBuckets.length > 0)) ids.push(id); });
  w.u32le(ids.length);
  for (const id of ids) {
    const info = book.infos[id];
    if (!info) continue;
    w.u8(BIP155_NETWORK_ID[info.addr.network]).bytes(info.addr.bytes).u16le(info.addr.port).u64le(info.services);
    writeU48(w, book.announce.time(id));
    writeU48(w, info.lastTryMs);
    writeU48(w, info.lastSuccessMs);
    writeU48(w, info.lastCountAttemptMs);
    w.u16le(Math.min(0xffff, info.attempts)).u8(info.inTried ? 1 : 0);
    const buckets = info.inTried ? [] : info.newBuckets;
    w.u8(buckets.length);
    for (const b of buckets) w.u16le(b);
  }
  const bans = book.bans.all();
  w.u32le(bans.length);
  for (const b of bans) {
    w.varBytes(textEncoder.encode(b.subnet));
    writeU48(w, b.createdAt);
    writeU48(w, b.until);
    w.varBytes(textEncoder.encode(b.reason));
  }
  const body = w.finish();
  const out = new Uint8Array(body.length + CHECKSUM_LENGTH);
  out.set(body);
  out.set(sha256d(body), body.length);
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
