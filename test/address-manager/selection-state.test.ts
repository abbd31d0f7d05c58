// The selection and announce states mirror the entries: after random adds, attempts, goods,
// connections, service changes (some wider than 32 bits) and reloads, every live entry's chance equals
// Core's GetChance from its AddrInfo, every cached Candidate matches the entry's address, services
// and table, and the announce arrays hold exactly its service bits and placement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AddressManager } from '../../source/address-manager/address-manager.js';
import { deserializeBook } from '../../source/address-manager/serialize.js';
import { seededRandom } from '../../source/shared/random.js';
import { MINUTE_MS } from '../../source/shared/time.js';
import { T0, entry, fcParams, makeBook, peerSource, publicV4, v4 } from './helpers.js';

/** Core's AddrInfo::GetChance, written out independently. */
function coreChance(attempts: number, lastTryMs: number, now: number): number {
  const c = 0.66 ** Math.min(attempts, 8);
  return now - lastTryMs < 10 * MINUTE_MS ? c * 0.01 : c;
}

function assertMirrored(book: AddressManager, now: number): void {
  book.infos.forEach((info, id) => {
    if (!info) return;
    assert.equal(book.selection.chance(id, now), coreChance(info.attempts, info.lastTryMs, now), `chance of ${id}`);
    const c = book.selection.candidate(id);
    if (c !== null) assert.deepEqual([c.addr, c.services, c.tried], [info.addr, info.services, info.inTried], `candidate of ${id}`);
    assert.equal(book.announce.covers(id, info.services), info.services <= 0xffff_ffffn, `services of ${id}`);
    assert.equal(book.announce.newRefs(id), info.inTried ? -1 : info.newBuckets.length, `placement of ${id}`);
    for (const bit of [0n, 3n, 11n, 24n, 31n]) {
      if ((info.services & (1n << bit)) === 0n) assert.equal(book.announce.covers(id, info.services | (1n << bit)), false, `bit ${bit} of ${id}`);
    }
  });
}

test('property: chance and cached candidates follow attempts, goods, services and reloads', () => {
  const op = fc.tuple(fc.nat(6), fc.nat(199), fc.nat(40));
  // Half the addresses share one /16, so their tried slots collide and evictions happen.
  const addr = fc.oneof(publicV4, fc.tuple(fc.nat(255), fc.integer({ min: 1, max: 254 })).map(([c, d]) => v4(44, 55, c, d)));
  fc.assert(fc.property(fc.array(addr, { minLength: 100, maxLength: 300 }), fc.array(op, { minLength: 300, maxLength: 600 }), (addrs, ops) => {
    let book = makeBook(3);
    let now = T0;
    book.add(addrs.map((a) => entry(a, now)), peerSource(v4(8, 8, 4, 4)), now);
    for (const [kind, i, dt] of ops) {
      now += dt * MINUTE_MS;
      const a = addrs[i % addrs.length];
      if (!a) continue;
      if (kind === 0) book.attempt(a, true, now);
      else if (kind === 1) book.attempt(a, false, now);
      else if (kind === 2) book.good(a, now);
      else if (kind === 3) book.setServices(a, dt > 35 ? 1n << 40n : BigInt(dt));
      else if (kind === 4) book.select({}, now);
      else if (kind === 5) book.connected(a, now);
      else book.add([entry(a, now, 60, dt > 35 ? 1n << BigInt(dt) : BigInt(1 << (dt % 10)))], peerSource(v4(9, 9, 4, 4)), now);
      if (kind === 2) {
        for (let k = 0; k < 20; k++) book.select({}, now); // cache candidates, tried ones included
        book.resolveCollisions(now);
      }
    }
    for (let i = 0; i < 50; i++) book.select({}, now);
    assertMirrored(book, now);
    assertMirrored(book, now + 11 * MINUTE_MS);
    const loaded = deserializeBook(book.serialize(), { random: seededRandom(1), allowPrivateAddresses: false });
    assert.ok(loaded.ok);
    book = loaded.value;
    assertMirrored(book, now);
  }), fcParams(40));
});
