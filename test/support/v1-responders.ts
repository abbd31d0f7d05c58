// Minimal scripted v1 peers on loopback for tests and benchmarks, built on the protocol codecs:
// 'complete' answers version/verack and ping→pong like a real node (NETWORK|WITNESS, height 0);
// 'silent' accepts TCP and never says a word (for handshake timeouts). Many can listen at once.
import net from 'node:net';
import { decodeWireMessage, toWireMessage } from '../../source/protocol/messages.js';
import { networkParams } from '../../source/protocol/networks.js';
import type { Message } from '../../source/protocol/types.js';
import { buildVersionMessage } from '../../source/protocol/version.js';
import { createV1Transport } from '../../source/transport/v1.js';

/** How a responder behaves. */
export type ResponderMode = 'complete' | 'silent';

/** A running responder. */
export interface V1Responder {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Handshakes completed (verack received from the dialer). */
  handshakes(): number;
  close(): Promise<void>;
}

/**
 * Answers one message as a plain node would (version → version + verack, ping → pong). Returns true
 * when the message was the dialer's verack, i.e. the handshake completed.
 */
export function answerLikeANode(msg: Message, send: (msg: Message) => void, connection: number): boolean {
  if (msg.type === 'version') {
    send(buildVersionMessage({
      services: 9n, timestamp: BigInt(Math.floor(Date.now() / 1000)), receiverServices: 0n, receiver: null,
      nonce: BigInt(connection) * 7919n + 1n, startHeight: 0, relay: false, userAgent: '/responder:1.0/',
    }));
    send({ type: 'verack' });
  } else if (msg.type === 'ping') {
    send({ type: 'pong', nonce: msg.nonce });
  }
  return msg.type === 'verack';
}

/** Starts one responder on host:port (port 0 → any free port). */
export async function startV1Responder(host: string, mode: ResponderMode = 'complete', port = 0): Promise<V1Responder> {
  const params = networkParams('regtest');
  let accepted = 0;
  let handshakes = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (mode === 'silent') return;
    const transport = createV1Transport(params.magic);
    const send = (msg: Message): void => { if (!socket.destroyed) socket.write(transport.send(toWireMessage(msg))); };
    socket.on('data', (chunk: Buffer) => {
      const out = transport.receive(chunk);
      if (out.failure) { socket.destroy(); return; }
      for (const wire of out.messages) {
        const decoded = decodeWireMessage(wire);
        if (decoded.ok && answerLikeANode(decoded.value, send, accepted)) handshakes++;
      }
    });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const actualPort = (server.address() as net.AddressInfo).port;
  return {
    host,
    port: actualPort,
    address: `${host}:${actualPort}`,
    accepted: () => accepted,
    handshakes: () => handshakes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
