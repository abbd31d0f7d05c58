// The v1 message envelope (Core: protocol.h CMessageHeader): 4 magic bytes, a 12-byte NUL-padded
// ASCII command, the payload length (u32 LE) and a checksum (first 4 bytes of sha256d(payload)),
// followed by the payload. `decodeEnvelope` is incremental: it answers 'needMore' until a whole
// message is buffered, and rejects a bad header (magic, command, announced length) as soon as the
// 24 header bytes are in, without waiting for the payload.
//
// Differences from Core, by design (design.md §3.1 "disconnect on bad checksum/magic"): Core's
// V1Transport drops a message with a bad checksum or an invalid command and keeps the peer; here
// both make the stream invalid and the engine disconnects. Magic and size checks match Core
// (readHeader: bad magic or a length above MAX_SIZE / MAX_PROTOCOL_MESSAGE_LENGTH → disconnect).
import { hash } from 'node:crypto';
import { SMALL_SHA256_MAX_BYTES, sha256dFirstWord, sha256FirstWord } from '../shared/sha256-small.js';
import { copyInto, pooledBytes, u32At, u32beAt } from '../shared/bytes.js';
import { MAX_PROTOCOL_MESSAGE_LENGTH, MAX_SIZE, MESSAGE_TYPE_SIZE } from './limits.js';
import type { WireMessage } from './types.js';

/** Size of the v1 header: magic 4 + command 12 + length 4 + checksum 4 (Core: CMessageHeader::HEADER_SIZE). */
export const ENVELOPE_HEADER_SIZE = 24;

/** Size of the checksum field (Core: CMessageHeader::CHECKSUM_SIZE). */
export const CHECKSUM_SIZE = 4;

/** Why an envelope is unacceptable; a subset of transport.ts TransportFailure (protocol may not import transport). */
export interface EnvelopeFailure {
  readonly code: 'bad-magic' | 'bad-checksum' | 'oversized' | 'malformed';
  readonly detail: string;
}

/** Outcome of trying to take one message off the front of a buffer. */
export type EnvelopeDecodeResult =
  | { readonly status: 'needMore' }
  | { readonly status: 'ok'; readonly message: WireMessage; readonly consumed: number }
  | { readonly status: 'invalid'; readonly failure: EnvelopeFailure };

/** The needMore result (one shared value: most reads end with it). */
const NEED_MORE: EnvelopeDecodeResult = Object.freeze({ status: 'needMore' });

/** Options of decodeEnvelope. */
export interface EnvelopeLimits {
  /** Largest accepted payload of a command; default: MAX_PROTOCOL_MESSAGE_LENGTH for every command. */
  readonly maxPayloadLength?: (command: string) => number;
}

/** Largest payload accepted for `command`: Core applies one limit to every message type (MAX_PROTOCOL_MESSAGE_LENGTH). */
export function defaultMaxPayloadLength(_command: string): number {
  return MAX_PROTOCOL_MESSAGE_LENGTH;
}

/** sha256d of the empty string, first 4 bytes (5df6e0e2…, the checksum field of every verack). */
const EMPTY_PAYLOAD_CHECKSUM = 0x5df6e0e2;

/** The checksum of bytes[off..off+length) as a big-endian u32: the first 4 bytes of sha256d. Runs
 * twice per message on the hot path: short payloads are hashed in TypeScript (no native call), long
 * ones by node:crypto. */
function checksumWord(bytes: Uint8Array, off = 0, length = bytes.length - off): number {
  // Empty payloads (verack, getaddr, sendheaders, sendaddrv2, wtxidrelay, mempool) share one checksum.
  if (length === 0) return EMPTY_PAYLOAD_CHECKSUM;
  if (length <= SMALL_SHA256_MAX_BYTES) return sha256dFirstWord(bytes, off, length);
  // crypto.hash (one-shot, Node ≥ 20.12) skips the Hash object; the 32-byte second round is cheaper here.
  return sha256FirstWord(hash('sha256', bytes.subarray(off, off + length), 'buffer'));
}

/** Length of the payload an EchoChecksum remembers: a ping's nonce, which the pong sends back (BIP31). */
const ECHO_PAYLOAD_LENGTH = 8;

/**
 * One connection's memo of the checksum of the last 8-byte payload it sent (a ping nonce), so that the
 * pong echoing those bytes is checked without hashing them again. Same bytes, same sha256d: the check
 * is unchanged (a pong whose checksum field is wrong still fails). Canopy: a ping and its pong were
 * two of the four SHA-256 compressions per ping round trip.
 */
export class EchoChecksum {
  private lo = 0;
  private hi = 0;
  private word = 0;
  private known = false;

  /** Remembers `word` as the checksum of bytes[off..off+8). */
  remember(bytes: Uint8Array, off: number, word: number): void {
    this.lo = u32At(bytes, off);
    this.hi = u32At(bytes, off + 4);
    this.word = word;
    this.known = true;
  }

  /** The remembered checksum when bytes[off..off+8) are the remembered payload, else −1. */
  lookup(bytes: Uint8Array, off: number): number {
    return this.known && u32At(bytes, off) === this.lo && u32At(bytes, off + 4) === this.hi ? this.word : -1;
  }
}

/** The checksum field of a payload: sha256d(payload)[0..4]. */
export function payloadChecksum(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHECKSUM_SIZE);
  writeChecksum(out, 0, checksumWord(payload));
  return out;
}

/** Writes a checksum word big-endian (its bytes in hash order) at `offset`. */
function writeChecksum(out: Uint8Array, offset: number, word: number): void {
  out[offset] = word >>> 24;
  out[offset + 1] = (word >>> 16) & 0xff;
  out[offset + 2] = (word >>> 8) & 0xff;
  out[offset + 3] = word & 0xff;
}

/** True when `command` fits the 12-byte field and is printable ASCII (0x20–0x7e). */
export function isValidCommand(command: string): boolean {
  if (command.length > MESSAGE_TYPE_SIZE) return false;
  for (let i = 0; i < command.length; i++) {
    const c = command.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Frames one message for the v1 wire. Throws RangeError for a bad command or oversized payload
 * (programmer error). A small frame is a view into Node's Buffer pool: use its byteOffset. An 8-byte
 * payload's checksum is remembered in `echo` when one is given.
 */
export function encodeEnvelope(magic: Uint8Array, command: string, payload: Uint8Array, echo?: EchoChecksum): Uint8Array {
  if (magic.length !== 4) throw new RangeError('magic must be 4 bytes');
  if (!isValidCommand(command)) throw new RangeError(`invalid command ${JSON.stringify(command)}`);
  if (payload.length > MAX_SIZE) throw new RangeError(`payload of ${payload.length} bytes exceeds MAX_SIZE`);
  // Every byte is written below, so the frame can start uninitialised (saves zero-filling big payloads).
  const total = ENVELOPE_HEADER_SIZE + payload.length;
  const out = pooledBytes(total);
  copyInto(out, 0, magic);
  for (let i = 0; i < MESSAGE_TYPE_SIZE; i++) out[4 + i] = i < command.length ? command.charCodeAt(i) : 0;
  const n = payload.length;
  out[16] = n & 0xff;
  out[17] = (n >>> 8) & 0xff;
  out[18] = (n >>> 16) & 0xff;
  out[19] = (n >>> 24) & 0xff;
  const sum = checksumWord(payload);
  if (echo !== undefined && n === ECHO_PAYLOAD_LENGTH) echo.remember(payload, 0, sum);
  writeChecksum(out, 20, sum);
  copyInto(out, ENVELOPE_HEADER_SIZE, payload);
  return out;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Message types returned as shared string constants when read, grouped by length (Core: protocol.h
 * NetMsgType): no string is built per message, and later switches and Map lookups on the command then
 * compare one pointer. Any other valid command is built as usual. */
const COMMON_COMMANDS_BY_LENGTH: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = Array.from({ length: MESSAGE_TYPE_SIZE + 1 }, () => []);
  for (const c of [
    'version', 'verack', 'addr', 'addrv2', 'sendaddrv2', 'inv', 'getdata', 'merkleblock', 'getblocks', 'getheaders',
    'tx', 'headers', 'block', 'getaddr', 'mempool', 'ping', 'pong', 'notfound', 'filterload', 'filteradd',
    'filterclear', 'sendheaders', 'feefilter', 'sendcmpct', 'cmpctblock', 'getblocktxn', 'blocktxn', 'getcfilters',
    'cfilter', 'getcfheaders', 'cfheaders', 'getcfcheckpt', 'cfcheckpt', 'wtxidrelay', 'reject',
  ]) byLength[c.length]?.push(c);
  return byLength;
})();

/** Reads the command field like Core's IsMessageTypeValid: printable ASCII, then only NULs. Null when invalid. */
function readCommand(buf: Uint8Array): string | null {
  let n = 0;
  while (n < MESSAGE_TYPE_SIZE && buf[4 + n] !== 0) {
    const c = buf[4 + n] ?? 0;
    if (c < 0x20 || c > 0x7e) return null;
    n++;
  }
  for (let i = 4 + n; i < 4 + MESSAGE_TYPE_SIZE; i++) if (buf[i] !== 0) return null;
  for (const known of COMMON_COMMANDS_BY_LENGTH[n] ?? []) {
    let j = 0;
    while (j < n && known.charCodeAt(j) === buf[4 + j]) j++;
    if (j === n) return known;
  }
  let command = '';
  for (let i = 0; i < n; i++) command += String.fromCharCode(buf[4 + i] ?? 0);
  return command;
}

/**
 * Takes one message off the front of `buffer`, or says more bytes are needed, or why the stream is
 * invalid. Never throws. The payload is a copy (a small one is a view into Node's Buffer pool), or with
 * `copyPayload` false a view into `buffer`. An 8-byte payload that `echo` remembers is not hashed again.
 */
export function decodeEnvelope(buffer: Uint8Array, magic: Uint8Array, limits: EnvelopeLimits = {}, copyPayload = true, echo?: EchoChecksum): EnvelopeDecodeResult {
  if (buffer.length < ENVELOPE_HEADER_SIZE) {
    // A wrong magic is detectable from the first bytes; report it early.
    for (let i = 0; i < Math.min(4, buffer.length); i++) {
      if (buffer[i] !== magic[i]) return { status: 'invalid', failure: { code: 'bad-magic', detail: `magic ${hex(buffer.subarray(0, 4))} != ${hex(magic)}` } };
    }
    return NEED_MORE;
  }
  for (let i = 0; i < 4; i++) {
    if (buffer[i] !== magic[i]) return { status: 'invalid', failure: { code: 'bad-magic', detail: `magic ${hex(buffer.subarray(0, 4))} != ${hex(magic)}` } };
  }
  const command = readCommand(buffer);
  if (command === null) {
    return { status: 'invalid', failure: { code: 'malformed', detail: `invalid command field ${hex(buffer.subarray(4, 16))}` } };
  }
  const length = ((buffer[16] ?? 0) | ((buffer[17] ?? 0) << 8) | ((buffer[18] ?? 0) << 16) | ((buffer[19] ?? 0) << 24)) >>> 0;
  const max = Math.min(MAX_SIZE, (limits.maxPayloadLength ?? defaultMaxPayloadLength)(command));
  if (length > max) {
    return { status: 'invalid', failure: { code: 'oversized', detail: `${command} announces ${length} bytes, limit ${max}` } };
  }
  const total = ENVELOPE_HEADER_SIZE + length;
  if (buffer.length < total) return NEED_MORE;
  // Hash in place (the bytes are hot in cache), copy only an accepted payload.
  const echoed = echo !== undefined && length === ECHO_PAYLOAD_LENGTH ? echo.lookup(buffer, ENVELOPE_HEADER_SIZE) : -1;
  const sum = echoed >= 0 ? echoed : checksumWord(buffer, ENVELOPE_HEADER_SIZE, length);
  const field = u32beAt(buffer, 20);
  if (field !== sum) {
    return { status: 'invalid', failure: { code: 'bad-checksum', detail: `${command}: checksum ${hex(buffer.subarray(20, 24))} != ${sum.toString(16).padStart(8, '0')}` } };
  }
  let payload: Uint8Array;
  if (!copyPayload) {
    payload = buffer.subarray(ENVELOPE_HEADER_SIZE, total);
  } else {
    payload = pooledBytes(length);
    copyInto(payload, 0, buffer, ENVELOPE_HEADER_SIZE, total);
  }
  return { status: 'ok', message: { command, payload }, consumed: total };
}
