// The TypeScript SHA-256 for short inputs: FIPS 180-2 examples, and agreement with node:crypto for
// every length around the block and padding boundaries and for random inputs (sha256, sha256d and
// the checksum word), plus the length cut-over in shared/hash.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sha256dFirstWord, sha256FirstWord, sha256dSmall, sha256Small, SMALL_SHA256_MAX_BYTES } from '../../source/shared/sha256-small.js';
import { sha256, sha256d } from '../../source/shared/hash.js';
import { fcParams } from './arbitraries.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeSha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

test('FIPS 180-2 examples: "abc", the 448-bit message and the empty string', () => {
  assert.equal(hex(sha256Small(Buffer.from('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hex(sha256Small(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  assert.equal(hex(sha256Small(new Uint8Array(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('agrees with node:crypto for every length 0–300 (one-, two- and multi-block paddings)', () => {
  for (let n = 0; n <= 300; n++) {
    const b = randomBytes(n);
    const once = nodeSha(b);
    const twice = nodeSha(once);
    assert.equal(hex(sha256Small(b)), hex(once), `sha256 length ${n}`);
    assert.equal(hex(sha256dSmall(b)), hex(twice), `sha256d length ${n}`);
    assert.equal(sha256dFirstWord(b), twice.readUInt32BE(0), `checksum word length ${n}`);
    assert.equal(sha256FirstWord(b), once.readUInt32BE(0), `first word length ${n}`);
  }
});

test('hash.ts gives the same digests on both sides of the native cut-over', () => {
  for (const n of [SMALL_SHA256_MAX_BYTES - 1, SMALL_SHA256_MAX_BYTES, SMALL_SHA256_MAX_BYTES + 1, 4096]) {
    const b = randomBytes(n);
    assert.equal(hex(sha256(b)), hex(nodeSha(b)));
    assert.equal(hex(sha256d(b)), hex(nodeSha(nodeSha(b))));
  }
});

test('property: random inputs and views into larger buffers hash like node:crypto', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(16), (bytes, skip) => {
    const padded = new Uint8Array(bytes.length + skip);
    padded.set(bytes, skip);
    const view = padded.subarray(skip);
    assert.equal(hex(sha256dSmall(view)), hex(nodeSha(nodeSha(bytes))));
  }), fcParams());
});
