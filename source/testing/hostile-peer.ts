// A scriptable hostile peer on a real loopback socket: it speaks v1 correctly up to a point, then
// misbehaves as its script says (escape-laden user agents, addr floods, bad magic/checksum, an
// announced 33 MiB payload, slow-loris, duplicate versions, messages before the handshake, silence
// to pings, reject messages with hostile reasons). Used by the adversarial suite against a real
// running Canopy.
import { createServer, type Server, type Socket } from 'node:net';
import { encodeEnvelope } from '../protocol/envelope.js';
import { decodeWireMessage, encodePayload, toWireMessage } from '../protocol/messages.js';
import { buildVersionMessage } from '../protocol/version.js';
import { NODE_NETWORK, NODE_WITNESS } from '../protocol/services.js';
import type { Message, VersionMessage } from '../protocol/types.js';
import type { NetworkParams } from '../protocol/params.js';
import { createV1Transport } from '../transport/v1.js';

/** What the hostile peer does after the TCP connection opens. */
export type HostileScript =
  | { readonly kind: 'user-agent'; readonly userAgent: string | Uint8Array }
  | { readonly kind: 'reject'; readonly reason: string }
  /** addr (or BIP155 addrv2) messages of `entries` entries, `repeats` times, answering our getaddr;
   * `ownGroup`: every address in the hostile peer's own /16 (an eclipse attempt). */
  | { readonly kind: 'addr-flood'; readonly entries: number; readonly repeats: number; readonly addrv2?: boolean; readonly ownGroup?: boolean }
  | { readonly kind: 'bad-magic' }
  | { readonly kind: 'bad-checksum' }
  | { readonly kind: 'huge-payload' }
  | { readonly kind: 'slow-loris' }
  | { readonly kind: 'version-twice' }
  | { readonly kind: 'before-handshake' }
  | { readonly kind: 'no-pong' }
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

/** A running hostile peer. */
export interface HostilePeer {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  /** Connections accepted so far. */
  connections(): number;
  /** True once Canopy closed a connection to it. */
  wasDisconnected(): boolean;
  close(): Promise<void>;
}

/** Starts a hostile peer listening on `host:port` (port 0 = any). */
export async function startHostilePeer(params: NetworkParams, host: string, script: HostileScript, port = 0): Promise<HostilePeer> {
  let accepted = 0;
  let disconnected = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const send = (s: Socket, msg: Message): void => {
    const w = toWireMessage(msg);
    if (!s.destroyed) s.write(encodeEnvelope(params.magic, w.command, w.payload));
  };
  const version = (userAgent = '/Satoshi:27.0.0/'): VersionMessage => buildVersionMessage({
    services: NODE_NETWORK | NODE_WITNESS, timestamp: BigInt(Math.floor(Date.now() / 1000)), receiver: null, receiverServices: 0n,
    nonce: 0x1234n + BigInt(accepted), startHeight: 0, relay: true, userAgent,
  });
  const handshake = (s: Socket, userAgent?: string | Uint8Array): void => {
    if (userAgent !== undefined && (typeof userAgent !== 'string' || Buffer.byteLength(userAgent) > 200)) {
      // Raw bytes (e.g. invalid UTF-8) and over-long user agents are spliced in by hand: our own
      // encoder refuses to produce them.
      const w = toWireMessage(version('X'));
      const ua = typeof userAgent === 'string' ? Buffer.from(userAgent, 'latin1') : Buffer.from(userAgent);
      const len = ua.length < 0xfd ? [ua.length] : [0xfd, ua.length & 255, ua.length >> 8];
      const payload = new Uint8Array([...w.payload.subarray(0, 80), ...len, ...ua, ...w.payload.subarray(82)]);
      if (!s.destroyed) s.write(encodeEnvelope(params.magic, 'version', payload));
    } else {
      send(s, version(userAgent));
    }
    // BIP155: announced between version and verack.
    if (script.kind === 'addr-flood' && script.addrv2 === true) send(s, { type: 'sendaddrv2' });
    send(s, { type: 'verack' });
  };

  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => { disconnected = true; sockets.delete(socket); });
    socket.on('error', () => {});
    const decoder = createV1Transport(params.magic);
    socket.on('data', (data: Buffer) => {
      for (const wire of decoder.receive(data).messages) {
        const msg = decodeWireMessage(wire);
        if (!msg.ok) continue;
        if (msg.value.type === 'ping' && script.kind !== 'no-pong') send(socket, { type: 'pong', nonce: msg.value.nonce });
        if (msg.value.type === 'getaddr' && script.kind === 'addr-flood') {
          const own = host.split('.').map(Number);
          const entries = Array.from({ length: script.entries }, (_, i) => ({
            time: Math.floor(Date.now() / 1000) + (i % 3 === 0 ? 86_400 * 30 : 0), // some from the future
            services: NODE_NETWORK | NODE_WITNESS,
            addr: {
              network: 'ipv4' as const, port: 18444,
              bytes: script.ownGroup === true
                ? new Uint8Array([own[0] ?? 127, own[1] ?? 0, 1 + ((i >> 8) & 127), (i & 255) || 1])
                : new Uint8Array([i % 2 === 0 ? 10 : 127, 200, (i >> 8) & 255, (i & 255) || 1]),
            },
          }));
          // The encoder writes any count; only the decoder enforces the 1,000-entry limit.
          const payload = encodePayload(script.addrv2 === true ? { type: 'addrv2', entries, skipped: 0 } : { type: 'addr', entries });
          for (let r = 0; r < script.repeats; r++) socket.write(encodeEnvelope(params.magic, script.addrv2 === true ? 'addrv2' : 'addr', payload));
        }
      }
    });
    switch (script.kind) {
      case 'user-agent': handshake(socket, script.userAgent); break;
      case 'addr-flood':
      case 'no-pong': handshake(socket); break;
      case 'reject': {
        // A BIP61 reject with a peer-chosen reason (up to the 111 bytes the codec allows).
        handshake(socket);
        const payload = encodePayload({ type: 'reject', message: 'tx', code: 0x10, reason: script.reason, data: new Uint8Array(32) });
        setTimeout(() => { if (!socket.destroyed) socket.write(encodeEnvelope(params.magic, 'reject', payload)); }, 200);
        break;
      }
      case 'bad-magic': socket.write(encodeEnvelope(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 'version', new Uint8Array(100))); break;
      case 'bad-checksum': {
        const bytes = encodeEnvelope(params.magic, 'ping', new Uint8Array(8));
        bytes[20] = (bytes[20] ?? 0) ^ 0xff;
        socket.write(bytes);
        break;
      }
      case 'huge-payload': {
        const header = encodeEnvelope(params.magic, 'block', new Uint8Array(0)).slice(0, 24);
        new DataView(header.buffer).setUint32(16, 33 * 1024 * 1024, true);
        socket.write(header);
        break;
      }
      case 'slow-loris': {
        // A header promising 1,000 bytes, then one byte a second.
        const header = encodeEnvelope(params.magic, 'ping', new Uint8Array(1000)).slice(0, 24);
        socket.write(header);
        const t = setInterval(() => { if (!socket.destroyed) socket.write(new Uint8Array([0])); }, 1000);
        timers.add(t);
        break;
      }
      case 'version-twice': handshake(socket); for (let i = 0; i < 12; i++) send(socket, version()); break;
      case 'before-handshake': for (let i = 0; i < 12; i++) send(socket, { type: 'ping', nonce: BigInt(i) }); break;
      case 'raw': socket.write(script.bytes); break;
    }
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    host, port: boundPort, address: `${host}:${boundPort}`,
    connections: () => accepted,
    wasDisconnected: () => disconnected,
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
