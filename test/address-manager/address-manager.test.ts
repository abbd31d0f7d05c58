// AddressManager behaviour: add() rules, selection filters (properties), table invariants,
// test-before-evict, terrible addresses ageing out, sample and stats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AddressManager } from '../../source/address-manager/address-manager.js';
import { ATTEMPT_CHANCE_CAP, BUCKET_SIZE, MAX_FAILURES, NEW_BUCKETS_PER_ADDRESS, RETRIES } from '../../source/address-manager/constants.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';
import { addrEqual, formatAddr } from '../../source/protocol/netaddr.js';
import { isTerrible, type AddrInfo } from '../../source/address-manager/addr-info.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../source/shared/time.js';
import { T0, entry, fcParams, makeBook, peerSource, publicV4, v4 } from './helpers.js';
import { deserializeBook } from '../../source/address-manager/serialize.js';
import { seededRandom } from '../../source/shared/random.js';
import { AddrBatch } from '../../source/protocol/addr-batch.js';
import { decodeAddrBatch, encodePayload } from '../../source/protocol/messages.js';

const USER = { kind: 'user' } as const;

/** Checks the book's internal consistency: every reference matches a slot and the counts add up. */
function checkInvariants(book: AddressManager): void {
  let newRefs = 0, triedRefs = 0;
  const seenNew = new Map<number, number>();
  book.newTable.forEach((id, slot) => {
    if (id < 0) return;
    newRefs++;
    const info = book.infos[id];
    assert.ok(info && !info.inTried, 'new slot points at a live new entry');
    assert.ok(info.newBuckets.includes(Math.floor(slot / BUCKET_SIZE)));
    seenNew.set(id, (seenNew.get(id) ?? 0) + 1);
  });
  book.triedTable.forEach((id) => {
    if (id < 0) return;
    triedRefs++;
    assert.ok(book.infos[id]?.inTried);
  });
  for (const [id, n] of seenNew) {
    assert.equal(book.infos[id]?.newBuckets.length, n);
    assert.ok(n <= NEW_BUCKETS_PER_ADDRESS);
  }
  const stats = book.stats(T0);
  assert.equal(stats.new, seenNew.size);
  assert.equal(stats.tried, triedRefs);
  assert.ok(newRefs <= book.newTable.length && triedRefs <= book.triedTable.length);
  assert.equal(book.size(), stats.new + stats.tried);
  checkTerribleAt(book, [T0, T0 + 30 * 1000, T0 + 31 * DAY_MS, T0 - DAY_MS]);
}

/** add()'s occupant test judges entries from the flat arrays (terribleAt); it must agree with isTerrible. */
function checkTerribleAt(book: AddressManager, times: readonly number[]): void {
  const terribleAt = (book as unknown as { terribleAt(id: number, now: number): boolean }).terribleAt.bind(book);
  book.infos.forEach((info, id) => {
    if (!info) return;
    for (const now of [...times, info.lastTryMs + 59_000, info.lastTryMs + 61_000]) {
      assert.equal(terribleAt(id, now), isTerrible(info, book.announce.time(id), now), `terrible verdict of ${id} at ${now}`);
    }
  });
}

test('add: new addresses count once, unroutable rejected on mainnet, accepted on regtest', () => {
  const book = makeBook(1);
  assert.equal(book.add([entry(v4(1, 2, 3, 4)), entry(v4(10, 0, 0, 1)), entry(v4(127, 1, 0, 1))], USER, T0), 1);
  assert.equal(book.add([entry(v4(1, 2, 3, 4))], USER, T0), 0);
  assert.equal(book.size(), 1);
  const regtest = makeBook(1, true);
  assert.equal(regtest.add([entry(v4(127, 1, 0, 1, 18444)), entry(v4(127, 2, 0, 1, 18444)), entry(v4(10, 0, 0, 1))], USER, T0), 3);
});

test('add: an address twice in one batch is one entry, also when the batch adds or frees entries before its second copy', () => {
  const book = makeBook(2);
  // New then repeated: the copy after the creation must find the entry (and, a day newer, move its
  // time), not make a second one.
  assert.equal(book.add([entry(v4(1, 2, 3, 4), T0, 3 * 86_400), entry(v4(5, 6, 7, 8)), entry(v4(1, 2, 3, 4), T0, 86_400)], USER, T0), 2);
  assert.equal(book.size(), 2);
  assert.equal(book.timeOf(v4(1, 2, 3, 4)), (Math.floor(T0 / 1000) - 86_400) * 1000);
  // Known addresses around a new one: every copy settles on the existing entries.
  const again = [entry(v4(5, 6, 7, 8)), entry(v4(9, 9, 9, 9)), entry(v4(1, 2, 3, 4)), entry(v4(9, 9, 9, 9)), entry(v4(5, 6, 7, 8))];
  assert.equal(book.add(again, USER, T0 + 1000), 1);
  assert.equal(book.size(), 3);
  checkInvariants(book);
});

test('add: future timestamps clamp to now − 5 days; peers get a 2 h penalty except for themselves', () => {
  const book = makeBook(2);
  const a = v4(1, 2, 3, 4), b = v4(5, 6, 7, 8), src = v4(9, 9, 9, 9);
  book.add([{ time: T0 / 1000 + 3600, services: 1n, addr: a }], USER, T0);
  assert.equal(book.timeOf(a), T0 - 5 * DAY_MS);
  book.add([entry(b, T0, 60), entry(src, T0, 60)], peerSource(src), T0);
  assert.equal(book.timeOf(b), T0 - 60_000 - 2 * HOUR_MS);
  assert.equal(book.timeOf(src), T0 - 60_000);
});

test('property: an addr message decoded into columns and the same entries as objects leave identical books', () => {
  // The engine hands the book a batch decoded from the wire (IPv4 as values, no NetAddr); other
  // callers pass AddrEntry objects. Mixed IPv4 (public, private, the source itself), IPv6 and wide
  // service bits, on mainnet and regtest, over several rounds so known addresses take the update paths.
  const six = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b): NetAddr => ({ network: 'ipv6', bytes: Uint8Array.from(b, (x, i) => (i === 0 ? 0x20 : x)), port: 8333 }));
  const anyV4 = fc.tuple(fc.nat(255), fc.nat(3), fc.nat(3), fc.nat(3)).map(([a, b, c, d]) => v4(a, b, c, d));
  const services = fc.oneof(fc.constantFrom(1n, 9n, 0x409n, 0xc09n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
  const round = fc.array(fc.record({ addr: fc.oneof(publicV4, anyV4, six, fc.constant(v4(9, 9, 9, 9))), ageS: fc.integer({ min: -7200, max: 40 * 86400 }), services }), { maxLength: 60 });
  fc.assert(fc.property(fc.array(round, { minLength: 1, maxLength: 6 }), fc.boolean(), (rounds, regtest) => {
    const objects = makeBook(4, regtest), columns = makeBook(4, regtest);
    const src = peerSource(v4(9, 9, 9, 9));
    rounds.forEach((r, k) => {
      const now = T0 + k * HOUR_MS;
      const entries = r.map((e) => ({ time: Math.floor(now / 1000) - e.ageS, services: e.services, addr: e.addr }));
      const decoded = decodeAddrBatch('addr', encodePayload({ type: 'addr', entries }), new AddrBatch());
      assert.ok(decoded.ok);
      assert.equal(columns.add(decoded.value, src, now), objects.add(entries, src, now));
    });
    assert.deepEqual(columns.serialize(), objects.serialize());
    checkInvariants(columns);
  }), fcParams(100));
});

test('the flat terrible verdict of add() counts failed attempts: 3 without a success, 10 since an old one', () => {
  const book = makeBook(7);
  const never = v4(1, 2, 3, 4), once = v4(5, 6, 7, 8), other = v4(9, 10, 11, 12);
  book.add([entry(never), entry(once), entry(other)], USER, T0);
  book.good(once, T0);
  let now = T0 + 8 * DAY_MS;
  for (let k = 0; k < MAX_FAILURES; k++) {
    now += HOUR_MS;
    book.good(other, now); // a success elsewhere lets the next failure count
    now += HOUR_MS;
    book.attempt(never, true, now);
    book.attempt(once, true, now);
    const failures = book.find(never)?.attempts ?? 0;
    if (failures === RETRIES) assert.ok(isTerrible(book.find(never) as AddrInfo, book.announce.time(0), now + HOUR_MS), 'three failures, never a success');
    checkTerribleAt(book, [now + HOUR_MS, now + 2 * DAY_MS]);
  }
  assert.equal(book.find(once)?.attempts, MAX_FAILURES);
});

test('add and setServices update the advertised services', () => {
  const book = makeBook(3);
  const a = v4(1, 2, 3, 4);
  book.add([entry(a, T0, 3600, 1n)], USER, T0);
  book.add([entry(a, T0, 3600, 8n)], USER, T0);
  assert.equal(book.find(a)?.services, 9n);
  book.setServices(a, 0x409n);
  assert.equal(book.select({}, T0)?.services, 0x409n);
});

test('property: select never returns a banned, rejected or wrong-network address, and always terminates', () => {
  const arb = fc.record({
    seed: fc.nat(),
    addrs: fc.array(publicV4, { minLength: 1, maxLength: 200 }),
    v6: fc.array(fc.nat(0xffff), { maxLength: 40 }),
    banned: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }),
    rejectOdd: fc.boolean(),
    onlyV6: fc.boolean(),
    good: fc.array(fc.nat(199), { maxLength: 30 }),
  });
  fc.assert(fc.property(arb, (p) => {
    const book = makeBook(p.seed);
    const v6s: NetAddr[] = p.v6.map((x) => ({ network: 'ipv6', bytes: new Uint8Array([0x2a, 0x01, x >> 8, x & 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), port: 8333 }));
    book.add([...p.addrs, ...v6s].map((a) => entry(a)), USER, T0);
    for (const i of p.good) { const a = p.addrs[i]; if (a) book.good(a, T0); }
    for (const b of p.banned) book.ban(`${b}.0.0.0/8`, T0 + DAY_MS, 'test', T0);
    const accept = (c: { addr: NetAddr }): boolean => !p.rejectOdd || (c.addr.bytes[3] ?? 0) % 2 === 0;
    const networks = p.onlyV6 ? new Set<NetAddr['network']>(['ipv6']) : undefined;
    for (let i = 0; i < 30; i++) {
      const c = book.select(networks ? { accept, networks } : { accept }, T0 + MINUTE_MS);
      if (!c) continue;
      assert.ok(!book.isBanned(c.addr, T0 + MINUTE_MS), `banned ${formatAddr(c.addr)}`);
      assert.ok(accept(c));
      if (networks) assert.equal(c.addr.network, 'ipv6');
    }
    assert.equal(book.select({ accept: () => false }, T0), null);
    checkInvariants(book);
  }), fcParams(60));
});

test('property: tables stay within their limits and consistent under random operations', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('add' as const), addrs: fc.array(publicV4, { maxLength: 50 }), src: publicV4 }),
    fc.record({ k: fc.constant('good' as const), i: fc.nat() }),
    fc.record({ k: fc.constant('attempt' as const), i: fc.nat(), fail: fc.boolean() }),
    fc.record({ k: fc.constant('resolve' as const), dtMin: fc.nat(600) }),
  );
  fc.assert(fc.property(fc.nat(), fc.array(op, { maxLength: 60 }), (seed, ops) => {
    const book = makeBook(seed);
    const known: NetAddr[] = [];
    let now = T0;
    for (const o of ops) {
      now += MINUTE_MS;
      if (o.k === 'add') { book.add(o.addrs.map((a) => entry(a, now)), peerSource(o.src), now); known.push(...o.addrs); }
      const a = known.length > 0 && 'i' in o ? known[o.i % known.length] : undefined;
      if (o.k === 'good' && a) book.good(a, now);
      if (o.k === 'attempt' && a) book.attempt(a, o.fail, now);
      if (o.k === 'resolve') { now += o.dtMin * MINUTE_MS; book.resolveCollisions(now); }
    }
    checkInvariants(book);
  }), fcParams(60));
});

test('a single source cannot fill more than 64 new buckets', () => {
  const book = makeBook(4);
  const src = peerSource(v4(8, 8, 8, 8));
  const addrs: NetAddr[] = [];
  for (let i = 0; i < 20_000; i++) addrs.push(v4(1 + (i % 90), (i >> 4) & 255, i & 255, 1 + (i % 250)));
  book.add(addrs.map((a) => entry(a)), src, T0);
  const buckets = new Set<number>();
  for (const info of book.infos) if (info) for (const b of info.newBuckets) buckets.add(b);
  assert.ok(buckets.size <= 64, `${buckets.size} buckets`);
  assert.ok(book.size() <= 64 * BUCKET_SIZE);
  checkInvariants(book);
});

/** Finds two addresses whose good() collide in the tried table; returns the newcomer and the occupant. */
function makeCollision(book: AddressManager, now: number): { newcomer: NetAddr; occupant: NetAddr } {
  for (let i = 0; i < 20_000; i++) {
    const a = v4(1 + (i % 97), (i * 7) & 255, i & 255, 1 + (i % 200));
    book.add([entry(a, now)], USER, now);
    book.good(a, now);
    if (book.pendingCollisions() > 0) {
      const occ = book.selectTriedCollision(now);
      assert.ok(occ && occ.tried);
      return { newcomer: a, occupant: occ.addr };
    }
  }
  throw new Error('no collision found');
}

test('test-before-evict: a recently good occupant keeps its slot', () => {
  const book = makeBook(5);
  const { newcomer, occupant } = makeCollision(book, T0);
  assert.equal(book.find(newcomer)?.inTried, false);
  book.resolveCollisions(T0 + HOUR_MS);
  assert.equal(book.pendingCollisions(), 0);
  assert.equal(book.find(occupant)?.inTried, true);
  assert.equal(book.find(newcomer)?.inTried, false);
  checkInvariants(book);
});

test('test-before-evict: an occupant whose feeler failed is replaced; one never tested is replaced after 40 min', () => {
  for (const scenario of ['feeler-failed', 'untested'] as const) {
    const book = makeBook(6);
    const { newcomer, occupant } = makeCollision(book, T0 - 5 * HOUR_MS);
    const later = T0;
    if (scenario === 'feeler-failed') {
      book.attempt(occupant, true, later);
      // Within the one-minute grace the collision stays pending.
      book.resolveCollisions(later + 30_000);
      assert.equal(book.pendingCollisions(), 1);
      book.resolveCollisions(later + 2 * MINUTE_MS);
    } else {
      book.resolveCollisions(later);
    }
    assert.equal(book.pendingCollisions(), 0, scenario);
    assert.equal(book.find(newcomer)?.inTried, true, scenario);
    assert.equal(book.find(occupant)?.inTried ?? false, false, scenario);
    checkInvariants(book);
  }
});

test('test-before-evict: a feeler that reaches the occupant keeps it', () => {
  const book = makeBook(7);
  const { newcomer, occupant } = makeCollision(book, T0 - 5 * HOUR_MS);
  book.attempt(occupant, false, T0);
  book.good(occupant, T0 + 1000);
  book.resolveCollisions(T0 + 2 * MINUTE_MS);
  assert.equal(book.find(occupant)?.inTried, true);
  assert.equal(book.find(newcomer)?.inTried, false);
});

test('terrible addresses are left out of sample() and age out', () => {
  const book = makeBook(8);
  const stale = v4(1, 2, 3, 4), failing = v4(5, 6, 7, 8), fine = v4(9, 10, 11, 12);
  book.add([entry(stale, T0, 29 * 24 * 3600), entry(failing), entry(fine)], USER, T0);
  const later = T0 + 2 * DAY_MS;
  // Core counts one failure per successful connection elsewhere (m_last_count_attempt < m_last_good).
  for (let i = 0; i < 3; i++) { book.good(fine, later - 60 * MINUTE_MS + i * 15 * MINUTE_MS); book.attempt(failing, true, later - 55 * MINUTE_MS + i * 15 * MINUTE_MS); }
  assert.equal(book.find(failing)?.attempts, 3);
  // sample() (getaddr answers) leaves terrible entries out at once.
  assert.deepEqual(book.sample(10, undefined, later).map((e) => formatAddr(e.addr)), [formatAddr(fine)]);
  assert.equal(book.forgetTerrible(later), 2);
  for (let i = 0; i < 200; i++) {
    const c = book.select({}, later);
    assert.ok(c && addrEqual(c.addr, fine), 'only the healthy address is left');
  }
  assert.equal(book.size(), 1);
  assert.deepEqual(book.sample(10).map((e) => formatAddr(e.addr)), [formatAddr(fine)]);
});

test('newOnly selects only untried addresses; chance favours fewer attempts', () => {
  const book = makeBook(9);
  const a = v4(1, 2, 3, 4), b = v4(5, 6, 7, 8);
  book.add([entry(a), entry(b)], USER, T0);
  book.good(a, T0);
  for (let i = 0; i < 100; i++) assert.ok(addrEqual(book.select({ newOnly: true }, T0)?.addr ?? a, b));
  const c = v4(9, 9, 9, 9), d = v4(11, 11, 11, 11);
  const book2 = makeBook(10);
  book2.add([entry(c), entry(d)], USER, T0);
  book2.good(v4(200, 1, 1, 1), T0); // sets lastGood so failures count
  book2.attempt(c, true, T0 - DAY_MS);
  book2.attempt(c, true, T0 - DAY_MS);
  let cHits = 0;
  for (let i = 0; i < 2000; i++) if (addrEqual(book2.select({}, T0)?.addr ?? d, c)) cHits++;
  // c has chance 0.66^2 ≈ 0.44 relative to d: clearly picked less often than half the time.
  assert.ok(cHits < 900, `c picked ${cHits} times`);
});

test('sample and stats count per network', () => {
  const book = makeBook(11);
  const v6: NetAddr = { network: 'ipv6', bytes: new Uint8Array([0x2a, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), port: 8333 };
  book.add([entry(v4(1, 1, 1, 1)), entry(v4(2, 2, 2, 2)), entry(v6)], USER, T0);
  book.good(v4(1, 1, 1, 1), T0);
  const s = book.stats(T0);
  assert.deepEqual({ ...s.byNetwork }, { ipv4: { new: 1, tried: 1 }, ipv6: { new: 1, tried: 0 } });
  assert.equal(book.sample(10, 'ipv6').length, 1);
  assert.equal(book.sample(2).length, 2);
  assert.equal(book.sample(100).length, 3);
  const big = makeBook(13);
  big.add(Array.from({ length: 400 }, (_, i) => entry(v4(1 + (i % 90), i & 255, 7, 1 + (i % 200)))), USER, T0);
  const answer = big.getAddrAnswer(1000, T0);
  assert.equal(answer.length, Math.floor((big.size() * 23) / 100));
  assert.equal(new Set(answer.map((e) => formatAddr(e.addr))).size, answer.length);
});

test('resolveCollisions sweeps terrible entries hourly: 30 days unseen are forgotten', () => {
  const book = makeBook(12);
  book.add([entry(v4(1, 2, 3, 4)), entry(v4(5, 6, 7, 8), T0, 60)], USER, T0);
  book.resolveCollisions(T0 + 29 * DAY_MS);
  assert.equal(book.size(), 2);
  book.resolveCollisions(T0 + 31 * DAY_MS);
  assert.equal(book.size(), 0);
});

test('forgetTerrible clears every new-table reference of an entry heard from several sources', () => {
  const book = makeBook(21);
  const stale = v4(23, 45, 67, 89);
  // A fresh announcement from each of many source groups: each may add another bucket reference.
  for (let i = 0; i < 64 && (book.find(stale)?.newBuckets.length ?? 0) < 3; i++) {
    book.add([entry(stale, T0 + i * DAY_MS, 60)], peerSource(v4(30 + i, 1, 2, 3)), T0 + i * DAY_MS);
  }
  const refs = book.find(stale)?.newBuckets.length ?? 0;
  assert.ok(refs >= 2, `the entry holds ${refs} new-table references`);
  const later = T0 + 200 * DAY_MS; // far beyond the 30-day horizon: terrible
  assert.equal(book.forgetTerrible(later), 1);
  assert.equal(book.find(stale), undefined);
  assert.equal(book.size(), 0);
  assert.ok(book.newTable.every((id) => id < 0), 'no slot still points at the forgotten entry');
  assert.equal(book.select({}, later), null);
});

test('connected: the time moves to now only when it is more than 20 minutes old (Core: Connected)', () => {
  const book = makeBook(4);
  const a = v4(1, 2, 3, 4);
  book.add([entry(a, T0, 600)], USER, T0); // announced 10 min ago
  book.connected(a, T0);
  assert.equal(book.timeOf(a), T0 - 600_000);
  book.connected(a, T0 + 11 * 60_000); // now 21 min old
  assert.equal(book.timeOf(a), T0 + 11 * 60_000);
  assert.equal(book.timeOf(v4(9, 9, 9, 9)), undefined);
  const again = deserializeBook(book.serialize(), { random: seededRandom(1), allowPrivateAddresses: false });
  assert.ok(again.ok);
  assert.equal(again.value.timeOf(a), T0 + 11 * 60_000);
});

test('property: forgetTerrible drops exactly the new-table entries Core would call terrible', () => {
  // Its pre-test from the flat arrays relies on these (see forgetTerrible).
  assert.ok(RETRIES <= MAX_FAILURES && RETRIES <= ATTEMPT_CHANCE_CAP);
  const op = fc.tuple(fc.nat(3), fc.nat(59), fc.nat(40));
  fc.assert(fc.property(fc.array(publicV4, { minLength: 20, maxLength: 60 }), fc.array(op, { maxLength: 400 }), fc.nat(40), (addrs, ops, sweepDays) => {
    const book = makeBook(6);
    let now = T0;
    // Ages from 0 to ~40 days and some from the future (clamped by add, or kept within 10 minutes).
    addrs.forEach((a, i) => book.add([entry(a, now, (i % 9) * 5 * 86_400 - (i % 4 === 0 ? 300 : 0))], USER, now));
    for (const [kind, i, dt] of ops) {
      now += dt * MINUTE_MS;
      const a = addrs[i % addrs.length];
      if (!a) continue;
      if (kind === 0) book.attempt(a, true, now);
      else if (kind === 1) book.good(addrs[(i + 1) % addrs.length] ?? a, now); // lets later failures count
      else if (kind === 2) book.attempt(a, false, now);
      else book.connected(a, now);
    }
    const at = now + sweepDays * DAY_MS;
    checkTerribleAt(book, [now, at]); // many attempts here: both branches of add()'s flat verdict
    const expected = new Set<string>();
    book.infos.forEach((info, id) => {
      if (info && !info.inTried && info.newBuckets.length > 0 && isTerrible(info, book.announce.time(id), at)) expected.add(formatAddr(info.addr));
    });
    const before = new Set(book.infos.flatMap((i) => (i ? [formatAddr(i.addr)] : [])));
    book.forgetTerrible(at);
    const after = new Set(book.infos.flatMap((i) => (i ? [formatAddr(i.addr)] : [])));
    assert.deepEqual([...before].filter((k) => !after.has(k)).sort(), [...expected].sort());
  }), fcParams(60));
});
