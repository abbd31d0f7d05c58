// Real bcoin 1.0.2 regtest nodes, in memory, on loopback (design.md §6): start on 127.N.0.1:18444,
// make them know each other, mine blocks, stop. bcoin's public-IP discovery is disabled before open
// so nothing leaves the machine. Always stop nodes in the test's after() hook.
import { createRequire } from 'node:module';
import { freePort } from './free-port.js';

// bcoin is CommonJS without type declarations.
const bcoin = createRequire(import.meta.url)('bcoin') as any;

/** Regtest P2P port (bcoin/Core). */
export const REGTEST_PORT = 18444;

/** A running bcoin node. */
export interface BcoinNode {
  readonly host: string;
  readonly port: number;
  /** "host:port" */
  readonly address: string;
  /** The bcoin FullNode (untyped). */
  readonly node: any;
  /** Mines `count` blocks to a fresh address; returns the new height. */
  mine(count: number): Promise<number>;
  /** Adds another node's address to this node's host list (it will gossip it in addr). */
  learn(address: string): void;
  /**
   * Lifts every ban as soon as bcoin imposes it (it bans a source IP that sends BIP324 bytes), so a
   * v1 retry from the same address is accepted. Returns the banned hosts seen so far.
   */
  autoUnban(): string[];
  /** Number of peers connected to this node. */
  peerCount(): number;
  /** True once stop() ran. */
  stopped(): boolean;
  stop(): Promise<void>;
}

/** Starts a bcoin regtest node listening on `host:port` (default port 18444). */
export async function startBcoin(host: string, port = REGTEST_PORT): Promise<BcoinNode> {
  const node = new bcoin.FullNode({
    network: 'regtest', memory: true, listen: true, host, port, logLevel: 'none', workers: false,
    httpHost: host, httpPort: await freePort(host), apiKey: 'x',
  });
  node.pool.discoverExternal = async (): Promise<void> => {};
  await node.open();
  await node.connect();
  let isStopped = false;
  let unbanning = false;
  const banned: string[] = [];
  return {
    host,
    port,
    address: `${host}:${port}`,
    node,
    async mine(count: number): Promise<number> {
      const address = bcoin.KeyRing.generate().getAddress('string', 'regtest');
      await node.rpc.execute({ method: 'generatetoaddress', params: [count, address] });
      return node.chain.height as number;
    },
    learn(address: string): void {
      node.pool.hosts.add(new bcoin.net.NetAddress({ host: address.split(':')[0], port: Number(address.split(':')[1]), services: 9, time: Math.floor(Date.now() / 1000) }));
    },
    autoUnban(): string[] {
      if (!unbanning) {
        unbanning = true;
        node.pool.on('ban', (peer: { address: { host: string } }) => {
          banned.push(peer.address.host);
          node.pool.unban(peer.address);
        });
      }
      return banned;
    },
    peerCount(): number {
      let n = 0;
      for (let p = node.pool.peers.head(); p; p = p.next) n++;
      return n;
    },
    stopped: () => isStopped,
    async stop(): Promise<void> {
      if (isStopped) return;
      isStopped = true;
      await node.close();
    },
  };
}
