// The BIP324 v2 (encrypted) transport, both roles, as a byte-in/byte-out state machine.
//
//   initiator: start() ─► key ‖ garbage
//   responder: first bytes ─► not "magic ‖ version\0…" ─► key ‖ garbage        (else failure v1-peer)
//   both:      their 64-byte key ─► ECDH, keys ─► terminator ‖ [decoys] ‖ version packet ‖ queued messages
//   receive:   key ─► garbage … terminator (≤ 4095 bytes before it) ─► packets: the first one carries
//              the garbage as AAD; decoys skipped; the first real packet is the version packet
//              (contents ignored); every later one is a message (short id or 0x00 + 12-byte command)
//
// Fall-back (Bitcoin Core's ShouldReconnectV1): an initiator whose key the peer never answered — it
// received nothing at all, after sending at least a v1 header's worth — may retry with v1. Canopy also
// counts a peer that answers with a v1 `version` message (bcoin speaks first) as a v1 peer.
import type { NetworkParams } from '../protocol/params.js';
import type { WireMessage } from '../protocol/types.js';
import { MAX_PROTOCOL_MESSAGE_LENGTH, MESSAGE_TYPE_SIZE } from '../protocol/limits.js';
import { ENVELOPE_HEADER_SIZE } from '../protocol/envelope.js';
import type { Random } from '../shared/random.js';
import type { Transport, TransportFailure, TransportOutput } from './transport.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { ellswiftCreate, type EllswiftKeyPair } from './bip324/ellswift.js';
import { GARBAGE_TERMINATOR_LEN, HEADER_LEN, LENGTH_FIELD_LEN, TAG_LEN, initializeCipher, type PacketCipher } from './bip324/cipher.js';
import { contentsPrefix, decodeContents } from './bip324/message-ids.js';

/** Longest garbage either side may send: 4095 bytes (BIP324 MAX_GARBAGE_LEN). */
export const MAX_GARBAGE_LEN = 4095;
/** Bytes of an ElligatorSwift public key. */
export const ELLSWIFT_LEN = 64;
/** Longest packet contents accepted: type byte + 12-byte command + the largest payload (Core: V2Transport::MAX_CONTENTS_LEN). */
export const MAX_CONTENTS_LEN = 1 + MESSAGE_TYPE_SIZE + MAX_PROTOCOL_MESSAGE_LENGTH;
/** Bytes of the v1 prefix a responder checks: magic ‖ "version" ‖ five NULs (Core: V1_PREFIX_LEN = 16). */
const V1_PREFIX_LEN = 16;

/** Which end of the connection this transport is. */
export type V2Role = 'initiator' | 'responder';

/** Options of a v2 transport; everything but the role exists for tests and benchmarks. */
export interface V2Options {
  readonly role?: V2Role;
  /** Garbage bytes to send (default: uniform in 0..4095, as Core). */
  readonly garbageLength?: number;
  /** Decoy packets sent between the garbage terminator and the version packet. */
  readonly handshakeDecoys?: number;
  /** A fixed key pair instead of a fresh one. */
  readonly keyPair?: EllswiftKeyPair;
}

/** A v2 transport: the Transport interface plus decoys and counters. */
export interface V2Transport extends Transport {
  readonly role: V2Role;
  /** Frames a decoy packet of `length` random bytes (queued like a message until the handshake allows sending). */
  sendDecoy(length: number): Uint8Array;
  /** Decoys received and skipped so far. */
  decoysReceived(): number;
  /** Messages dropped for an unknown short id or a malformed command (Core drops them without disconnecting). */
  messagesDropped(): number;
}

type RecvState = 'v1-check' | 'key' | 'garbage' | 'packets' | 'failed';
type Outgoing = { readonly message: WireMessage } | { readonly decoy: Uint8Array };

const EMPTY = new Uint8Array(0);

/** The 16 bytes a v1 peer's first message starts with: magic ‖ "version" ‖ NUL × 5. */
function v1Prefix(magic: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(V1_PREFIX_LEN);
  prefix.set(magic, 0);
  prefix.set(Buffer.from('version', 'ascii'), 4);
  return prefix;
}

/** Index of `needle` in `haystack`, or −1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
}

/** Creates a BIP324 transport (initiator unless `options.role` says responder). */
export function createV2Transport(params: Pick<NetworkParams, 'magic'>, random: Random, options: V2Options = {}): V2Transport {
  const role: V2Role = options.role ?? 'initiator';
  const initiating = role === 'initiator';
  const magic = params.magic.slice();
  const prefix = v1Prefix(magic);
  const keys = options.keyPair ?? ellswiftCreate(random);
  const garbage = random.bytes(options.garbageLength ?? random.nextInt(MAX_GARBAGE_LEN + 1));
  if (garbage.length > MAX_GARBAGE_LEN) throw new RangeError(`garbage of ${garbage.length} bytes exceeds ${MAX_GARBAGE_LEN}`);
  const buffer = new ReceiveBuffer();

  let recvState: RecvState = initiating ? 'key' : 'v1-check';
  let failure: TransportFailure | undefined;
  let cipher: PacketCipher | null = null;
  let keySent = false;
  let bytesSent = 0;
  let bytesReceived = 0;
  let v1Detected = false;
  let sendReady = false;
  let versionReceived = false;
  let receivedGarbage: Uint8Array | null = null;
  let pendingLength: number | null = null;
  let decoys = 0;
  let dropped = 0;
  const queue: Outgoing[] = [];

  const keyAndGarbage = (): Uint8Array => {
    keySent = true;
    const out = new Uint8Array(ELLSWIFT_LEN + garbage.length);
    out.set(keys.ellswift, 0);
    out.set(garbage, ELLSWIFT_LEN);
    bytesSent += out.length;
    return out;
  };

  const frame = (c: PacketCipher, item: Outgoing, aad: Uint8Array): Uint8Array =>
    'message' in item
      ? c.encrypt(aad, false, contentsPrefix(item.message.command), item.message.payload)
      : c.encrypt(aad, true, item.decoy);

  /** After their key: terminator, handshake decoys, version packet, then everything queued. */
  const handshakeTail = (c: PacketCipher, toSend: Uint8Array[]): void => {
    toSend.push(c.sendGarbageTerminator);
    let aad: Uint8Array = garbage;
    for (let i = 0; i < (options.handshakeDecoys ?? 0); i++) {
      toSend.push(c.encrypt(aad, true, random.bytes(random.nextInt(64))));
      aad = EMPTY;
    }
    toSend.push(c.encrypt(aad, false));
    sendReady = true;
    for (const item of queue.splice(0)) toSend.push(frame(c, item, EMPTY));
  };

  const fail = (code: TransportFailure['code'], detail: string): TransportFailure => {
    const f: TransportFailure = { code, detail };
    failure = f;
    recvState = 'failed';
    buffer.clear();
    return f;
  };

  /** Matches the received prefix against a v1 version header: 'v1' (all 16 match), 'v2' (a mismatch) or 'wait'. */
  const checkV1Prefix = (): 'v1' | 'v2' | 'wait' => {
    const view = buffer.view();
    const n = Math.min(V1_PREFIX_LEN, view.length);
    for (let i = 0; i < n; i++) if (view[i] !== prefix[i]) return 'v2';
    return n === V1_PREFIX_LEN ? 'v1' : 'wait';
  };

  /** Runs the receive state machine over the buffer; returns a failure when the stream is unusable. */
  const process = (messages: WireMessage[], toSend: Uint8Array[]): TransportFailure | undefined => {
    for (;;) {
      switch (recvState) {
        case 'failed':
          return failure;
        case 'v1-check': {
          const seen = checkV1Prefix();
          if (seen === 'wait') return undefined;
          if (seen === 'v1') return fail('v1-peer', 'peer sent a v1 version message');
          toSend.push(keyAndGarbage());
          recvState = 'key';
          continue;
        }
        case 'key': {
          if (initiating && checkV1Prefix() !== 'v2') {
            if (buffer.length < V1_PREFIX_LEN) return undefined;
            v1Detected = true;
            return fail('v1-peer', 'peer answered with a v1 version message');
          }
          if (buffer.length < ELLSWIFT_LEN) return undefined;
          const theirs = buffer.view().slice(0, ELLSWIFT_LEN);
          buffer.consume(ELLSWIFT_LEN);
          const c = initializeCipher(keys.privateKey, keys.ellswift, theirs, initiating, magic);
          cipher = c;
          handshakeTail(c, toSend);
          recvState = 'garbage';
          continue;
        }
        case 'garbage': {
          const c = cipher as PacketCipher;
          const view = buffer.view();
          const searchable = view.subarray(0, Math.min(view.length, MAX_GARBAGE_LEN + GARBAGE_TERMINATOR_LEN));
          const at = indexOf(searchable, c.recvGarbageTerminator);
          if (at < 0) {
            if (view.length >= MAX_GARBAGE_LEN + GARBAGE_TERMINATOR_LEN) return fail('garbage-too-long', `no garbage terminator within ${MAX_GARBAGE_LEN} bytes`);
            return undefined;
          }
          receivedGarbage = view.slice(0, at);
          buffer.consume(at + GARBAGE_TERMINATOR_LEN);
          recvState = 'packets';
          continue;
        }
        case 'packets': {
          const c = cipher as PacketCipher;
          if (pendingLength === null) {
            if (buffer.length < LENGTH_FIELD_LEN) return undefined;
            pendingLength = c.decryptLength(buffer.view()); // reads the first 3 bytes
            buffer.consume(LENGTH_FIELD_LEN);
            if (pendingLength > MAX_CONTENTS_LEN) return fail('oversized', `packet contents of ${pendingLength} bytes exceed ${MAX_CONTENTS_LEN}`);
          }
          const sealedLength = HEADER_LEN + pendingLength + TAG_LEN;
          if (buffer.length < sealedLength) return undefined;
          const aad = receivedGarbage ?? EMPTY;
          receivedGarbage = null;
          const packet = c.decrypt(aad, buffer.view().subarray(0, sealedLength));
          buffer.consume(sealedLength);
          pendingLength = null;
          if (packet === null) return fail('decrypt-failed', 'packet failed authentication');
          if (packet.ignore) {
            decoys++;
          } else if (!versionReceived) {
            versionReceived = true; // The version packet's contents are reserved for future use and ignored.
          } else {
            const decoded = decodeContents(packet.contents);
            if (typeof decoded === 'string') dropped++;
            else messages.push(decoded);
          }
          continue;
        }
      }
    }
  };

  return {
    version: 'v2',
    role,
    start(): Uint8Array {
      return initiating && !keySent ? keyAndGarbage() : EMPTY;
    },
    receive(bytes: Uint8Array): TransportOutput {
      if (failure !== undefined) return { messages: [], toSend: [], failure };
      bytesReceived += bytes.length;
      buffer.append(bytes);
      const messages: WireMessage[] = [];
      const toSend: Uint8Array[] = [];
      const failed = process(messages, toSend);
      for (const b of toSend) bytesSent += b.length;
      return failed === undefined ? { messages, toSend } : { messages, toSend, failure: failed };
    },
    send(message: WireMessage): Uint8Array {
      if (!sendReady || cipher === null) {
        contentsPrefix(message.command); // Reject a bad command now, as v1 does.
        queue.push({ message });
        return EMPTY;
      }
      const out = frame(cipher, { message }, EMPTY);
      bytesSent += out.length;
      return out;
    },
    sendDecoy(length: number): Uint8Array {
      const item = { decoy: random.bytes(length) };
      if (!sendReady || cipher === null) {
        queue.push(item);
        return EMPTY;
      }
      const out = frame(cipher, item, EMPTY);
      bytesSent += out.length;
      return out;
    },
    isReady(): boolean {
      return sendReady && versionReceived;
    },
    sessionId(): string | null {
      return cipher !== null && versionReceived ? Buffer.from(cipher.sessionId).toString('hex') : null;
    },
    shouldRetryWithV1(): boolean {
      if (!initiating) return false;
      if (v1Detected) return true;
      return bytesReceived === 0 && keySent && bytesSent >= ENVELOPE_HEADER_SIZE;
    },
    decoysReceived: () => decoys,
    messagesDropped: () => dropped,
  };
}
