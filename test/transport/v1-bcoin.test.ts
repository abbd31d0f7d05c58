// The v1 transport and the message codecs against a real Bitcoin node: bcoin 1.0.2 regtest in
// memory on loopback. Handshake (version/verack), ping/pong, getheaders → the two mined headers on
// top of the regtest genesis, getaddr. Only v1 bytes are ever sent to bcoin (it bans BIP324 senders).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createRequire } from 'node:module';
import { blockHashHex } from '../../source/protocol/block-header.js';
import { decodeWireMessage, toWireMessage } from '../../source/protocol/messages.js';
import { networkParams } from '../../source/protocol/networks.js';
import type { Message } from '../../source/protocol/types.js';
import { buildVersionMessage } from '../../source/protocol/version.js';
import { createV1Transport } from '../../source/transport/v1.js';

// bcoin is CommonJS without type declarations.
const bcoin = createRequire(import.meta.url)('bcoin') as any;

/** A loopback host no other suite uses (its own /16). */
const HOST = '127.77.0.1';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A v1 peer connection that decodes everything it receives into a queue. */
class Peer {
  private readonly transport = createV1Transport(networkParams('regtest').magic);
  private readonly queue: Message[] = [];
  private waiters: (() => void)[] = [];
  failure: string | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      const out = this.transport.receive(chunk);
      if (out.failure) this.failure = `${out.failure.code}: ${out.failure.detail}`;
      for (const w of out.messages) {
        const r = decodeWireMessage(w);
        if (!r.ok) this.failure = `decode ${w.command}: ${r.error.message}`;
        else this.queue.push(r.value);
      }
      const ws = this.waiters;
      this.waiters = [];
      for (const w of ws) w();
    });
  }

  send(msg: Message): void {
    this.socket.write(this.transport.send(toWireMessage(msg)));
  }

  /** Waits (up to 20 s) for the first queued message of `type`, removing it and everything before it. */
  async next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      assert.equal(this.failure, undefined);
      const i = this.queue.findIndex((m) => m.type === type);
      if (i >= 0) return this.queue.splice(0, i + 1)[i] as Extract<Message, { type: T }>;
      if (Date.now() > deadline) assert.fail(`no ${type} within 20 s (got ${this.queue.map((m) => m.type).join(', ')})`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }
}

test('v1 handshake, ping, getheaders and getaddr against a real bcoin regtest node', async () => {
  const port = await freePort();
  const node = new bcoin.FullNode({
    network: 'regtest', memory: true, listen: true, host: HOST, port, logLevel: 'none', workers: false,
    httpHost: HOST, httpPort: await freePort(), apiKey: 'x',
  });
  node.pool.discoverExternal = async () => {};
  await node.open();
  await node.connect();
  // bcoin answers getheaders only once its chain looks synced (a recent tip): mine two blocks.
  const address = bcoin.KeyRing.generate().getAddress('string', 'regtest');
  await node.rpc.execute({ method: 'generatetoaddress', params: [2, address] });
  const socket = net.connect({ host: HOST, port });
  try {
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const peer = new Peer(socket);
    peer.send(buildVersionMessage({
      services: 0n, timestamp: BigInt(Math.floor(Date.now() / 1000)), receiver: { network: 'ipv4', bytes: new Uint8Array([127, 77, 0, 1]), port },
      receiverServices: 9n, nonce: 0x5eedn, startHeight: 0, relay: false,
    }));
    const version = await peer.next('version');
    assert.equal(version.version, 70015);
    assert.equal(version.services & 9n, 9n);
    assert.match(version.userAgent, /^\/bcoin:/);
    await peer.next('verack');
    peer.send({ type: 'verack' });

    peer.send({ type: 'ping', nonce: 0xabcdefn });
    assert.equal((await peer.next('pong')).nonce, 0xabcdefn);

    const genesis = networkParams('regtest').genesis;
    const genesisHash = Buffer.from(networkParams('regtest').genesisHashHex, 'hex').reverse();
    peer.send({ type: 'getheaders', version: 70016, locator: [new Uint8Array(genesisHash)], stop: new Uint8Array(32) });
    const headers = await peer.next('headers');
    assert.equal(headers.headers.length, 2);
    const [first, second] = headers.headers;
    assert.equal(Buffer.from(first!.prevHash).reverse().toString('hex'), blockHashHex(genesis));
    assert.equal(Buffer.from(second!.prevHash).reverse().toString('hex'), blockHashHex(first!));
    assert.equal(first!.bits, genesis.bits);
    peer.send({ type: 'getaddr' });
    peer.send({ type: 'ping', nonce: 7n });
    assert.equal((await peer.next('pong')).nonce, 7n);
    assert.equal(peer.failure, undefined);
  } finally {
    socket.destroy();
    await node.close();
  }
});
