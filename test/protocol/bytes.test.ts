// ByteReader and ByteWriter edge cases: integers written byte by byte wrap like DataView's, reads are
// bounds-checked (truncation is a DecodeError, never a wrong value), take/skip, and a round
// trip of every field type on random values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteReader, ByteWriter, copyBytes, u64FromHalves, u64HighHalf, u64LowHalf } from '../../source/shared/bytes.js';
import { DecodeError } from '../../source/shared/errors.js';
import { fcParams, i32, u32 } from './arbitraries.js';

test('small integers are written in little/big endian and wrap like DataView', () => {
  const w = new ByteWriter(1).u8(0x1ff).u16le(0x1_2345).u16be(-1).u32le(0x1_0000_0002).i32le(-2);
  const out = w.finish();
  const dv = new DataView(new ArrayBuffer(13));
  dv.setUint8(0, 0x1ff); dv.setUint16(1, 0x1_2345, true); dv.setUint16(3, -1, false); dv.setUint32(5, 0x1_0000_0002, true); dv.setInt32(9, -2, true);
  assert.deepEqual(out, new Uint8Array(dv.buffer));
});

test('reads past the end throw DecodeError("truncated"); take() checks the whole field first', () => {
  const r = new ByteReader(Uint8Array.of(9, 1, 2, 3));
  r.skip(1);
  assert.throws(() => r.take(4), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
  assert.equal(r.position, 1, 'a failed take consumes nothing');
  const at = r.take(2);
  assert.deepEqual([at, r.source[at], r.source[at + 1], r.position], [1, 1, 2, 3]);
  assert.equal(r.u8(), 3);
  for (const read of [() => r.u8(), () => r.u16le(), () => r.u32le(), () => r.i32le(), () => r.u64le(), () => r.skip(1), () => r.take(1)]) {
    assert.throws(read, (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
  }
  assert.throws(() => new ByteReader(Uint8Array.of(1)).u16be(), DecodeError);
});

test('property: every field type round-trips through ByteWriter and ByteReader (views at any offset)', () => {
  fc.assert(fc.property(u32, i32, fc.nat(0xffff), fc.bigUint64Array({ minLength: 1, maxLength: 1 }), fc.uint8Array({ maxLength: 300 }), fc.nat(7),
    (a, b, c, [d], blob, pad) => {
      const bytes = new ByteWriter(4).u32le(a).i32le(b).u16le(c).u16be(c).u64le(d ?? 0n).i64le(-(d ?? 0n)).varBytes(blob).finish();
      const shifted = new Uint8Array(bytes.length + pad);
      shifted.set(bytes, pad);
      const r = new ByteReader(shifted.subarray(pad));
      assert.equal(r.u32le(), a);
      assert.equal(r.i32le(), b);
      assert.equal(r.u16le(), c);
      assert.equal(r.u16be(), c);
      assert.equal(r.u64le(), d ?? 0n);
      assert.equal(r.i64le(), BigInt.asIntN(64, -(d ?? 0n)));
      assert.deepEqual(r.varBytes(), blob);
      assert.equal(r.remaining, 0);
    }), fcParams(300));
});

test('64-bit fields match node:buffer at the 32-bit and 64-bit edges', () => {
  const unsigned = [0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 0x1_0000_0001n, 0x7fff_ffff_ffff_ffffn, 0xffff_ffff_ffff_ffffn];
  for (const v of unsigned) {
    const expected = Buffer.alloc(8);
    expected.writeBigUInt64LE(v);
    const written = new ByteWriter().u64le(v).finish();
    assert.deepEqual(Buffer.from(written), expected, `u64 ${v}`);
    assert.equal(new ByteReader(expected).u64le(), v);
  }
  for (const v of [0n, -1n, 1n, -0x1_0000_0000n, 0xffff_ffffn, -0x8000_0000_0000_0000n, 0x7fff_ffff_ffff_ffffn]) {
    const expected = Buffer.alloc(8);
    expected.writeBigInt64LE(v);
    assert.deepEqual(Buffer.from(new ByteWriter().i64le(v).finish()), expected, `i64 ${v}`);
    assert.equal(new ByteReader(expected).i64le(), v);
  }
});

test('u64 halves: reads and writes agree with bigint arithmetic; writes take values modulo 2^64', () => {
  fc.assert(fc.property(u32, u32, (lo, hi) => {
    const v = u64FromHalves(lo, hi);
    assert.equal(v, (BigInt(hi) << 32n) | BigInt(lo));
    assert.deepEqual(new ByteWriter().u64le(v).finish(), new ByteWriter().u32le(lo).u32le(hi).finish());
  }), fcParams(500));
  for (const v of [1n << 64n, (1n << 64n) + 5n, -(1n << 63n) - 1n, -(1n << 70n) + 3n, 1n << 100n]) {
    const expected = Buffer.alloc(8);
    expected.writeBigUInt64LE(BigInt.asUintN(64, v));
    assert.deepEqual(Buffer.from(new ByteWriter().u64le(v).finish()), expected, `u64 ${v}`);
  }
  // Splitting into halves (AddrBatch's services columns) takes the value modulo 2^64 the same way.
  for (const v of [0n, 9n, 0x409n, 0xffff_ffffn, 1n << 32n, (1n << 40n) | 9n, -1n, 1n << 64n, (1n << 64n) + 9n, -(1n << 70n) + 3n]) {
    const lo = u64LowHalf(v), hi = u64HighHalf();
    assert.equal((BigInt(hi) << 32n) | BigInt(lo), BigInt.asUintN(64, v), `halves of ${v}`);
  }
});

test('bytes read from a Buffer view are copies that do not keep the received chunk alive', () => {
  const chunk = Buffer.alloc(65_536, 7); // received chunks are Buffers, whose .slice() is a view
  const r = new ByteReader(chunk.subarray(100, 200));
  r.skip(2);
  const four = r.bytesN(4);
  assert.equal(four.buffer.byteLength, 4);
  chunk.fill(9);
  assert.deepEqual([...four], [7, 7, 7, 7]);
  const copied = copyBytes(chunk, 10, 80);
  assert.equal(copied.buffer.byteLength, 70);
  assert.ok(copied.every((b) => b === 9));
});

test('finish() results stay as they were when the writer goes on writing (exactly full, short and pooled sizes)', () => {
  for (const [capacity, first] of [[8, 8], [8, 5], [100, 100], [200, 150]] as const) {
    const w = new ByteWriter(capacity);
    for (let i = 0; i < first; i++) w.u8(i & 0xff);
    const a = w.finish();
    w.u8(0xee).u32le(0xdeadbeef);
    const b = w.finish();
    assert.deepEqual([...a], Array.from({ length: first }, (_, i) => i & 0xff), `capacity ${capacity}`);
    assert.equal(b.length, first + 5);
    assert.equal(b[first], 0xee);
  }
});
