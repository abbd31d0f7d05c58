// A scriptable hostile BIP324 responder on a real loopback socket: it waits for the dialer's key and
// then misbehaves as its script says — garbage past the 4095-byte limit, a wrong garbage terminator,
// an undecryptable packet, or silence (it never answers our key). Used by the adversarial suite.
import { createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from '../shared/random.js';
import type { NetworkParams } from '../protocol/params.js';
import { RawV2End } from './raw-v2.js';

/** What the hostile v2 responder does once it has the dialer's 64-byte key. */
export type HostileV2Script = 'long-garbage' | 'wrong-terminator' | 'bad-packet' | 'silent';

/** A running hostile v2 responder. */
export interface HostileV2Peer {
  readonly address: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Bytes sent after the key by each script (before any packet). */
function misbehave(script: HostileV2Script, end: RawV2End, socket: Socket): void {
  switch (script) {
    case 'silent':
      return;
    case 'long-garbage':
      // 4096 bytes of garbage and more, never a terminator.
      socket.write(new Uint8Array(5000).fill(0x5a));
      return;
    case 'wrong-terminator': {
      // The dialer's own terminator instead of ours, then a packet and enough bytes to pass the limit.
      const wrong = end.recvTerminator();
      socket.write(Buffer.concat([wrong, end.versionPacket(), new Uint8Array(4200)]));
      return;
    }
    case 'bad-packet': {
      const version = Buffer.from(end.versionPacket());
      const last = version.length - 1;
      version[last] = (version[last] as number) ^ 0x01; // break the Poly1305 tag
      socket.write(Buffer.concat([end.sendTerminator(), version]));
      return;
    }
  }
}

/** Starts a hostile v2 responder on host:port (port 0 = any). */
export async function startHostileV2Peer(params: NetworkParams, host: string, script: HostileV2Script, port = 0): Promise<HostileV2Peer> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const end = new RawV2End(params.magic, seededRandom(accepted), false, new Uint8Array(32).fill(1));
    let received = Buffer.alloc(0);
    let keyed = false;
    socket.on('data', (chunk: Buffer) => {
      if (keyed) return;
      received = Buffer.concat([received, chunk]);
      if (received.length < 64) return;
      keyed = true;
      if (script === 'silent') return;
      end.receiveKey(received.subarray(0, 64));
      socket.write(end.keyAndGarbage());
      misbehave(script, end, socket);
    });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const actualPort = (server.address() as { port: number }).port;
  return {
    address: `${host}:${actualPort}`,
    connections: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
