// The byte-in/byte-out Transport interface (design.md §2), shared by v1 and BIP324 v2. A transport
// never touches a socket: the engine feeds it received bytes and writes out whatever it returns.
//
//   connect ──► start() bytes ──► receive(bytes)* ──► { messages, toSend, failure? }
//                                  send(msg) ──► bytes (possibly empty until a v2 handshake is done)
import type { WireMessage } from '../protocol/types.js';

/** Which wire protocol a transport speaks. */
export type TransportVersion = 'v1' | 'v2';

/** Why a transport gave up on the byte stream; the engine disconnects (and may add ban score). */
export type TransportFailure =
  | { readonly code: 'bad-magic'; readonly detail: string }
  | { readonly code: 'bad-checksum'; readonly detail: string }
  | { readonly code: 'oversized'; readonly detail: string }
  | { readonly code: 'malformed'; readonly detail: string }
  | { readonly code: 'v1-peer'; readonly detail: string }
  | { readonly code: 'garbage-too-long'; readonly detail: string }
  | { readonly code: 'decrypt-failed'; readonly detail: string };

/** What one call to `receive` produced. */
export interface TransportOutput {
  /** Complete application messages, in order. */
  readonly messages: readonly WireMessage[];
  /** Bytes to write to the socket now (v2 handshake replies, queued messages). */
  readonly toSend: readonly Uint8Array[];
  /** Set when the stream is unusable; nothing after it is delivered. */
  readonly failure?: TransportFailure;
}

/** A sans-I/O transport for one connection. */
export interface Transport {
  /** v1 or v2. */
  readonly version: TransportVersion;
  /** Bytes to write right after the TCP connection opens (v1: none; v2 initiator: key + garbage). */
  start(): Uint8Array;
  /** Feeds received bytes (any fragmentation); returns messages, replies and/or a failure. Takes ownership of `bytes`: payloads may be views into it, so the caller must not reuse the buffer. */
  receive(bytes: Uint8Array): TransportOutput;
  /** Frames one message; returns the bytes to write now (empty while a v2 handshake is still running; they come out of a later `receive`). */
  send(message: WireMessage): Uint8Array;
  /** True once application messages can flow both ways (v1: always). */
  isReady(): boolean;
  /** The BIP324 session id (hex) once the v2 handshake is done; null for v1. */
  sessionId(): string | null;
  /** After the peer closed the connection: true when a v1 retry is warranted (Core's rule: v2 initiator sent its key and received nothing). */
  shouldRetryWithV1(): boolean;
}
