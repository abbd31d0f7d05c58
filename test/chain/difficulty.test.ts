// Compact targets and the difficulty rules: Core's compact-encoding cases (arith_uint256 tests),
// Core's pow_tests retarget cases, the testnet3 20-minute rule with its walk-back, BIP94's
// retarget base and time-warp rule, regtest's fixed difficulty; the header hash against node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compactToTarget, targetToCompact, workFromTarget } from '../../source/chain/bits.js';
import { consensusParams, type ConsensusParams } from '../../source/chain/consensus.js';
import { calculateNextWorkRequired, nextWorkRequired, permittedDifficultyTransition, type HeaderView } from '../../source/chain/difficulty.js';
import { headerHashInto } from '../../source/chain/header-hash.js';
import { FlatHeaderChain } from '../../source/chain/header-chain.js';
import { networkParams } from '../../source/protocol/networks.js';
import { displayHexToHash, sha256d } from '../../source/shared/hash.js';
import { toHex } from '../../source/shared/bytes.js';
import { mineInto, mineChain, REGTEST_BITS } from './mine.js';

const SEED = Number(process.env.FC_SEED ?? 20261125);
console.log(`fast-check seed ${SEED}`);

test('compact targets: Core arith_uint256 SetCompact/GetCompact cases', () => {
  for (const bits of [0, 0x00123456, 0x01003456, 0x02000056, 0x03000000, 0x04000000, 0x00923456, 0x01803456, 0x02800056, 0x03800000, 0x04800000]) {
    assert.equal(compactToTarget(bits).target, 0n, bits.toString(16));
  }
  const cases: [number, bigint, number][] = [
    [0x01123456, 0x12n, 0x01120000], [0x02123456, 0x1234n, 0x02123400], [0x03123456, 0x123456n, 0x03123456],
    [0x04123456, 0x12345600n, 0x04123456], [0x05009234, 0x92340000n, 0x05009234], [0x20123456, 0x123456n << 232n, 0x20123456],
  ];
  for (const [bits, target, back] of cases) {
    assert.equal(compactToTarget(bits).target, target);
    assert.equal(targetToCompact(target), back);
  }
  assert.equal(compactToTarget(0x01fedcba).negative, true);
  assert.equal(compactToTarget(0x04923456).negative, true);
  assert.equal(compactToTarget(0xff123456).overflow, true);
  assert.equal(workFromTarget(compactToTarget(0x1d00ffff).target), 0x100010001n);
  assert.equal(consensusParams('bitcoin').powLimitBits, 0x1d00ffff);
  assert.equal(consensusParams('signet').powLimitBits, 0x1e0377ae);
  assert.equal(consensusParams('regtest').powLimitBits, 0x207fffff);
  fc.assert(fc.property(fc.bigInt({ min: 1n, max: (1n << 255n) - 1n }), (t) => {
    const c = targetToCompact(t);
    const d = compactToTarget(c);
    assert.equal(d.negative, false);
    assert.ok(d.target <= t && targetToCompact(d.target) === c);
  }), { seed: SEED, numRuns: 200 });
});

/** A linear chain view from arrays of (time, bits); index = height. */
function view(times: number[], bits: number[]): HeaderView {
  return { height: (i) => i, time: (i) => times[i]!, bits: (i) => bits[i]!, parent: (i) => i - 1, ancestor: (_i, h) => h };
}
/** A two-entry view: [first block of period, last block] at heights h−2015 and h. */
function period(p: ConsensusParams, lastHeight: number, firstTime: number, lastTime: number, bits: number): number {
  const v: HeaderView = { height: (i) => (i === 0 ? lastHeight - 2015 : lastHeight), time: (i) => (i === 0 ? firstTime : lastTime), bits: () => bits, parent: (i) => i - 1, ancestor: () => 0 };
  return calculateNextWorkRequired(p, v, 1, firstTime);
}

test('Core pow_tests: retarget at the pow limit, and the ¼ and 4× clamps', () => {
  const p = consensusParams('bitcoin');
  assert.equal(period(p, 2015, 1231006505, 1233061996, 0x1d00ffff), 0x1d00ffff);
  assert.equal(period(p, 68543, 1279008237, 1279297671, 0x1c05a3f4), 0x1c0168fd);
  assert.equal(period(p, 46367, 1263163443, 1269211443, 0x1c387f6f), 0x1d00e1fd);
  assert.ok(permittedDifficultyTransition(p, 68544, 0x1c05a3f4, 0x1c0168fd));
  assert.ok(!permittedDifficultyTransition(p, 68544, 0x1c05a3f4, 0x1c0168fc));
  assert.ok(!permittedDifficultyTransition(p, 68545, 0x1c05a3f4, 0x1c0168fd));
});

test('testnet3: > 20 minutes → pow limit; otherwise walk back over min-difficulty blocks', () => {
  const p = consensusParams('testnet');
  const real = 0x1c0ffff0;
  const times = Array.from({ length: 2030 }, (_, h) => 1_300_000_000 + h * 600);
  const bits = times.map((_, h) => (h >= 2016 && h % 3 === 0 ? p.powLimitBits : real));
  bits[2021] = p.powLimitBits; // 2021 is min-difficulty; 2020 is not
  const v = view(times, bits);
  assert.equal(nextWorkRequired(p, v, 2021, times[2021]! + 1201), p.powLimitBits);
  assert.equal(nextWorkRequired(p, v, 2021, times[2021]! + 1200), real); // walks back 2021 → 2020
  // Mainnet has no such rule.
  assert.equal(nextWorkRequired(consensusParams('bitcoin'), v, 2021, times[2021]! + 5000), p.powLimitBits);
  // Regtest never retargets, even at a period boundary.
  const r = consensusParams('regtest');
  assert.equal(nextWorkRequired(r, view(times, times.map(() => 0x207fffff)), 2015, times[2015]! + 1), 0x207fffff);
});

test('BIP94 (testnet4): the retarget scales the period FIRST block\'s bits, not a min-difficulty last block', () => {
  const t4 = consensusParams('testnet4');
  const t3 = consensusParams('testnet');
  const real = 0x1c00ffff;
  const times = Array.from({ length: 4032 }, (_, h) => 1_700_000_000 + h * 600);
  const bits = times.map((_, h) => (h === 4031 ? t4.powLimitBits : real));
  const v = view(times, bits);
  // Exactly on schedule except the last gap: the BIP94 result stays near `real`.
  const bip94 = nextWorkRequired(t4, v, 4031, times[4031]! + 600);
  const legacy = nextWorkRequired(t3, v, 4031, times[4031]! + 600);
  assert.equal(compactToTarget(bip94).target < compactToTarget(real).target * 2n, true);
  // Testnet3 scales the last block's min-difficulty bits (≈ powLimit, 256× easier): the bug BIP94 fixes.
  assert.ok(compactToTarget(legacy).target > compactToTarget(real).target * 200n);
});

/** Testnet4's rules on regtest's easy proof of work, so 2016 headers can be mined in a test. */
function easyParams(base: 'testnet4' | 'testnet'): ConsensusParams {
  const r = consensusParams('regtest');
  return { ...consensusParams(base), powLimit: r.powLimit, powLimitBits: r.powLimitBits, genesis: r.genesis, genesisHashHex: r.genesisHashHex };
}

test('BIP94 time-warp rule: a period\'s first block may be at most 600 s earlier than its parent', () => {
  const genesis = displayHexToHash(networkParams('regtest').genesisHashHex);
  const t0 = networkParams('regtest').genesis.time + 700;
  // 700 s spacing: the retarget at 2016 is clamped to the (easy) pow limit, so bits stay 0x207fffff.
  const { raw, hashes } = mineChain(genesis, 2015, t0, 1, 700);
  const now = (t0 + 2016 * 700) * 1000;
  const parentTime = t0 + 2014 * 700;
  const at = (dt: number): Uint8Array => {
    const out = new Uint8Array(80);
    mineInto(out, 0, hashes, 2014 * 32, parentTime + dt, 4242, new Uint8Array(32), 0);
    return out;
  };
  for (const base of ['testnet4', 'testnet'] as const) {
    const chain = new FlatHeaderChain(easyParams(base), 4096);
    assert.ok(chain.acceptRaw(raw, now).ok, base);
    const warped = chain.acceptRaw(at(-601), now);
    if (base === 'testnet4') {
      assert.equal(warped.ok, false);
      if (!warped.ok) { assert.equal(warped.code, 'bad-time'); assert.match(warped.detail, /timewarp/); }
      assert.ok(chain.acceptRaw(at(-600), now).ok);
    } else {
      assert.ok(warped.ok, 'testnet3 has no time-warp rule');
    }
    assert.equal(chain.tip().height, 2016);
  }
});

test('header hash: the allocation-free sha256d equals node:crypto on any 80 bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), (h) => {
    const out = new Uint8Array(40);
    headerHashInto(h, 0, out, 8);
    assert.equal(toHex(out.subarray(8)), toHex(sha256d(h)));
  }), { seed: SEED, numRuns: 300 });
  assert.equal(REGTEST_BITS, consensusParams('regtest').powLimitBits);
});
