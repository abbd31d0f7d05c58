// An added peer that dies and comes back (Core's -addnode semantics): a real bcoin regtest node is
// added, killed, and started again on the same address; Canopy keeps re-dialling it with back-off
// while it is down (every attempt a dial failure, none a ban) and reconnects once it is back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode } from '../support/node-harness.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

test('an added bcoin peer killed and restarted on the same address is re-dialled', async () => {
  const host = '127.171.0.1';
  let bcoin: BcoinNode = await startBcoin(host);
  bcoin.autoUnban();
  cleanup.push(() => bcoin.stop());
  const t = await startTestNode({
    addnode: [bcoin.address], localAddress: '127.171.0.9',
    engineConfig: { addedRetryBaseMs: 300, addedRetryMaxMs: 1000, maintenanceIntervalMs: 500 },
  });
  cleanup.push(() => t.close());

  const first = await t.waitFor('handshake-completed', (e) => e.peer.address === bcoin.address);
  assert.equal(first.peer.kind, 'manual');

  await bcoin.stop();
  const gone = await t.waitFor('peer-disconnected', (e) => e.peer.id === first.peer.id);
  // While it is down every re-dial fails (connection refused) and is retried with back-off.
  await t.waitFor('dial-failed', (e) => e.peer.address === bcoin.address && e.at > gone.at);
  const failuresWhileDown = () => t.events.filter((e) => e.type === 'dial-failed' && e.peer.address === bcoin.address).length;
  const deadline = Date.now() + 10_000;
  while (failuresWhileDown() < 3) {
    assert.ok(Date.now() < deadline, 'at least three re-dials while the peer is down');
    await new Promise((r) => setTimeout(r, 100));
  }

  bcoin = await startBcoin(host);
  bcoin.autoUnban();
  const again = await t.waitFor('handshake-completed', (e) => e.peer.address === bcoin.address && e.peer.id !== first.peer.id, 30_000);
  assert.equal(again.peer.kind, 'manual');
  assert.ok(!t.events.some((e) => e.type === 'peer-banned'), 'an added peer is never banned');
  const added = t.node.snapshot().added.find((a) => a.target === bcoin.address);
  assert.ok(added?.connected === true, 'still an added peer, connected again');
});
