// The engine against a dozen real bcoin regtest nodes that know each other (distinct /16 groups):
// from one added peer Canopy learns the others, fills its 8 regular slots, runs feelers, and drops a
// peer on command.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode } from '../support/node-harness.js';
import { waitFor } from '../support/free-port.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

test('a dozen bcoin nodes: regular target filled from learnt addresses, feelers, drop on command', async () => {
  const hosts = Array.from({ length: 12 }, (_, i) => `127.${150 + i}.0.1`);
  const nodes: BcoinNode[] = [];
  for (const h of hosts) {
    const b = await startBcoin(h);
    b.autoUnban();
    nodes.push(b);
  }
  cleanup.push(async () => { for (const b of nodes) await b.stop(); });
  for (const b of nodes) for (const h of hosts) if (h !== b.host) b.learn(`${h}:18444`);
  const first = nodes[0] as BcoinNode;
  const t = await startTestNode({
    addnode: [first.address], localAddress: '127.149.0.9', allowV1Fallback: true,
    engineConfig: { feelerIntervalMs: 1500, maintenanceIntervalMs: 1000, addedRetryBaseMs: 300, addedRetryMaxMs: 1000 },
  });
  cleanup.push(() => t.close());

  // 8 regular peers, all learnt from the added peer's addr answer, in 8 distinct network groups.
  await waitFor(() => t.node.snapshot().peers.filter((p) => p.kind === 'regular' && p.state === 'ready').length === 8, '8 regular peers', 45_000);
  const regular = t.node.snapshot().peers.filter((p) => p.kind === 'regular');
  assert.equal(new Set(regular.map((p) => p.networkGroup)).size, 8);
  assert.ok(regular.every((p) => hosts.some((h) => p.address.startsWith(h))));

  // Feelers run once the regular slots are full.
  await t.waitFor('feeler-finished', undefined, 30_000);

  // An added peer killed and restarted on the same address: added-peer-restart.test.ts.

  // Drop a regular peer on command: it goes, and the slot is refilled.
  const victim = t.node.snapshot().peers.find((p) => p.kind === 'regular' && p.state === 'ready');
  assert.ok(victim);
  assert.equal((await t.node.command({ type: 'drop-peer', peerId: victim.id })).ok, true);
  const gone = await t.waitFor('peer-disconnected', (e) => e.peer.id === victim.id);
  assert.equal(gone.reason, 'user-dropped');
  assert.equal((await t.node.command({ type: 'drop-peer', peerId: 99_999 })).ok, false);
});
