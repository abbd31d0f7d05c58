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
// plus one chunk, and a buffer grown by a large message is released once it drains.
import { decodeEnvelope, encodeEnvelope, type EnvelopeLimits } from '../protocol/envelope.js';
import type { WireMessage } from '../protocol/types.js';
import type { Transport, TransportFailure, TransportOutput } from './transport.js';

/** Initial receive-buffer capacity (grows by doubling). */
const INITIAL_BUFFER_BYTES = 16 * 1024;
/** A buffer grown beyond this by one large message is released once it drains. */
const RELEASE_BUFFER_BYTES = 1024 * 1024;

const NOTHING: readonly Uint8Array[] = [];

/** A byte queue: append at the end, consume from the front, compacting when the front gap is large. */
class ReceiveBuffer {
  private buf = new Uint8Array(INITIAL_BUFFER_BYTES);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.buf.length) {
      const live = this.end - this.start;
      const needed = live + bytes.length;
      if (needed <= this.buf.length && this.start >= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let cap = this.buf.length;
        while (cap < needed) cap *= 2;
        const next = new Uint8Array(cap);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
      // Release a buffer grown by one large message.
      if (this.buf.length > RELEASE_BUFFER_BYTES) this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    }
  }

  clear(): void {
    this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    this.start = 0;
    this.end = 0;
  }
}

/** Creates a v1 transport for a network's 4 magic bytes. */
export function createV1Transport(magic: Uint8Array, limits: EnvelopeLimits = {}): Transport {
  if (magic.length !== 4) throw new RangeError('magic must be 4 bytes');
  const magicCopy = magic.slice();
  const buffer = new ReceiveBuffer();
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
      // Fast path: with nothing buffered, take whole frames straight from the chunk and buffer only
      // the incomplete tail (saves one copy of every payload).
      let input = bytes;
      if (buffer.length === 0) {
        for (;;) {
          const r = decodeEnvelope(input, magicCopy, limits);
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
        const r = decodeEnvelope(buffer.view(), magicCopy, limits);
        if (r.status === 'needMore') break;
        if (r.status === 'invalid') return fail(messages, r.failure);
        messages.push(r.message);
        buffer.consume(r.consumed);
      }
      return { messages, toSend: NOTHING };
    },
    send(message: WireMessage): Uint8Array {
      return encodeEnvelope(magicCopy, message.command, message.payload);
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
