// Every official BIP324 test vector (test/fixtures/bip324, copied unchanged from bitcoin/bips):
// ElligatorSwift decoding, the inverse map for all eight cases, and full packet encoding (keys,
// shared secret, terminators, session id, ciphertexts after 0..N earlier packets, decoys, AAD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ellswiftCreate, ellswiftDecode, ellswiftEcdhXonly, publicX, xswiftec, xswiftecInv } from '../../source/transport/bip324/ellswift.js';
import { PacketCipher, deriveSessionKeys, v2SharedSecret } from '../../source/transport/bip324/cipher.js';
import { fromHex, toHex } from '../../source/shared/bytes.js';
import { seededRandom } from '../../source/shared/random.js';

/** Rows of a vector file as objects keyed by the header line. */
function readCsv(name: string): Record<string, string>[] {
  const path = fileURLToPath(new URL(`../fixtures/bip324/${name}`, import.meta.url));
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const keys = (header as string).split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i] as string, v])));
}

const hex32 = (n: bigint): string => n.toString(16).padStart(64, '0');
const big = (h: string): bigint => BigInt(`0x${h}`);
/** Mainnet magic: the packet vectors derive their keys with it. */
const MAINNET_MAGIC = fromHex('f9beb4d9');

test('ellswift decode: every vector maps 64 bytes to the expected x', () => {
  const rows = readCsv('ellswift_decode_test_vectors.csv');
  assert.ok(rows.length >= 70);
  for (const row of rows) {
    assert.equal(hex32(ellswiftDecode(fromHex(row['ellswift'] as string))), row['x'], row['comment']);
  }
});

test('xswiftec inverse: all eight cases give the expected t (or none), and each t decodes back to x', () => {
  const rows = readCsv('xswiftec_inv_test_vectors.csv');
  assert.ok(rows.length >= 30);
  for (const row of rows) {
    const u = big(row['u'] as string);
    const x = big(row['x'] as string);
    for (let c = 0; c < 8; c++) {
      const t = xswiftecInv(x, u, c);
      const want = row[`case${c}_t`] as string;
      if (want === '') {
        assert.equal(t, null, `${row['comment']} case ${c}`);
      } else {
        assert.ok(t !== null, `${row['comment']} case ${c}`);
        assert.equal(hex32(t), want, `case ${c}`);
        assert.equal(hex32(xswiftec(u, t)), row['x'], `case ${c} round trip`);
      }
    }
  }
});

test('packet encoding: keys, shared secret, terminators, session id and ciphertexts match every vector', () => {
  const rows = readCsv('packet_encoding_test_vectors.csv');
  assert.ok(rows.length >= 7);
  for (const row of rows) {
    const idx = Number(row['in_idx']);
    const priv = fromHex(row['in_priv_ours'] as string);
    const ours = fromHex(row['in_ellswift_ours'] as string);
    const theirs = fromHex(row['in_ellswift_theirs'] as string);
    const initiating = row['in_initiating'] === '1';
    const label = `vector in_idx=${idx}`;

    assert.equal(hex32(publicX(priv)), row['mid_x_ours'], label);
    assert.equal(hex32(ellswiftDecode(ours)), row['mid_x_ours'], `${label}: our encoding decodes to our key`);
    assert.equal(hex32(ellswiftDecode(theirs)), row['mid_x_theirs'], label);
    assert.equal(toHex(ellswiftEcdhXonly(theirs, priv)), row['mid_x_shared'], label);
    const secret = v2SharedSecret(priv, theirs, ours, initiating);
    assert.equal(toHex(secret), row['mid_shared_secret'], label);

    const keys = deriveSessionKeys(secret, MAINNET_MAGIC);
    assert.equal(toHex(keys.initiatorL), row['mid_initiator_l'], label);
    assert.equal(toHex(keys.initiatorP), row['mid_initiator_p'], label);
    assert.equal(toHex(keys.responderL), row['mid_responder_l'], label);
    assert.equal(toHex(keys.responderP), row['mid_responder_p'], label);
    assert.equal(toHex(keys.sessionId), row['out_session_id'], label);

    const cipher = new PacketCipher(keys, initiating);
    assert.equal(toHex(cipher.sendGarbageTerminator), row['mid_send_garbage_terminator'], label);
    assert.equal(toHex(cipher.recvGarbageTerminator), row['mid_recv_garbage_terminator'], label);
    for (let i = 0; i < idx; i++) cipher.encrypt(new Uint8Array(0), false);
    const single = fromHex(row['in_contents'] as string);
    const contents = new Uint8Array(single.length * Number(row['in_multiply']));
    for (let i = 0; i < contents.length; i += single.length) contents.set(single, i);
    const aad = fromHex(row['in_aad'] as string);
    const ignore = row['in_ignore'] === '1';
    const out = toHex(cipher.encrypt(aad, ignore, contents));
    if (row['out_ciphertext'] !== '') assert.equal(out, row['out_ciphertext'], label);
    if (row['out_ciphertext_endswith'] !== '') assert.ok(out.endsWith(row['out_ciphertext_endswith'] as string), `${label}: ciphertext tail`);

    // The other end (same keys, opposite role) decrypts what we sent, after the same number of packets.
    const peer = new PacketCipher(keys, !initiating);
    const replay = new PacketCipher(keys, initiating);
    for (let i = 0; i < idx; i++) {
      const pkt = replay.encrypt(new Uint8Array(0), false);
      assert.equal(peer.decryptLength(pkt.subarray(0, 3)), 0);
      assert.ok(peer.decrypt(new Uint8Array(0), pkt.subarray(3)) !== null);
    }
    const sealed = replay.encrypt(aad, ignore, contents);
    assert.equal(peer.decryptLength(sealed.subarray(0, 3)), contents.length, label);
    const opened = peer.decrypt(aad, sealed.subarray(3));
    assert.ok(opened !== null, label);
    assert.equal(opened.ignore, ignore);
    assert.equal(toHex(opened.contents), toHex(contents));
  }
});

test('fresh key pairs: the encoding decodes to the public x, and both ends compute one shared secret', () => {
  const random = seededRandom(324);
  for (let i = 0; i < 20; i++) {
    const a = ellswiftCreate(random);
    const b = ellswiftCreate(random);
    assert.equal(ellswiftDecode(a.ellswift), publicX(a.privateKey));
    assert.equal(toHex(v2SharedSecret(a.privateKey, b.ellswift, a.ellswift, true)), toHex(v2SharedSecret(b.privateKey, a.ellswift, b.ellswift, false)));
  }
});
