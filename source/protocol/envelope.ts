// The v1 message envelope (Core: protocol.h CMessageHeader): 4 magic bytes, a 12-byte NUL-padded
// ASCII command, the payload length (u32 LE) and a checksum (first 4 bytes of sha256d(payload)),
// followed by the payload. `decodeEnvelope` is incremental: it answers 'needMore' until a whole
// message is buffered, and rejects a bad header (magic, command, announced length) as soon as the
// 24 header bytes are in, without waiting for the payload.
import { sha256d } from '../shared/hash.js';
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

/** Options of decodeEnvelope. */
export interface EnvelopeLimits {
  /** Largest accepted payload of a command; default: MAX_PROTOCOL_MESSAGE_LENGTH for every command. */
  readonly maxPayloadLength?: (command: string) => number;
}

/** Largest payload accepted for `command`: Core applies one limit to every message type (MAX_PROTOCOL_MESSAGE_LENGTH). */
export function defaultMaxPayloadLength(_command: string): number {
  return MAX_PROTOCOL_MESSAGE_LENGTH;
}

/** The checksum field of a payload: sha256d(payload)[0..4]. */
export function payloadChecksum(payload: Uint8Array): Uint8Array {
  return sha256d(payload).subarray(0, CHECKSUM_SIZE);
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

/** Frames one message for the v1 wire. Throws RangeError for a bad command or oversized payload (programmer error). */
export function encodeEnvelope(magic: Uint8Array, command: string, payload: Uint8Array): Uint8Array {
  if (magic.length !== 4) throw new RangeError('magic must be 4 bytes');
  if (!isValidCommand(command)) throw new RangeError(`invalid command ${JSON.stringify(command)}`);
  if (payload.length > MAX_SIZE) throw new RangeError(`payload of ${payload.length} bytes exceeds MAX_SIZE`);
  const out = new Uint8Array(ENVELOPE_HEADER_SIZE + payload.length);
  out.set(magic, 0);
  for (let i = 0; i < command.length; i++) out[4 + i] = command.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(16, payload.length, true);
  out.set(payloadChecksum(payload), 20);
  out.set(payload, ENVELOPE_HEADER_SIZE);
  return out;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Reads the command field like Core's IsMessageTypeValid: printable ASCII, then only NULs. Null when invalid. */
function readCommand(buf: Uint8Array): string | null {
  let command = '';
  let ended = false;
  for (let i = 4; i < 4 + MESSAGE_TYPE_SIZE; i++) {
    const c = buf[i] ?? 0;
    if (ended) {
      if (c !== 0) return null;
    } else if (c === 0) {
      ended = true;
    } else if (c < 0x20 || c > 0x7e) {
      return null;
    } else {
      command += String.fromCharCode(c);
    }
  }
  return command;
}

/** Takes one message off the front of `buffer`, or says more bytes are needed, or why the stream is invalid. Never throws. */
export function decodeEnvelope(buffer: Uint8Array, magic: Uint8Array, limits: EnvelopeLimits = {}): EnvelopeDecodeResult {
  if (buffer.length < ENVELOPE_HEADER_SIZE) {
    // A wrong magic is detectable from the first bytes; report it early.
    for (let i = 0; i < Math.min(4, buffer.length); i++) {
      if (buffer[i] !== magic[i]) return { status: 'invalid', failure: { code: 'bad-magic', detail: `magic ${hex(buffer.subarray(0, 4))} != ${hex(magic)}` } };
    }
    return { status: 'needMore' };
  }
  for (let i = 0; i < 4; i++) {
    if (buffer[i] !== magic[i]) return { status: 'invalid', failure: { code: 'bad-magic', detail: `magic ${hex(buffer.subarray(0, 4))} != ${hex(magic)}` } };
  }
  const command = readCommand(buffer);
  if (command === null) {
    return { status: 'invalid', failure: { code: 'malformed', detail: `invalid command field ${hex(buffer.subarray(4, 16))}` } };
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const length = view.getUint32(16, true);
  const max = Math.min(MAX_SIZE, (limits.maxPayloadLength ?? defaultMaxPayloadLength)(command));
  if (length > max) {
    return { status: 'invalid', failure: { code: 'oversized', detail: `${command} announces ${length} bytes, limit ${max}` } };
  }
  const total = ENVELOPE_HEADER_SIZE + length;
  if (buffer.length < total) return { status: 'needMore' };
  const payload = buffer.slice(ENVELOPE_HEADER_SIZE, total);
  const sum = sha256d(payload);
  for (let i = 0; i < CHECKSUM_SIZE; i++) {
    if (buffer[20 + i] !== sum[i]) {
      return { status: 'invalid', failure: { code: 'bad-checksum', detail: `${command}: checksum ${hex(buffer.subarray(20, 24))} != ${hex(sum.subarray(0, 4))}` } };
    }
  }
  return { status: 'ok', message: { command, payload }, consumed: total };
}
