// The header store: record format round trip, torn and corrupt tails trimmed (pure and on disk,
// property-tested), and a chain rebuilt from the records it emitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeRecords, encodeRecords, RECORD_SIZE } from '../../source/chain/store-format.js';
import { createHeaderChain } from '../../source/chain/header-chain.js';
import { appendHeaderRecords, HEADER_STORE_FILE, loadHeaderStore } from '../../source/io/header-store.js';
import { displayHexToHash } from '../../source/shared/hash.js';
import { networkParams } from '../../source/protocol/networks.js';
import { toHex } from '../../source/shared/bytes.js';
import { mineChain, nth } from './mine.js';

const SEED = Number(process.env.FC_SEED ?? 20261125);
console.log(`fast-check seed ${SEED}`);
const GENESIS = displayHexToHash(networkParams('regtest').genesisHashHex);
const T0 = networkParams('regtest').genesis.time + 600;
const NOW = Date.UTC(2030, 0, 1);
const N = 20;
const { raw } = mineChain(GENESIS, N, T0);
const file = encodeRecords(Array.from({ length: N }, (_, i) => nth(raw, i)));

test('records round trip; the chain emits the same records it accepts', () => {
  const d = decodeRecords(file);
  assert.equal(d.problem, null);
  assert.equal(d.count, N);
  assert.equal(toHex(d.headers), toHex(raw));
  const chain = createHeaderChain('regtest');
  const r = chain.acceptRaw(raw, NOW);
  assert.ok(r.ok);
  assert.equal(toHex(r.records), toHex(file));
});

test('a torn or corrupt tail decodes to the good prefix and never throws', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: file.length }), fc.option(fc.integer({ min: 0, max: file.length - 1 })), fc.integer({ min: 1, max: 255 }),
    (cut, flipAt, mask) => {
      const bytes = file.slice(0, cut);
      if (flipAt !== null && flipAt < cut) bytes[flipAt]! ^= mask;
      const d = decodeRecords(bytes);
      const intact = flipAt !== null && flipAt < cut ? Math.min(Math.floor(flipAt / RECORD_SIZE), Math.floor(cut / RECORD_SIZE)) : Math.floor(cut / RECORD_SIZE);
      assert.equal(d.count, intact);
      assert.equal(d.goodBytes, intact * RECORD_SIZE);
      assert.equal(toHex(d.headers), toHex(raw.subarray(0, intact * 80)));
      if (d.goodBytes === bytes.length) assert.equal(d.problem, null);
      else assert.ok(d.problem === 'torn' || d.problem === 'corrupt');
    }), { seed: SEED, numRuns: 200 });
  assert.deepEqual(decodeRecords(new Uint8Array(0)).count, 0);
});

test('on disk: append, reload, a torn tail is truncated and the chain replays to the same tip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-headers-'));
  try {
    assert.equal((await loadHeaderStore(dir)).count, 0); // no file yet
    const chain = createHeaderChain('regtest');
    const r = chain.acceptRaw(raw, NOW);
    assert.ok(r.ok);
    await appendHeaderRecords(dir, r.records.subarray(0, 10 * RECORD_SIZE));
    await appendHeaderRecords(dir, r.records.subarray(10 * RECORD_SIZE));
    await appendHeaderRecords(dir, new Uint8Array([1, 2, 3])); // torn write
    const loaded = await loadHeaderStore(dir);
    assert.equal(loaded.count, N);
    assert.equal(loaded.trimmedBytes, 3);
    assert.match(loaded.problem ?? '', /torn/);
    assert.equal(statSync(join(dir, HEADER_STORE_FILE)).size, N * RECORD_SIZE);
    const again = createHeaderChain('regtest');
    assert.ok(again.replay(loaded.headers).ok);
    assert.equal(again.tip().hashHex, chain.tip().hashHex);
    assert.equal((await loadHeaderStore(dir)).problem, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on disk: random damage loads trimmed, never throws; an unreadable path gives a note, not an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-headers-'));
  try {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: file.length }), fc.integer({ min: 0, max: file.length - 1 }), async (cut, flip) => {
      const bytes = file.slice(0, cut);
      if (flip < cut) bytes[flip]! ^= 0x40;
      writeFileSync(join(dir, HEADER_STORE_FILE), bytes);
      const loaded = await loadHeaderStore(dir);
      assert.equal(statSync(join(dir, HEADER_STORE_FILE)).size, loaded.count * RECORD_SIZE);
      assert.equal(toHex(loaded.headers), toHex(raw.subarray(0, loaded.count * 80)));
    }), { seed: SEED, numRuns: 40 });
    const asDir = join(dir, 'x');
    mkdirSync(join(asDir, HEADER_STORE_FILE), { recursive: true }); // a directory where the file should be
    const odd = await loadHeaderStore(asDir);
    assert.equal(odd.count, 0);
    assert.ok(odd.problem);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
