// The validated header tip against real bcoin regtest nodes (issue: header chain): Canopy syncs and
// follows the tip as blocks are mined; when mining stops the tip goes stale, the engine opens one
// extra peer, and an extra peer with a better chain is kept while the stalest regular peer goes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode } from '../support/node-harness.js';
import { waitFor } from '../support/free-port.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

async function bcoinAt(host: string): Promise<BcoinNode> {
  const b = await startBcoin(host);
  b.autoUnban();
  cleanup.push(() => b.stop());
  return b;
}

const tipHashOf = (b: BcoinNode): string => b.node.chain.tip.rhash() as string;

test('the tip follows blocks mined on a real node; a stale tip opens an extra peer that is kept when it brings a better chain', async () => {
  const b1 = await bcoinAt('127.70.0.1');
  const b2 = await bcoinAt('127.71.0.1');
  const b3 = await bcoinAt('127.72.0.1');
  await b1.mine(5);
  b1.learn(b2.address);
  b2.learn(b3.address);
  const t = await startTestNode({
    addnode: [b1.address], localAddress: '127.70.0.9', maxOutbound: 1, allowV1Fallback: true,
    engineConfig: { staleTipMs: 4000, staleCheckIntervalMs: 1000, extraPeerTimeoutMs: 8000, feelerIntervalMs: 3_600_000, maintenanceIntervalMs: 500 },
  });
  cleanup.push(() => t.close());

  await waitFor(() => t.node.snapshot().tip?.height === 5, 'synced to height 5', 20_000);
  assert.equal(t.node.snapshot().tip?.hash, tipHashOf(b1));
  const h = await b1.mine(3);
  await waitFor(() => t.node.snapshot().tip?.height === h, `followed to height ${h}`, 20_000);
  assert.equal(t.node.snapshot().tip?.hash, tipHashOf(b1));
  const advanced = t.events.filter((e) => e.type === 'tip-advanced');
  assert.ok(advanced.length >= 2);

  // A regular peer (b2, learnt from b1's addr) is up; b3 is known from b2's addr.
  await waitFor(() => t.node.snapshot().peers.some((p) => p.address === b2.address && p.kind === 'regular' && p.state === 'ready'), 'b2 regular', 20_000);
  await waitFor(() => t.node.snapshot().addressBook.new + t.node.snapshot().addressBook.tried >= 3, 'b3 learnt', 20_000);
  const better = await b3.mine(20);

  // Nobody mines on b1/b2: the tip goes stale and exactly one extra peer opens (b3), brings 20 headers, is kept.
  const stale = await t.waitFor('tip-stale', undefined, 30_000);
  assert.ok(stale.ageMs >= 4000);
  const extra = await t.waitFor('extra-opened', undefined, 30_000);
  assert.equal(extra.peer.address, b3.address);
  const finished = await t.waitFor('extra-finished', (e) => e.peer.id === extra.peer.id, 30_000);
  assert.equal(finished.outcome, 'kept');
  await waitFor(() => t.node.snapshot().tip?.height === better, `tip moved to b3's chain at ${better}`, 20_000);
  assert.equal(t.node.snapshot().tip?.hash, tipHashOf(b3));
  assert.ok(t.events.some((e) => e.type === 'peer-disconnected' && e.reason === 'evicted' && e.peer.address === b2.address), 'the stalest regular peer was evicted');
  assert.ok(t.node.snapshot().peers.filter((p) => p.kind === 'extra').length <= 1);
  assert.equal(t.node.snapshot().peers.find((p) => p.address === b3.address)?.height, better);
});
