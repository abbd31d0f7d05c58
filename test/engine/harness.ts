// Test harness: the real engine with a real address manager and header chain on regtest, fed inputs
// by hand; scripted peers answer with real v1-framed messages. Simulated time, no sockets.
import { seededRandom } from '../../source/shared/random.js';
import { networkParams } from '../../source/protocol/networks.js';
import { encodeEnvelope } from '../../source/protocol/envelope.js';
import { toWireMessage, decodeWireMessage } from '../../source/protocol/messages.js';
import { buildVersionMessage } from '../../source/protocol/version.js';
import { NODE_NETWORK, NODE_WITNESS } from '../../source/protocol/services.js';
import type { Message } from '../../source/protocol/types.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import { createHeaderChain } from '../../source/chain/header-chain.js';
import { createEngine } from '../../source/engine/engine.js';
import type { EngineOptions } from '../../source/engine/options.js';
import type { Command, CommandResult, Effect, Input, NodeEvent, PeerId } from '../../source/engine/types.js';

export const params = networkParams('regtest');
export const T0 = Date.UTC(2026, 10, 25, 12);

/** Builds an engine with real parts; `over` replaces options. */
export function makeEngine(over: Partial<EngineOptions> = {}) {
  const random = seededRandom(over.config?.['seed'] ?? 1);
  const book = new AddressManager({ random, allowPrivateAddresses: true });
  const chain = createHeaderChain('regtest');
  const engine = createEngine({
    params, random, addressBook: book, chain, preferV2: false, createTransport: () => createV1Transport(params.magic),
    requiredServices: NODE_NETWORK | NODE_WITNESS, useDnsSeeds: false, checkConsistency: true, ...over,
  });
  const effects: Effect[] = [];
  let now = T0;
  let req = 0;
  const feed = (input: Input): Effect[] => {
    now = input.now;
    const out = engine.handle(input);
    effects.push(...out);
    return out;
  };
  return {
    engine, book, chain, effects,
    get now() { return now; },
    feed,
    start: () => feed({ type: 'start', now }),
    tick: (at: number) => feed({ type: 'tick', now: at }),
    command(command: Command, at = now): CommandResult {
      const id = ++req;
      const out = feed({ type: 'command', now: at, requestId: id, command });
      const r = out.find((e): e is Extract<Effect, { type: 'command-result' }> => e.type === 'command-result' && e.requestId === id);
      if (r === undefined) throw new Error('no command result');
      return r.result;
    },
    events(): NodeEvent[] {
      return effects.flatMap((e) => (e.type === 'event' ? [e.event] : []));
    },
    dials(): Extract<Effect, { type: 'dial' }>[] {
      return effects.filter((e): e is Extract<Effect, { type: 'dial' }> => e.type === 'dial');
    },
  };
}

/** Frames a message as a peer would send it. */
export function frame(msg: Message): Uint8Array {
  const w = toWireMessage(msg);
  return encodeEnvelope(params.magic, w.command, w.payload);
}

/** A peer's version message. */
export function peerVersion(services: bigint = NODE_NETWORK | NODE_WITNESS, nonce = 42n): Message {
  return buildVersionMessage({ services, timestamp: BigInt(Math.floor(T0 / 1000)), receiver: null, receiverServices: 0n, nonce, startHeight: 0, relay: true, userAgent: '/Satoshi:27.0.0/' });
}

/** Completes a handshake for a dialled peer: dialed, version + verack from the peer. */
export function handshake(h: ReturnType<typeof makeEngine>, peerId: PeerId, at: number, services?: bigint): Effect[] {
  h.feed({ type: 'dialed', now: at, peerId });
  return h.feed({ type: 'received', now: at + 1, peerId, bytes: new Uint8Array([...frame(peerVersion(services, BigInt(peerId) + 1000n)), ...frame({ type: 'verack' })]) });
}

/** Decodes what the engine sent to a peer (v1). */
export function sentMessages(effects: readonly Effect[], peerId: PeerId): Message[] {
  const t = createV1Transport(params.magic);
  const out: Message[] = [];
  for (const e of effects) {
    if (e.type !== 'send' || e.peerId !== peerId) continue;
    for (const w of t.receive(e.bytes).messages) {
      const d = decodeWireMessage(w);
      if (d.ok) out.push(d.value);
    }
  }
  return out;
}
