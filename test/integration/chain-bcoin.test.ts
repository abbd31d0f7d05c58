// The header chain against a real bcoin 1.0.2 regtest node (in memory, loopback): bcoin mines
// blocks (RPC generatetoaddress), we take each block's 80 header bytes from bcoin's own chain
// entries and feed them to createHeaderChain('regtest'): all accepted, tip height and hash equal
// bcoin's; tampered copies refused; a bcoin reorg (invalidate + mine a longer branch) is followed.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { createHeaderChain } from '../../source/chain/header-chain.js';
import { toHex } from '../../source/shared/bytes.js';

/** A loopback host no other suite uses (its own /16). */
const HOST = '127.88.0.1';
let node: BcoinNode;

before(async () => {
  node = await startBcoin(HOST);
});
after(async () => {
  await node.stop();
});

/** bcoin's best-chain headers from `from` to its tip, concatenated 80-byte raws. */
async function bcoinHeaders(from: number): Promise<Uint8Array> {
  const tip = node.node.chain.height as number;
  const out = new Uint8Array(Math.max(0, tip - from + 1) * 80);
  for (let h = from; h <= tip; h++) {
    const entry = await node.node.chain.getEntryByHeight(h);
    out.set(new Uint8Array(entry.toHeaders().toHead()), (h - from) * 80);
  }
  return out;
}

const bcoinTipHex = (): string => node.node.chain.tip.rhash() as string;

test('bcoin-mined regtest headers: all accepted, tip equals bcoin, tampered copies refused', async () => {
  const height = await node.mine(150);
  assert.equal(height, 150);
  const raw = await bcoinHeaders(1);
  const chain = createHeaderChain('regtest');
  // The genesis we start from is bcoin's genesis.
  assert.equal(chain.tip().hashHex, (await node.node.chain.getEntryByHeight(0)).rhash());
  const now = Date.now() + 60_000;

  // Tampered copies first (each a fresh chain): a flipped nonce bit either fails proof of work or,
  // when it still meets regtest's easy target, the next header no longer connects.
  for (const [offset, what] of [[76, 'nonce'], [72, 'bits'], [4, 'prev hash'], [68, 'time']] as const) {
    const bad = raw.slice(0, 80 * 20);
    bad[80 * 10 + offset]! ^= offset === 68 ? 0x80 : 0x01;
    const c = createHeaderChain('regtest');
    const r = c.acceptRaw(bad, now);
    assert.equal(r.ok, false, what);
    // Inside a batch a changed prev hash breaks continuity (Core: non-continuous headers, punished).
    if (!r.ok) assert.ok(r.added <= 11 && r.banScore === 100, `${what}: ${r.code}`);
    assert.ok(c.tip().height <= 11, what);
  }

  // A header whose parent we lack (sent alone) is unconnected: not punished.
  const lone = chain.acceptRaw(raw.slice(80 * 5, 80 * 6), now);
  assert.ok(!lone.ok && lone.code === 'unconnected' && lone.banScore === 0);

  const r = chain.acceptRaw(raw, now);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.added, 150);
  assert.equal(chain.tip().height, node.node.chain.height);
  assert.equal(chain.tip().hashHex, bcoinTipHex());
  assert.equal(toHex(chain.hashAt(75)!.slice().reverse()), (await node.node.chain.getEntryByHeight(75)).rhash());
  // The locator starts at bcoin's tip and ends at the genesis block.
  assert.equal(chain.locator().length > 10, true);
});

test('follows bcoin through a reorg to a longer branch', async () => {
  const chain = createHeaderChain('regtest');
  const now = Date.now() + 60_000;
  assert.ok(chain.acceptRaw(await bcoinHeaders(1), now).ok);
  const before = node.node.chain.height as number;
  // Invalidate the top 5 blocks in bcoin and mine 8 on the fork point: a longer branch.
  const forkEntry = await node.node.chain.getEntryByHeight(before - 4);
  await node.node.rpc.execute({ method: 'invalidateblock', params: [forkEntry.rhash()] });
  assert.equal(node.node.chain.height, before - 5);
  await node.mine(8);
  assert.equal(node.node.chain.height, before + 3);
  const r = chain.acceptRaw(await bcoinHeaders(before - 4), now);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.added, 8);
  assert.equal(r.tipChanged, true);
  assert.equal(chain.tip().hashHex, bcoinTipHex());
  assert.equal(chain.size(), 1 + before + 8); // both branches kept
});
