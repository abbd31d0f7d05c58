// Canopy's own BIP324 responder on a real loopback socket, answering like a node (version/verack,
// ping → pong). Like Bitcoin Core, it can also accept v1 dialers: when the first 16 bytes are a v1
// version header, the connection continues with a v1 transport fed the same bytes.
import net from 'node:net';
import { decodeWireMessage, toWireMessage } from '../../source/protocol/messages.js';
import { networkParams } from '../../source/protocol/networks.js';
import type { Message } from '../../source/protocol/types.js';
import { seededRandom } from '../../source/shared/random.js';
import type { Transport } from '../../source/transport/transport.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { createV2Transport } from '../../source/transport/v2.js';
import { answerLikeANode } from './v1-responders.js';

/** What one accepted connection turned out to be. */
export interface ResponderConnection {
  transport: 'v1' | 'v2' | 'undecided';
  sessionId: string | null;
  pings: number;
  handshake: boolean;
}

/** A running v2 responder. */
export interface V2Responder {
  readonly address: string;
  readonly port: number;
  /** Every connection accepted so far, in order. */
  connections(): readonly ResponderConnection[];
  close(): Promise<void>;
}

/** Starts a responder on host:port; `acceptV1` lets v1 dialers in (Core's behaviour), else they are hung up on. */
export async function startV2Responder(host: string, options: { acceptV1?: boolean; port?: number } = {}): Promise<V2Responder> {
  const params = networkParams('regtest');
  const connections: ResponderConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const conn: ResponderConnection = { transport: 'undecided', sessionId: null, pings: 0, handshake: false };
    connections.push(conn);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let transport: Transport = createV2Transport(params, seededRandom(connections.length * 31 + 7), { role: 'responder' });
    const seen: Buffer[] = [];
    const write = (bytes: Uint8Array): void => { if (!socket.destroyed && bytes.length > 0) socket.write(bytes); };
    const send = (msg: Message): void => write(transport.send(toWireMessage(msg)));
    socket.on('data', (chunk: Buffer) => {
      if (conn.transport === 'undecided') seen.push(chunk);
      let out = transport.receive(chunk);
      if (out.failure?.code === 'v1-peer' && options.acceptV1 === true) {
        transport = createV1Transport(params.magic);
        out = transport.receive(Buffer.concat(seen));
      }
      if (out.failure !== undefined) { socket.destroy(); return; }
      if (conn.transport === 'undecided' && (transport.version === 'v1' || out.toSend.length > 0)) {
        conn.transport = transport.version;
        seen.length = 0;
      }
      for (const bytes of out.toSend) write(bytes);
      conn.sessionId = transport.sessionId();
      for (const wire of out.messages) {
        const decoded = decodeWireMessage(wire);
        if (!decoded.ok) continue;
        if (decoded.value.type === 'ping') conn.pings++;
        if (answerLikeANode(decoded.value, send, connections.length)) conn.handshake = true;
      }
    });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port ?? 0, host, resolve); });
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `${host}:${port}`,
    port,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
