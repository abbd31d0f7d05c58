// Fuzz targets: every decoder of untrusted bytes or text, each with valid seed inputs to mutate.
// Contract: the target returns (a value or a typed error value) — it never throws, never hangs and
// never allocates from an unchecked length. Shared by the fast subset (npm test) and npm run fuzz.
import fc from 'fast-check';
import { seededRandom } from '../../source/shared/random.js';
import { DecodeError } from '../../source/shared/errors.js';
import { networkParams } from '../../source/protocol/networks.js';
import { decodeEnvelope, encodeEnvelope } from '../../source/protocol/envelope.js';
import { decodePayload, encodePayload, KNOWN_COMMANDS } from '../../source/protocol/messages.js';
import { buildVersionMessage } from '../../source/protocol/version.js';
import { parsePeerTarget } from '../../source/protocol/netaddr.js';
import { parseServices } from '../../source/protocol/services.js';
import type { Message } from '../../source/protocol/types.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { createV2Transport } from '../../source/transport/v2.js';
import { ellswiftCreate } from '../../source/transport/bip324/ellswift.js';
import { toWireMessage } from '../../source/protocol/messages.js';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import { deserializeBook, serializeBook } from '../../source/address-manager/serialize.js';
import { decodeRecords, encodeRecords } from '../../source/chain/store-format.js';
import { decodeAnchors, encodeAnchors } from '../../source/engine/anchors.js';
import { handleRpcBody } from '../../source/api/jsonrpc.js';
import { createSimulatedController } from '../../source/testing/sim-controller.js';

const params = networkParams('regtest');

/** A fuzz target over bytes. */
export interface FuzzTarget {
  readonly name: string;
  /** Valid inputs to mutate. */
  readonly seeds: readonly Uint8Array[];
  /** Runs the decoder; throws only if the contract is broken. */
  run(input: Uint8Array): void | Promise<void>;
}

/** Rethrows anything that is not a typed DecodeError (a typed error is an acceptable outcome). */
function guard(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return;
    throw err;
  }
}

const SAMPLE_MESSAGES: Message[] = [
  buildVersionMessage({ services: 9n, timestamp: 1_700_000_000n, receiver: null, receiverServices: 0n, nonce: 1n, startHeight: 5, relay: true }),
  { type: 'ping', nonce: 7n },
  { type: 'addr', entries: [{ time: 1_700_000_000, services: 9n, addr: { network: 'ipv4', bytes: new Uint8Array([1, 2, 3, 4]), port: 8333 } }] },
  { type: 'addrv2', skipped: 0, entries: [{ time: 1_700_000_000, services: 9n, addr: { network: 'onion', bytes: new Uint8Array(32).fill(7), port: 8333 } }] },
  { type: 'headers', headers: [params.genesis] },
  { type: 'getheaders', version: 70016, locator: [new Uint8Array(32)], stop: new Uint8Array(32) },
  { type: 'inv', items: [{ type: 2, hash: new Uint8Array(32).fill(1) }] },
  { type: 'reject', message: 'tx', code: 16, reason: 'bad', data: new Uint8Array(32) },
  { type: 'sendcmpct', announce: true, version: 2n },
];

const book = new AddressManager({ random: seededRandom(1), allowPrivateAddresses: false });
book.add(SAMPLE_MESSAGES.flatMap((m) => (m.type === 'addr' || m.type === 'addrv2' ? m.entries : [])), { kind: 'user' }, 1_700_000_000_000);
book.ban('1.2.3.0/24', 1_800_000_000_000, 'test', 1_700_000_000_000);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

let rpcNode: ReturnType<typeof createSimulatedController> | null = null;

/** The responder of the v2 target: fixed keys and seed, so the same bytes always meet the same session. */
const V2_RESPONDER_KEYS = ellswiftCreate(seededRandom(9));
const newV2Responder = () => createV2Transport(params, seededRandom(10), { role: 'responder', keyPair: V2_RESPONDER_KEYS, garbageLength: 16 });
/** A valid initiator stream to that responder: key, garbage, terminator, a decoy, version packet, messages, decoys. */
const V2_SENT = SAMPLE_MESSAGES.map(toWireMessage);
const V2_STREAM = ((): Uint8Array => {
  const initiator = createV2Transport(params, seededRandom(11), { garbageLength: 40, handshakeDecoys: 1 });
  const responder = newV2Responder();
  const start = initiator.start();
  const rest: Uint8Array[] = [];
  for (const reply of responder.receive(start).toSend) rest.push(...initiator.receive(reply).toSend);
  for (const m of V2_SENT) { rest.push(initiator.send(m)); rest.push(initiator.sendDecoy(5)); }
  const stream = new Uint8Array(Buffer.concat([start, ...rest]));
  // The unmodified seed must deliver everything, or the target would pass vacuously.
  if (newV2Responder().receive(stream).messages.length !== V2_SENT.length) throw new Error('v2-stream seed does not deliver its messages');
  return stream;
})();
const sameMessage = (a: { command: string; payload: Uint8Array }, b: { command: string; payload: Uint8Array }): boolean =>
  a.command === b.command && Buffer.from(a.payload).equals(Buffer.from(b.payload));

/** Every target. */
export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'envelope',
    seeds: SAMPLE_MESSAGES.map((m) => encodeEnvelope(params.magic, m.type, encodePayload(m))),
    run: (b) => guard(() => decodeEnvelope(b, params.magic)),
  },
  ...KNOWN_COMMANDS.map((command): FuzzTarget => ({
    name: `payload:${command}`,
    seeds: SAMPLE_MESSAGES.filter((m) => m.type === command).map(encodePayload),
    run: (b) => guard(() => decodePayload(command, b)),
  })),
  {
    name: 'v1-stream',
    seeds: [new Uint8Array(SAMPLE_MESSAGES.flatMap((m) => [...encodeEnvelope(params.magic, m.type, encodePayload(m))]))],
    run: (b) => guard(() => { const t = createV1Transport(params.magic); for (let i = 0; i < b.length; i += 7) t.receive(b.subarray(i, i + 7)); }),
  },
  {
    // v2↔v2 (Core's p2p_transport_serialization idea): whatever the bytes, the responder never throws,
    // and every message it delivers is the one the real initiator sent at that position — flipped,
    // cut or inserted bytes end in a failure or a wait, never in a forged message.
    name: 'v2-stream',
    seeds: [V2_STREAM],
    run: (b) => {
      const t = newV2Responder();
      const got: { command: string; payload: Uint8Array }[] = [];
      for (let i = 0; i < b.length; i += 29) got.push(...t.receive(b.subarray(i, i + 29)).messages);
      got.forEach((m, i) => {
        const want = V2_SENT[i];
        if (want === undefined || !sameMessage(m, want)) throw new Error(`v2 delivered a message the initiator did not send at position ${i}`);
      });
    },
  },
  { name: 'address-book', seeds: [serializeBook(book)], run: (b) => guard(() => deserializeBook(b, { random: seededRandom(2), allowPrivateAddresses: false })) },
  { name: 'header-store', seeds: [encodeRecords([encodePayload({ type: 'headers', headers: [params.genesis] }).subarray(1, 81)])], run: (b) => guard(() => decodeRecords(b)) },
  { name: 'anchors', seeds: [encodeAnchors([{ network: 'ipv4', bytes: new Uint8Array([1, 2, 3, 4]), port: 8333 }])], run: (b) => guard(() => decodeAnchors(b)) },
  { name: 'peer-target', seeds: ['127.1.0.1', '[::1]:18444', 'seed.example.org:8333', 'vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion'].map(enc), run: (b) => guard(() => parsePeerTarget(dec(b), 8333)) },
  { name: 'services', seeds: ['NETWORK,WITNESS', '0x9', '1033'].map(enc), run: (b) => guard(() => parseServices(dec(b))) },
  {
    name: 'json-rpc-body',
    seeds: ['{"jsonrpc":"1.0","id":1,"method":"getpeerinfo","params":[]}', '[{"method":"addnode","params":["127.1.0.1","add"],"id":2}]', '{"jsonrpc":"2.0","method":"setban","params":{"subnet":"1.2.3.0/24","command":"add"},"id":3}'].map(enc),
    async run(b) {
      rpcNode ??= createSimulatedController({ seed: 3, peers: 50 });
      const text = dec(b);
      if (/"(stop|shutdown)"/.test(text)) return; // would stop the shared node, not a decoder case
      const reply = await handleRpcBody(text, rpcNode);
      if (reply.body !== null) JSON.parse(reply.body);
    },
  },
];

/** Generated or mutated inputs for a target: random bytes, or a seed with flips/inserts/deletes/truncation. */
export function inputs(target: FuzzTarget): fc.Arbitrary<Uint8Array> {
  const random = fc.uint8Array({ maxLength: 512 });
  if (target.seeds.length === 0) return random;
  const mutated = fc.tuple(fc.constantFrom(...target.seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
    .map(([seed, edits]) => {
      let b = [...seed];
      for (const [pos, op, byte] of edits) {
        const i = b.length === 0 ? 0 : pos % b.length;
        if (op === 0) b[i] = byte;
        else if (op === 1) b.splice(i, 0, byte);
        else if (op === 2) b.splice(i, 1);
        else b = b.slice(0, i);
      }
      return new Uint8Array(b);
    });
  return fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: random, weight: 1 });
}
