// ReceiveBuffer: storage made on first use, appends across growth and compaction, consumption to
// empty, release of a buffer grown by one large message, clear, and a random mix checked against a
// plain array model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReceiveBuffer } from '../../source/transport/receive-buffer.js';
import { fcParams } from '../protocol/arbitraries.js';

const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

test('an empty buffer accepts empty and small appends, and views exactly what was appended', () => {
  const b = new ReceiveBuffer();
  assert.equal(b.length, 0);
  b.append(new Uint8Array(0));
  assert.equal(b.length, 0);
  assert.deepEqual(b.view(), new Uint8Array(0));
  b.append(bytes(10));
  assert.deepEqual(b.view(), bytes(10));
  b.consume(4);
  assert.deepEqual(b.view(), bytes(10).subarray(4));
  b.consume(6);
  assert.equal(b.length, 0);
  b.append(bytes(3, 7));
  assert.deepEqual(b.view(), bytes(3, 7));
});

test('a buffer grown past 1 MiB by one message keeps its bytes, drains, and starts small again', () => {
  const b = new ReceiveBuffer();
  const big = bytes(3 * 1024 * 1024);
  b.append(big.subarray(0, 100));
  b.append(big.subarray(100));
  assert.equal(b.length, big.length);
  assert.deepEqual(b.view(), big);
  b.consume(big.length);
  assert.equal(b.length, 0);
  b.append(bytes(5));
  assert.deepEqual(b.view(), bytes(5));
  b.clear();
  assert.equal(b.length, 0);
  b.append(bytes(2));
  assert.deepEqual(b.view(), bytes(2));
});

test('property: any mix of appends and consumes matches a plain byte-array model', () => {
  const op = fc.oneof(
    fc.record({ append: fc.uint8Array({ maxLength: 40_000 }) }),
    fc.record({ consume: fc.nat(50_000) }),
    fc.constant({ clear: true as const }),
  );
  fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
    const b = new ReceiveBuffer();
    let model: number[] = [];
    for (const o of ops) {
      if ('append' in o) { b.append(o.append); model = model.concat(Array.from(o.append)); }
      else if ('consume' in o) { const n = Math.min(o.consume, model.length); b.consume(n); model = model.slice(n); }
      else { b.clear(); model = []; }
      assert.equal(b.length, model.length);
    }
    assert.deepEqual(Array.from(b.view()), model);
  }), fcParams(100));
});
