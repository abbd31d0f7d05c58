// The v1 (plaintext) transport: frames outgoing messages with the v1 envelope and takes complete
// messages off the received byte stream, whatever its fragmentation.
//
//   receive(bytes) ──► decodeEnvelope ──ok──────► message, consume, repeat
//                          │ needMore ──► keep the incomplete tail in the buffer, wait for more
//                          │ invalid  ──► failed (terminal: every later receive reports the failure)
//
// With nothing buffered, whole frames are taken straight from the received chunk; only an incomplete
// tail is copied into one growable buffer with a read offset (amortised O(n), no re-concatenation per
// chunk). The buffer never holds more than one incomplete message: an announced length above the
// limit fails as soon as the 24-byte header is in, so it stays below 24 + MAX_PROTOCOL_MESSAGE_LENGTH
// plus one chunk, and a buffer grown by a large message is released once it drains. The checksum of
// the last 8-byte payload sent (a ping) is remembered, so the pong that echoes it is not hashed again.
import { decodeEnvelope, EchoChecksum, encodeEnvelope, type EnvelopeLimits } from '../protocol/envelope.js';
import type { WireMessage } from '../protocol/types.js';
import type { Transport, TransportFailure, TransportOutput } from './transport.js';
import { ReceiveBuffer } from './receive-buffer.js';

const NOTHING: readonly Uint8Array[] = [];

/** Creates a v1 transport for a network's 4 magic bytes. */
export function createV1Transport(magic: Uint8Array, limits: EnvelopeLimits = {}): Transport {
  if (magic.length !== 4) throw new RangeError('magic must be 4 bytes');
  const magicCopy = magic.slice();
  const buffer = new ReceiveBuffer();
  // The checksum of our last ping, for the pong that echoes it.
  const echo = new EchoChecksum();
  let failure: TransportFailure | undefined;

  const fail = (messages: WireMessage[], f: TransportFailure): TransportOutput => {
    failure = f;
    buffer.clear();
    return { messages, toSend: NOTHING, failure: f };
  };

  return {
    version: 'v1',
    start(): Uint8Array {
      return new Uint8Array(0);
    },
    receive(bytes: Uint8Array): TransportOutput {
      const failed = failure;
      if (failed) return { messages: [], toSend: NOTHING, failure: failed };
      const messages: WireMessage[] = [];
      // Fast path: with nothing buffered, take whole frames straight from the chunk (payloads are views
      // into it: the transport owns received chunks) and buffer only the incomplete tail.
      let input = bytes;
      if (buffer.length === 0) {
        for (;;) {
          const r = decodeEnvelope(input, magicCopy, limits, false, echo);
          if (r.status === 'needMore') break;
          if (r.status === 'invalid') return fail(messages, r.failure);
          messages.push(r.message);
          input = input.subarray(r.consumed);
        }
        if (input.length > 0) buffer.append(input);
        return { messages, toSend: NOTHING };
      }
      buffer.append(input);
      for (;;) {
        const r = decodeEnvelope(buffer.view(), magicCopy, limits, true, echo);
        if (r.status === 'needMore') break;
        if (r.status === 'invalid') return fail(messages, r.failure);
        messages.push(r.message);
        buffer.consume(r.consumed);
      }
      return { messages, toSend: NOTHING };
    },
    send(message: WireMessage): Uint8Array {
      return encodeEnvelope(magicCopy, message.command, message.payload, echo);
    },
    isReady(): boolean {
      return true;
    },
    sessionId(): string | null {
      return null;
    },
    shouldRetryWithV1(): boolean {
      return false;
    },
  };
}
