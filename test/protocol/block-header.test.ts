// Block header codec: the mainnet genesis header's published 80 bytes and hash, round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex } from '../../source/shared/bytes.js';
import { blockHash, blockHashHex, decodeBlockHeader, encodeBlockHeader } from '../../source/protocol/block-header.js';
import { hashToDisplayHex } from '../../source/shared/hash.js';
import { blockHeader, fcParams } from './arbitraries.js';

// The 80 bytes of the mainnet genesis block header (block 0 as served by any node).
const GENESIS_HEADER_HEX =
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c';

test('mainnet genesis header: fields, hash (display order) and re-encoding', () => {
  const r = decodeBlockHeader(fromHex(GENESIS_HEADER_HEX));
  assert.ok(r.ok);
  const h = r.value;
  assert.equal(h.version, 1);
  assert.equal(hashToDisplayHex(h.merkleRoot), '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
  assert.equal(h.time, 1231006505);
  assert.equal(h.bits, 0x1d00ffff);
  assert.equal(h.nonce, 2083236893);
  assert.equal(blockHashHex(h), '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
  // Internal order is the reverse of display order.
  assert.equal(toHex(blockHash(h)), '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000');
  assert.equal(toHex(encodeBlockHeader(h)), GENESIS_HEADER_HEX);
});

test('decodeBlockHeader wants exactly 80 bytes', () => {
  assert.equal(decodeBlockHeader(new Uint8Array(79)).ok, false);
  assert.equal(decodeBlockHeader(new Uint8Array(81)).ok, false);
});

test('property: headers round-trip', () => {
  fc.assert(fc.property(blockHeader, (h) => {
    const bytes = encodeBlockHeader(h);
    assert.equal(bytes.length, 80);
    const r = decodeBlockHeader(bytes);
    assert.ok(r.ok);
    assert.deepStrictEqual({ ...r.value }, { ...h });
  }), fcParams(300));
});
