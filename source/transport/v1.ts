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
  return new V1Transport(magic.slice(), limits);
}

/** The v1 transport's state; a class, so a connection allocates one object and no method closures. */
class V1Transport implements Transport {
  readonly version = 'v1' as const;
  private readonly buffer = new ReceiveBuffer();
  /** The checksum of our last ping, for the pong that echoes it. */
  private readonly echo = new EchoChecksum();
  private failure: TransportFailure | undefined;

  constructor(private readonly magic: Uint8Array, private readonly limits: EnvelopeLimits) {}

  /** {@inheritDoc Transport.start} */
  start(): Uint8Array {
    return new Uint8Array(0);
  }

  /** {@inheritDoc Transport.receive} */
  receive(bytes: Uint8Array): TransportOutput {
    const failed = this.failure;
    if (failed) return { messages: [], toSend: NOTHING, failure: failed };
    const messages: WireMessage[] = [];
    const buffer = this.buffer;
    // Fast path: with nothing buffered, take whole frames straight from the chunk (payloads are views
    // into it: the transport owns received chunks) and buffer only the incomplete tail.
    let input = bytes;
    if (buffer.length === 0) {
      for (;;) {
        const r = decodeEnvelope(input, this.magic, this.limits, false, this.echo);
        if (r.status === 'needMore') break;
        if (r.status === 'invalid') return this.fail(messages, r.failure);
        messages.push(r.message);
        if (r.consumed === input.length) return { messages, toSend: NOTHING }; // the usual chunk: whole frames, nothing left
        input = input.subarray(r.consumed);
      }
      if (input.length > 0) buffer.append(input);
      return { messages, toSend: NOTHING };
    }
    buffer.append(input);
    for (;;) {
      const r = decodeEnvelope(buffer.view(), this.magic, this.limits, true, this.echo);
      if (r.status === 'needMore') break;
      if (r.status === 'invalid') return this.fail(messages, r.failure);
      messages.push(r.message);
      buffer.consume(r.consumed);
    }
    return { messages, toSend: NOTHING };
  }

  /** {@inheritDoc Transport.send} */
  send(message: WireMessage): Uint8Array {
    return encodeEnvelope(this.magic, message.command, message.payload, this.echo);
  }

  /** {@inheritDoc Transport.isReady} */
  isReady(): boolean {
    return true;
  }

  /** {@inheritDoc Transport.sessionId} */
  sessionId(): string | null {
    return null;
  }

  /** {@inheritDoc Transport.shouldRetryWithV1} */
  shouldRetryWithV1(): boolean {
    return false;
  }

  /** The stream is unusable from here on: later receives report the same failure. */
  private fail(messages: WireMessage[], f: TransportFailure): TransportOutput {
    this.failure = f;
    this.buffer.clear();
    return { messages, toSend: NOTHING, failure: f };
  }
}
