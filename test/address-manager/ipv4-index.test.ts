// The IPv4 endpoint index: insert, find, replace, delete (backward shift), growth, forced collisions,
// and a long random run checked against a Map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ipv4Index, ipv4Value } from '../../source/address-manager/ipv4-index.js';
import { seededRandom } from '../../source/shared/random.js';

test('ipv4Value is the big-endian u32 of the bytes', () => {
  assert.equal(ipv4Value(new Uint8Array([1, 2, 3, 4])), 0x01020304);
  assert.equal(ipv4Value(new Uint8Array([255, 255, 255, 255])), 0xffffffff);
});

test('insert, find, replace and delete', () => {
  const ix = new Ipv4Index(0x12345678, 0x9abcdef0);
  assert.equal(ix.get(0x01020304, 8333), -1);
  ix.set(0x01020304, 8333, 7);
  ix.set(0x01020304, 8334, 8); // same address, other port: a distinct key
  assert.equal(ix.get(0x01020304, 8333), 7);
  assert.equal(ix.get(0x01020304, 8334), 8);
  ix.set(0x01020304, 8333, 0); // replace; id 0 is a valid id
  assert.equal(ix.get(0x01020304, 8333), 0);
  assert.equal(ix.size, 2);
  assert.equal(ix.delete(0x01020304, 8333), true);
  assert.equal(ix.delete(0x01020304, 8333), false);
  assert.equal(ix.get(0x01020304, 8333), -1);
  assert.equal(ix.get(0x01020304, 8334), 8);
  assert.equal(ix.size, 1);
});

test('grows past half full and keeps every key', () => {
  const ix = new Ipv4Index(0x12345678, 0x9abcdef0);
  for (let i = 0; i < 50_000; i++) ix.set((i * 2654435761) >>> 0, i & 0xffff, i);
  assert.equal(ix.size, 50_000);
  for (let i = 0; i < 50_000; i++) assert.equal(ix.get((i * 2654435761) >>> 0, i & 0xffff), i);
});

test('different keys place the same endpoints differently (the slot hash is keyed)', () => {
  // The slot function is private: compared directly.
  const slot = (ix: Ipv4Index, a: number, p: number): number => (ix as unknown as { slotOf(a: number, p: number): number }).slotOf(a, p);
  const x = new Ipv4Index(1, 2), y = new Ipv4Index(3, 4);
  let same = 0;
  for (let i = 0; i < 1000; i++) if (slot(x, 0x01020000 + i, 8333) === slot(y, 0x01020000 + i, 8333)) same++;
  assert.ok(same < 50, `${same} of 1000 slots agree`);
});

test('deleting inside long collision runs keeps the rest findable', () => {
  // Same address, ports 0..n: many keys, heavy clustering in a small table; delete every third.
  const ix = new Ipv4Index(0x12345678, 0x9abcdef0);
  const n = 3000;
  for (let p = 0; p < n; p++) ix.set(0x0a000001, p, p);
  for (let p = 0; p < n; p += 3) assert.equal(ix.delete(0x0a000001, p), true);
  for (let p = 0; p < n; p++) assert.equal(ix.get(0x0a000001, p), p % 3 === 0 ? -1 : p, `port ${p}`);
  assert.equal(ix.size, n - Math.ceil(n / 3));
});

test('random inserts and deletes agree with a Map', () => {
  const r = seededRandom(5);
  const ix = new Ipv4Index(0x12345678, 0x9abcdef0);
  const ref = new Map<number, number>();
  for (let step = 0; step < 200_000; step++) {
    // A small key space, so inserts, replacements, deletes and misses all happen often.
    const addr = (0x01000000 + r.nextInt(4096)) >>> 0, port = r.nextInt(4);
    const k = addr * 65536 + port;
    const op = r.nextInt(3);
    if (op === 0) { ix.set(addr, port, step); ref.set(k, step); }
    else if (op === 1) assert.equal(ix.delete(addr, port), ref.delete(k));
    else assert.equal(ix.get(addr, port), ref.get(k) ?? -1);
  }
  assert.equal(ix.size, ref.size);
  for (const [k, id] of ref) assert.equal(ix.get(Math.floor(k / 65536), k % 65536), id);
});
