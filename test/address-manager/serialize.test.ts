// Serialization: round trips (property), any truncation or bit flip → an error value or a valid book
// (never a throw), wrong version refused, and the file store moving damaged files aside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserializeBook } from '../../source/address-manager/serialize.js';
import type { AddressManager } from '../../source/address-manager/address-manager.js';
import { loadAddressBook, saveAddressBook } from '../../source/io/address-book-store.js';
import { seededRandom } from '../../source/shared/random.js';
import { DAY_MS } from '../../source/shared/time.js';
import { T0, entry, fcParams, makeBook, peerSource, publicV4, v4 } from './helpers.js';

const load = (bytes: Uint8Array) => deserializeBook(bytes, { random: seededRandom(1), allowPrivateAddresses: false });

function snapshot(book: AddressManager): unknown[] {
  return book.infos.flatMap((i, id) => (i === undefined ? [] : [{ i, timeMs: book.announce.time(id) }]))
    .map(({ i, timeMs }) => ({ key: `${i.addr.network} ${i.addr.bytes.join('.')} ${i.addr.port}`, services: i.services, timeMs, lastTryMs: i.lastTryMs, lastSuccessMs: i.lastSuccessMs, attempts: i.attempts, inTried: i.inTried, buckets: [...i.newBuckets].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function sampleBook(seed: number, n: number): AddressManager {
  const book = makeBook(seed);
  const addrs = Array.from({ length: n }, (_, i) => v4(1 + (i % 90), (i * 13) & 255, (i * 7) & 255, 1 + (i % 250)));
  book.add(addrs.map((a) => entry(a)), peerSource(v4(8, 8, 8, 8)), T0);
  book.add(addrs.map((a) => entry(a)), peerSource(v4(9, 9, 9, 9)), T0 + 1000);
  for (let i = 0; i < n; i += 5) { const a = addrs[i]; if (a) book.good(a, T0 + i); }
  book.attempt(v4(1, 0, 0, 1), true, T0);
  book.ban('1.2.3.0/24', T0 + DAY_MS, 'misbehaving', T0);
  book.ban('2001:db8::/32', T0 + 2 * DAY_MS, 'test', T0);
  return book;
}

test('property: serialization round-trips entries, tables, salt and bans', () => {
  fc.assert(fc.property(fc.nat(), fc.array(publicV4, { maxLength: 300 }), fc.array(fc.nat(299), { maxLength: 40 }), (seed, addrs, goods) => {
    const book = makeBook(seed);
    book.add(addrs.map((a) => entry(a)), peerSource(v4(8, 8, 4, 4)), T0);
    for (const g of goods) { const a = addrs[g]; if (a) book.good(a, T0); }
    book.ban('5.6.7.8', T0 + DAY_MS, 'x', T0);
    const bytes = book.serialize();
    const r = load(bytes);
    assert.ok(r.ok);
    assert.deepEqual(snapshot(r.value), snapshot(book));
    assert.deepEqual(r.value.listBans(T0), book.listBans(T0));
    assert.deepEqual(r.value.salt, book.salt);
    assert.deepEqual(r.value.serialize(), bytes);
  }), fcParams(40));
});

test('property: any truncation or bit flip decodes to an error value or a valid book, never a throw', () => {
  const bytes = sampleBook(3, 300).serialize();
  fc.assert(fc.property(fc.nat(bytes.length), fc.nat(bytes.length - 1), fc.nat(7), fc.boolean(), (cut, at, bit, flip) => {
    const damaged = flip ? bytes.slice() : bytes.slice(0, cut);
    if (flip) damaged[at] = (damaged[at] ?? 0) ^ (1 << bit);
    const r = load(damaged);
    if (r.ok) assert.ok(r.value.size() >= 0);
    else assert.ok(r.error.message.length > 0);
    // Only the untouched file is valid: the checksum covers every byte.
    assert.equal(r.ok, !flip && cut === bytes.length);
  }), fcParams(300));
});

test('wrong version and wrong magic are refused as values', () => {
  const bytes = sampleBook(4, 10).serialize();
  const v = bytes.slice(); v[8] = 2;
  const r = load(v);
  assert.ok(!r.ok && r.error.code === 'version');
  const m = bytes.slice(); m[0] = 0;
  assert.ok(!load(m).ok);
  assert.ok(!load(new Uint8Array(0)).ok);
});

test('loading 100,000 addresses works (timing lives in the benchmark)', () => {
  const book = makeBook(5);
  for (let i = 0; i < 100_000; i++) book.add([entry(v4(1 + (i % 97), (i >> 8) & 255, i & 255, 1 + (i % 200)))], peerSource(v4(20 + (i % 50), 1, 1, 1)), T0);
  const r = load(book.serialize());
  assert.ok(r.ok);
  assert.equal(r.value.size(), book.size());
});

test('store: missing file → empty; damaged file → moved aside with one warning line; save → load', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-addrbook-'));
  const path = join(dir, 'peers.dat');
  const opts = { random: seededRandom(1), allowPrivateAddresses: false, now: T0 };
  const missing = await loadAddressBook(path, opts);
  assert.equal(missing.book.size(), 0);
  assert.equal(missing.warning, null);
  const book = sampleBook(6, 50);
  await saveAddressBook(path, book);
  const loaded = await loadAddressBook(path, opts);
  assert.equal(loaded.warning, null);
  assert.equal(loaded.book.size(), book.size());
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, 100));
  const damaged = await loadAddressBook(path, opts);
  assert.equal(damaged.book.size(), 0);
  assert.ok(damaged.warning && !damaged.warning.includes('\n') && damaged.warning.includes('moved aside'));
  assert.ok(readdirSync(dir).some((f) => f.startsWith('peers.dat.corrupt-')));
  assert.ok(!readdirSync(dir).includes('peers.dat'));
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
});
