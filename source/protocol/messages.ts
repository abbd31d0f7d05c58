// Payload codecs of the P2P messages Canopy understands (types.ts `Message`): encodePayload,
// decodePayload and commandOf. Decoding never throws: truncation, non-canonical sizes and limit
// violations come back as a DecodeError value ('truncated', 'non-canonical', 'oversized', 'invalid').
//
// Trailing bytes: like Bitcoin Core's net_processing, which reads what it needs from the stream and
// leaves the rest, bytes after a complete payload are accepted and ignored (this is also how
// `version` grew optional fields). Unknown commands decode to { type: 'other' } with the raw payload.
// Encoding does not enforce the receive limits (MAX_ADDR_TO_SEND, MAX_INV_SZ, …): callers split.
import { ByteReader, ByteWriter, copyBytes, copyInto, pooledBytes } from '../shared/bytes.js';
import { DecodeError, ok, type DecodeResult } from '../shared/errors.js';
import {
  LEGACY_ADDR_ENTRY_SIZE, readLegacyEntries, readLegacyEntry, readV2Entry, readVersionAddr, writeLegacyEntry, writeV2Entry, writeVersionAddr,
} from './addr-codec.js';
import { readSize, readSizedBytes } from './compact-size.js';
import { BLOCK_HEADER_SIZE, readBlockHeader, writeBlockHeader } from './block-header.js';
import {
  MAX_ADDR_TO_SEND, MAX_HEADERS_RESULTS, MAX_INV_SZ, MAX_LOCATOR_SZ, MAX_REJECT_MESSAGE_LENGTH, MAX_SUBVERSION_LENGTH, MESSAGE_TYPE_SIZE,
} from './limits.js';
import type { AddrBatch } from './addr-batch.js';
import type { NetAddr } from './netaddr.js';
import type { AddrEntry, InvItem, Message, VersionMessage, WireMessage } from './types.js';

/** The commands with a dedicated decoder (everything else is `other`). */
export const KNOWN_COMMANDS = [
  'version', 'verack', 'ping', 'pong', 'getaddr', 'addr', 'addrv2', 'sendaddrv2', 'wtxidrelay', 'sendheaders',
  'sendcmpct', 'feefilter', 'getheaders', 'headers', 'inv', 'notfound', 'reject',
] as const;

/** The unspecified IPv6 address [::]:0, used where a version message omits the sender. */
const UNSPECIFIED_ADDR: NetAddr = { network: 'ipv6', bytes: new Uint8Array(16), port: 0 };

const utf8Lossy = new TextDecoder('utf-8', { fatal: false });
const utf8 = new TextEncoder();

/** The wire command (message type) of a message. */
export function commandOf(msg: Message): string {
  return msg.type === 'other' ? msg.command : msg.type;
}

/** Encoded strings kept by writeString, up to this many (Canopy: a node sends a handful of distinct
 * user agents; the memo is emptied when full, so it stays bounded). */
const ENCODED_TEXT_LIMIT = 64;
/** Strings writeString has encoded, and their bytes (our user agent goes out in every version). A
 * one-entry memo missed whenever two user agents alternate, as ours and a simulated peer's do. */
const encodedTexts = new Map<string, Uint8Array>();

function writeString(w: ByteWriter, text: string, maxBytes: number, what: string): void {
  // The bytes are only copied into the writer, so sharing them between calls is safe.
  let b = encodedTexts.get(text);
  if (b === undefined) {
    b = utf8.encode(text);
    // Only strings that fit are kept: an oversized one is the caller's error, thrown below.
    if (b.length <= maxBytes) {
      if (encodedTexts.size >= ENCODED_TEXT_LIMIT) encodedTexts.clear();
      encodedTexts.set(text, b);
    }
  }
  if (b.length > maxBytes) throw new RangeError(`${what} is ${b.length} bytes, more than ${maxBytes}`);
  w.varBytes(b);
}

function writeHash(w: ByteWriter, hash: Uint8Array): void {
  if (hash.length !== 32) throw new RangeError(`hash must be 32 bytes, got ${hash.length}`);
  w.bytes(hash);
}

function writeInv(w: ByteWriter, items: readonly InvItem[]): void {
  w.compactSize(items.length);
  for (const it of items) {
    w.u32le(it.type);
    writeHash(w, it.hash);
  }
}

/** Serializes a message's payload (not the envelope). Throws RangeError on a malformed value (programmer error). */
export function encodePayload(msg: Message): Uint8Array {
  switch (msg.type) {
    case 'version': {
      const w = new ByteWriter(128);
      w.i32le(msg.version).u64le(msg.services).i64le(msg.timestamp);
      writeVersionAddr(w, msg.receiverServices, msg.receiver);
      writeVersionAddr(w, msg.senderServices, msg.sender);
      w.u64le(msg.nonce);
      writeString(w, msg.userAgent, MAX_SUBVERSION_LENGTH, 'user agent');
      return w.i32le(msg.startHeight).u8(msg.relay ? 1 : 0).finish();
    }
    case 'verack': case 'getaddr': case 'sendaddrv2': case 'wtxidrelay': case 'sendheaders':
      return new Uint8Array(0);
    case 'ping': case 'pong':
      return new ByteWriter(8).u64le(msg.nonce).finish();
    case 'addr': {
      const w = new ByteWriter(3 + msg.entries.length * LEGACY_ADDR_ENTRY_SIZE).compactSize(msg.entries.length);
      for (const e of msg.entries) writeLegacyEntry(w, e);
      return w.finish();
    }
    case 'addrv2': {
      const w = new ByteWriter(3 + msg.entries.length * 24).compactSize(msg.entries.length);
      for (const e of msg.entries) writeV2Entry(w, e);
      return w.finish();
    }
    case 'sendcmpct':
      return new ByteWriter(9).u8(msg.announce ? 1 : 0).u64le(msg.version).finish();
    case 'feefilter':
      return new ByteWriter(8).i64le(msg.feeRate).finish();
    case 'getheaders': {
      const w = new ByteWriter(4 + 3 + 32 * (msg.locator.length + 1)).u32le(msg.version).compactSize(msg.locator.length);
      for (const h of msg.locator) writeHash(w, h);
      writeHash(w, msg.stop);
      return w.finish();
    }
    case 'headers': {
      const w = new ByteWriter(3 + msg.headers.length * (BLOCK_HEADER_SIZE + 1)).compactSize(msg.headers.length);
      for (const h of msg.headers) writeBlockHeader(w, h).u8(0);
      return w.finish();
    }
    case 'inv': case 'notfound': {
      const w = new ByteWriter(3 + msg.items.length * 36);
      writeInv(w, msg.items);
      return w.finish();
    }
    case 'reject': {
      const w = new ByteWriter(64);
      writeString(w, msg.message, MESSAGE_TYPE_SIZE, 'reject message');
      w.u8(msg.code);
      writeString(w, msg.reason, MAX_REJECT_MESSAGE_LENGTH, 'reject reason');
      return w.bytes(msg.data).finish();
    }
    case 'other':
      return copyBytes(msg.payload);
  }
}

function readString(r: ByteReader, maxBytes: number, what: string): string {
  return utf8Lossy.decode(readSizedBytes(r, maxBytes, what));
}

function readVersion(r: ByteReader): VersionMessage {
  const version = r.i32le();
  const services = r.u64le();
  const timestamp = r.i64le();
  const { services: receiverServices, addr: receiver } = readVersionAddr(r);
  // Core: every field after addr_recv is optional, read only while bytes remain.
  let senderServices = 0n, sender = UNSPECIFIED_ADDR, nonce = 0n, userAgent = '', startHeight = 0, relay = true;
  if (r.remaining > 0) {
    ({ services: senderServices, addr: sender } = readVersionAddr(r));
    nonce = r.u64le();
  }
  if (r.remaining > 0) userAgent = readString(r, MAX_SUBVERSION_LENGTH, 'user agent');
  if (r.remaining > 0) startHeight = r.i32le();
  if (r.remaining > 0) relay = r.u8() !== 0;
  return {
    type: 'version', version, services, timestamp, receiverServices, receiver, senderServices, sender, nonce, userAgent, startHeight, relay,
  };
}

function readInvItems(r: ByteReader): InvItem[] {
  const n = readSize(r, MAX_INV_SZ, 'inventory count');
  const items: InvItem[] = [];
  for (let i = 0; i < n; i++) items.push({ type: r.u32le(), hash: r.bytesN(32) });
  return items;
}

function decodeKnown(command: string, r: ByteReader, payload: Uint8Array): Message {
  switch (command) {
    case 'version': return readVersion(r);
    case 'verack': return { type: 'verack' };
    case 'getaddr': return { type: 'getaddr' };
    case 'sendaddrv2': return { type: 'sendaddrv2' };
    case 'wtxidrelay': return { type: 'wtxidrelay' };
    case 'sendheaders': return { type: 'sendheaders' };
    case 'ping': return { type: 'ping', nonce: r.u64le() };
    case 'pong': return { type: 'pong', nonce: r.u64le() };
    case 'addr': {
      const n = readSize(r, MAX_ADDR_TO_SEND, 'addr count');
      const entries: AddrEntry[] = [];
      for (let i = 0; i < n; i++) entries.push(readLegacyEntry(r));
      return { type: 'addr', entries };
    }
    case 'addrv2': {
      const n = readSize(r, MAX_ADDR_TO_SEND, 'addrv2 count');
      const entries: AddrEntry[] = [];
      let skipped = 0;
      for (let i = 0; i < n; i++) {
        const e = readV2Entry(r);
        if (e) entries.push(e);
        else skipped++;
      }
      return { type: 'addrv2', entries, skipped };
    }
    case 'sendcmpct': return { type: 'sendcmpct', announce: r.u8() !== 0, version: r.u64le() };
    case 'feefilter': return { type: 'feefilter', feeRate: r.i64le() };
    case 'getheaders': {
      const version = r.u32le();
      const n = readSize(r, MAX_LOCATOR_SZ, 'locator size');
      const locator: Uint8Array[] = [];
      for (let i = 0; i < n; i++) locator.push(r.bytesN(32));
      return { type: 'getheaders', version, locator, stop: r.bytesN(32) };
    }
    case 'headers': {
      const n = readSize(r, MAX_HEADERS_RESULTS, 'headers count');
      const headers = [];
      for (let i = 0; i < n; i++) {
        headers.push(readBlockHeader(r));
        r.compactSize(); // transaction count, always 0 here; Core reads and ignores it
      }
      return { type: 'headers', headers };
    }
    case 'inv': return { type: 'inv', items: readInvItems(r) };
    case 'notfound': return { type: 'notfound', items: readInvItems(r) };
    case 'reject': {
      const message = readString(r, MESSAGE_TYPE_SIZE, 'reject message');
      const code = r.u8();
      const reason = readString(r, MAX_REJECT_MESSAGE_LENGTH, 'reject reason');
      return { type: 'reject', message, code, reason, data: r.bytesN(r.remaining) };
    }
    default:
      return { type: 'other', command, payload: copyBytes(payload) };
  }
}

/** Decodes the payload of `command`; an unknown command yields `other`. Never throws. */
export function decodePayload(command: string, payload: Uint8Array): DecodeResult<Message> {
  try {
    return ok(decodeKnown(command, new ByteReader(payload), payload));
  } catch (err) {
    return failure(command, err);
  }
}

/** A decoder's thrown error as a DecodeResult (anything but a DecodeError becomes 'invalid'). */
function failure(command: string, err: unknown): DecodeResult<never> {
  if (err instanceof DecodeError) return { ok: false, error: err };
  const detail = err instanceof Error ? err.message : String(err);
  return { ok: false, error: new DecodeError('invalid', `${command}: ${detail}`) };
}

/** Decodes a headers payload into its headers as concatenated 80-byte records (the transaction
 * counts dropped), with decodePayload's checks and error codes: the engine's path for received
 * headers, which the header chain validates as raw bytes (no BlockHeader object to re-encode). */
export function decodeHeadersRaw(payload: Uint8Array): DecodeResult<Uint8Array> {
  try {
    const r = new ByteReader(payload);
    const n = readSize(r, MAX_HEADERS_RESULTS, 'headers count');
    const out = pooledBytes(n * BLOCK_HEADER_SIZE); // every byte is written below
    for (let i = 0; i < n; i++) {
      if (r.remaining < BLOCK_HEADER_SIZE) readBlockHeader(r); // throws, with decodePayload's own truncation error
      const at = r.take(BLOCK_HEADER_SIZE);
      copyInto(out, i * BLOCK_HEADER_SIZE, payload, at, at + BLOCK_HEADER_SIZE);
      r.compactSize(); // transaction count, always 0 here; Core reads and ignores it
    }
    return ok(out);
  } catch (err) {
    return failure('headers', err);
  }
}

/** Decodes an addr or addrv2 payload into `batch` (cleared first) with decodePayload's checks and
 * errors: the engine's path for every received address list, without an object per legacy entry. */
export function decodeAddrBatch(command: 'addr' | 'addrv2', payload: Uint8Array, batch: AddrBatch): DecodeResult<AddrBatch> {
  batch.clear();
  try {
    const r = new ByteReader(payload);
    if (command === 'addr') readLegacyEntries(r, readSize(r, MAX_ADDR_TO_SEND, 'addr count'), batch);
    else {
      const n = readSize(r, MAX_ADDR_TO_SEND, 'addrv2 count');
      for (let i = 0; i < n; i++) {
        const e = readV2Entry(r);
        if (e) batch.push(e);
        else batch.skipped++;
      }
    }
    return ok(batch);
  } catch (err) {
    batch.clear();
    return failure(command, err);
  }
}

/** A message as the transports carry it (command + encoded payload). */
export function toWireMessage(msg: Message): WireMessage {
  return { command: commandOf(msg), payload: encodePayload(msg) };
}

/** Decodes a message a transport delivered. Never throws. */
export function decodeWireMessage(wire: WireMessage): DecodeResult<Message> {
  return decodePayload(wire.command, wire.payload);
}
