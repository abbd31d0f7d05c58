// The header chain against REAL headers, each verified by its known block hash:
// mainnet heights 0–10, the first retarget (2015 → 2016), the first difficulty change
// (32255 → 32256: 0x1d00ffff → 0x1d00d86a), and testnet4 genesis → 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHeaderChain } from '../../source/chain/header-chain.js';
import { consensusParams, KNOWN_CHECKPOINTS } from '../../source/chain/consensus.js';
import { nextWorkRequired, type HeaderView } from '../../source/chain/difficulty.js';
import { compactToTarget, hashMeetsTarget, targetToLE } from '../../source/chain/bits.js';
import { decodeBlockHeader, blockHashHex } from '../../source/protocol/block-header.js';
import { fromHex, toHex } from '../../source/shared/bytes.js';
import { networkParams } from '../../source/protocol/networks.js';
import { NETWORK_NAMES } from '../../source/protocol/params.js';
import type { BlockHeader } from '../../source/protocol/types.js';

// Mainnet headers 0–10: as embedded in luisan00's ESP32 Bitcoin "blocks" component tests
// (header_blocks[] in its test file); hashes are the well-known block hashes (genesis from Core's
// chainparams.cpp, block 1 from Core's RPC examples; 2–9 are the next header's prev field, 10 known).
const MAINNET_0_10 = [
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c',
  '010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299',
  '010000004860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000d5fdcc541e25de1c7a5addedf24858b8bb665c9f36ef744ee42c316022c90f9bb0bc6649ffff001d08d2bd61',
  '01000000bddd99ccfda39da1b108ce1a5d70038d0a967bacb68b6b63065f626a0000000044f672226090d85db9a9f2fbfe5f0f9609b387af7be5b7fbb7a1767c831c9e995dbe6649ffff001d05e0ed6d',
  '010000004944469562ae1c2c74d9a535e00b6f3e40ffbad4f2fda3895501b582000000007a06ea98cd40ba2e3288262b28638cec5337c1456aaf5eedc8e9e5a20f062bdf8cc16649ffff001d2bfee0a9',
  '0100000085144a84488ea88d221c8bd6c059da090e88f8a2c99690ee55dbba4e00000000e11c48fecdd9e72510ca84f023370c9a38bf91ac5cae88019bee94d24528526344c36649ffff001d1d03e477',
  '01000000fc33f596f822a0a1951ffdbf2a897b095636ad871707bf5d3162729b00000000379dfb96a5ea8c81700ea4ac6b97ae9a9312b2d4301a29580e924ee6761a2520adc46649ffff001d189c4c97',
  '010000008d778fdc15a2d3fb76b7122a3b5582bea4f21f5a0c693537e7a03130000000003f674005103b42f984169c7d008370967e91920a6a5d64fd51282f75bc73a68af1c66649ffff001d39a59c86',
  '010000004494c8cf4154bdcc0720cd4a59d9c9b285e4b146d45f061d2b6c967100000000e3855ed886605b6d4a99d5fa2ef2e9b0b164e63df3c4136bebf2d0dac0f1f7a667c86649ffff001d1c4b5666',
  '01000000c60ddef1b7618ca2348a46e868afc26e3efc68226c78aa47f8488c4000000000c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd37047fca6649ffff001d28404f53',
  '010000000508085c47cc849eb80ea905cc7800a3be674ffc57263cf210c59d8d00000000112ba175a1e04b14ba9e7ea5f76ab640affeef5ec98173ac9799a852fa39add320cd6649ffff001d1e2de565',
];
const MAINNET_0_10_HASHES = [
  '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
  '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048',
  '000000006a625f06636b8bb6ac7b960a8d03705d1ace08b1a19da3fdcc99ddbd',
  '0000000082b5015589a3fdf2d4baff403e6f0be035a5d9742c1cae6295464449',
  '000000004ebadb55ee9096c9a2f8880e09da59c0d68b1c228da88e48844a1485',
  '000000009b7262315dbf071787ad3656097b892abffd1f95a1a022f896f533fc',
  '000000003031a0e73735690c5a1ff2a4be82553b2a12b776fbd3a215dc8f778d',
  '0000000071966c2b1d065fd446b1e485b2c9d9594acd2007ccbd5441cfc89444',
  '00000000408c48f847aa786c2268fc3e6ec2af68e8468a34a28c61b7f1de0dc6',
  '000000008d9dc510f23c2657fc4f67bea30078cc05a90eb89e84cc475c080805',
  '000000002c05cc2e78923c34df87fd108b22221ac6076c18f3ade378a4d915e9',
];

// Mainnet 2015, 2016 (first retarget, bits stay 0x1d00ffff), 30240 (first block of the period that
// ends at 32255), 32255, 32256 (first difficulty change, 0x1d00d86a): as embedded in a Rust
// project's mock header table (heights, hashes and raw headers side by side); 2016's hash also
// appears in a blockcypher link in another public test file.
const H2015 = '01000000e25509cde707c3d02a693e4fe9e7cdd57c38a0d2c8d6341f20dae84b000000000c113df1185e162ee92d031fe21d1400ff7d705a3e9b9c860eea855313cd8ca26c087f49ffff001d30b73231';
const H2016 = '010000006397bb6abd4fc521c0d3f6071b5650389f0b4551bc40b4e6b067306900000000ace470aecda9c8818c8fe57688cd2a772b5a57954a00df0420a7dd546b6d2c576b0e7f49ffff001d33f0192f';
const H30240 = '01000000e6bf7fd7f7790a63786faa878d0dc7fd8f2ff365732e45862c66075100000000700d342f65c7b6834dffb615358a1897016f0448913372190cbe3d27a4b53355b1512b4bffff001dbfb02519';
const H32255 = '0100000049c1daab3b6536ff1b2633c3a316a6e06ec287676cdeec4ca7baae6b00000000ac10b36b8f354b3353207de15940a5edbc05bb8364af75b4b5409e7823f2b48923ec3a4bffff001dbd5fa412';
const H32256 = '010000004b0360d834a330ec7833e30e1f523ee05a0793361e29a73421964f980000000027b64a020af294e903feed93768705336a20090612a043f47af462a2f5e5b564f8ee3a4b6ad8001dd3a43707';

// Testnet4 blocks 1 and 2: from a public BIP158 block-filter test (Dart) that embeds the full blocks;
// their hashes appear in several public testnet4 fixtures (block table of a blk00000.dat fixture).
const TESTNET4_1 = '0000002043f08bdab050e35b567c864b91f47f50ae725ae2de53bcfbbaf284da000000005c78b286f0d46ba2b8b104b6f7aec904fa0e93259e5637aaaac87d59b89d9c6160d63866ffff001da680f8ad';
const TESTNET4_2 = '00000020283fb111e32c10bbfa2a9c66df8499900e886b282912625f6d2b981200000000499bbf7eabfd52fac213d9cb21e903ab423ef6eaae7f29d03583c025ec19daa16ed63866ffff001d5c3f5910';

function header(hex: string): BlockHeader {
  const r = decodeBlockHeader(fromHex(hex));
  assert.ok(r.ok);
  return r.value;
}

/** Now = one day after the last header (future-time rule satisfied). */
const nowAfter = (hs: BlockHeader[]): number => ((hs.at(-1)?.time ?? 0) + 86_400) * 1000;

test('every captured header hashes to its known block hash', () => {
  MAINNET_0_10.forEach((hex, i) => assert.equal(blockHashHex(header(hex)), MAINNET_0_10_HASHES[i], `height ${i}`));
  assert.equal(blockHashHex(header(H2015)), '00000000693067b0e6b440bc51450b9f3850561b07f6d3c021c54fbd6abb9763');
  assert.equal(blockHashHex(header(H2016)), '00000000a141216a896c54f211301c436e557a8d55900637bbdce14c6c7bddef');
  assert.equal(blockHashHex(header(H30240)), '000000000fa8bfa0f0dd32f956b874b2c7f1772c5fbedcb1b35e03335c7fb0a8');
  assert.equal(blockHashHex(header(H32255)), '00000000984f962134a7291e3693075ae03e521f0ee33378ec30a334d860034b');
  assert.equal(blockHashHex(header(H32256)), '000000004f2886a170adb7204cb0c7a824217dd24d11a74423d564c4e0904967');
  assert.equal(blockHashHex(header(TESTNET4_1)), '0000000012982b6d5f621229286b880e909984df669c2afabb102ce311b13f28');
  assert.equal(blockHashHex(header(TESTNET4_2)), '000000001fed1a914651afc36574003c5300cac5df738c3976f28d54f7096253');
});

test('mainnet 1–10 on top of genesis: all accepted, tip = block 10, locator, work', () => {
  const chain = createHeaderChain('bitcoin');
  assert.equal(chain.tip().hashHex, MAINNET_0_10_HASHES[0]);
  const hs = MAINNET_0_10.slice(1).map(header);
  const r = chain.accept(hs, nowAfter(hs));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.added, 10);
  assert.equal(r.tipChanged, true);
  assert.equal(r.lastHeight, 10);
  assert.equal(r.records.length, 10 * 84);
  assert.equal(chain.tip().height, 10);
  assert.equal(chain.tip().hashHex, MAINNET_0_10_HASHES[10]);
  assert.equal(chain.tip().time, 1231473952);
  assert.equal(chain.tip().work, 11n * 0x100010001n); // 2^256 / (0xffff·2^208 + 1) = 0x100010001 per block
  assert.equal(chain.size(), 11);
  assert.equal(chain.locator().length, 11);
  // Offering the same batch again adds nothing and keeps the tip.
  const again = chain.accept(hs, nowAfter(hs));
  assert.ok(again.ok);
  assert.equal(again.added, 0);
  assert.equal(again.tipChanged, false);
  assert.equal(again.lastHeight, 10);
});

test('real header with a tampered nonce, bits or time is refused with ban score 100', () => {
  const chain = createHeaderChain('bitcoin');
  const h1 = header(MAINNET_0_10[1]!);
  for (const bad of [{ ...h1, nonce: h1.nonce ^ 1 }, { ...h1, time: h1.time + 1 }, { ...h1, bits: 0x1d00fffe }]) {
    const r = chain.accept([bad], nowAfter([h1]));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.banScore, 100);
  }
  // Headers 2..10 without 1: unconnected, not punished.
  const r = chain.accept(MAINNET_0_10.slice(2).map(header), nowAfter([h1]));
  assert.equal(r.ok, false);
  if (!r.ok) { assert.equal(r.code, 'unconnected'); assert.equal(r.banScore, 0); }
  assert.equal(chain.tip().height, 0);
});

test('a real header from the future (> now + 2 h) is time-too-new and not punished', () => {
  const chain = createHeaderChain('bitcoin');
  const h1 = header(MAINNET_0_10[1]!);
  const r = chain.accept([h1], (h1.time - 2 * 3600 - 1) * 1000);
  assert.equal(r.ok, false);
  if (!r.ok) { assert.equal(r.code, 'time-too-new'); assert.equal(r.banScore, 0); }
});

/** A HeaderView over a few real headers at known heights (the difficulty rules only read these). */
function sparseView(entries: [number, BlockHeader][]): HeaderView {
  const byIdx = entries.map(([h, b]) => ({ h, b }));
  return {
    height: (i) => byIdx[i]!.h,
    time: (i) => byIdx[i]!.b.time,
    bits: (i) => byIdx[i]!.b.bits,
    parent: (i) => i - 1,
    ancestor: (_i, height) => byIdx.findIndex((e) => e.h === height),
  };
}

test('mainnet retargets: 2015 → 2016 stays 0x1d00ffff (clamped at powLimit); 32255 → 32256 becomes 0x1d00d86a', () => {
  const p = consensusParams('bitcoin');
  const g = header(MAINNET_0_10[0]!);
  const v1 = sparseView([[0, g], [2015, header(H2015)]]);
  const b2016 = header(H2016);
  assert.equal(nextWorkRequired(p, v1, 1, b2016.time), b2016.bits);
  assert.equal(b2016.bits, 0x1d00ffff);
  const v2 = sparseView([[30240, header(H30240)], [32255, header(H32255)]]);
  const b32256 = header(H32256);
  assert.equal(nextWorkRequired(p, v2, 1, b32256.time), 0x1d00d86a);
  assert.equal(b32256.bits, 0x1d00d86a);
  // And block 32256's hash meets its new, harder target.
  const target = targetToLE(compactToTarget(0x1d00d86a).target);
  const internal = fromHex('000000004f2886a170adb7204cb0c7a824217dd24d11a74423d564c4e0904967').reverse();
  assert.ok(hashMeetsTarget(internal, 0, target));
  // Inside a period the bits must not change on mainnet.
  assert.equal(nextWorkRequired(p, v2, 0, header(H30240).time + 600), 0x1d00ffff);
});

test('testnet4 genesis → 1 → 2 (min-difficulty blocks after a 20-minute gap, then the walk-back rule)', () => {
  const chain = createHeaderChain('testnet4');
  assert.equal(chain.tip().hashHex, '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043');
  const hs = [header(TESTNET4_1), header(TESTNET4_2)];
  const r = chain.accept(hs, nowAfter(hs));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(chain.tip().height, 2);
  assert.equal(chain.tip().hashHex, '000000001fed1a914651afc36574003c5300cac5df738c3976f28d54f7096253');
  // Testnet4 requires version ≥ 4 from height 1 (BIP34/66/65 heights are 1).
  const fresh = createHeaderChain('testnet4');
  const old = fresh.accept([{ ...hs[0]!, version: 1 }], nowAfter(hs));
  assert.equal(old.ok, false);
});

test('every network: the chain starts at its genesis (hash from chainparams), whose proof of work meets its bits within powLimit', () => {
  for (const n of NETWORK_NAMES) {
    const chain = createHeaderChain(n);
    assert.equal(chain.tip().hashHex, networkParams(n).genesisHashHex, n);
    const p = consensusParams(n);
    const target = compactToTarget(p.genesis.bits).target;
    assert.ok(target <= p.powLimit, n);
    assert.ok(hashMeetsTarget(chain.tip().hash, 0, targetToLE(target)), n);
    assert.deepEqual(chain.locator().map(toHex), [toHex(chain.tip().hash)]);
  }
});

test('testnet4 genesis header equals the block hex published in BIP94 (its first 80 bytes)', () => {
  // bitcoin/bips bip-0094.mediawiki, "Genesis Block": the block hex starts with the 80-byte header.
  const bip94Header = '0100000000000000000000000000000000000000000000000000000000000000000000004e7b2b9128fe0291db0693af2ae418b767e657cd407e80cb1434221eaea7a07a046f3566ffff001dbb0c7817';
  assert.equal(toHex(createHeaderChain('testnet4').headerBytesAt(0)!), bip94Header);
  assert.equal(blockHashHex(header(bip94Header)), '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043');
});

test('mainnet with Core\'s last checkpoint (295000) still accepts the real early chain below it', () => {
  const chain = createHeaderChain('bitcoin', { checkpoint: KNOWN_CHECKPOINTS.bitcoin ?? null });
  const hs = MAINNET_0_10.slice(1).map(header);
  const r = chain.accept(hs, nowAfter(hs));
  assert.ok(r.ok);
  assert.equal(chain.tip().height, 10);
});
