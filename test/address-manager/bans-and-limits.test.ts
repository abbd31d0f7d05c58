// Subnet parsing, bans with absolute expiry, and the per-peer addr token bucket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSubnet, parseSubnet, subnetContains } from '../../source/address-manager/subnet.js';
import { AddrRateLimiter } from '../../source/address-manager/addr-rate-limiter.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';
import { HOUR_MS, SECOND_MS } from '../../source/shared/time.js';
import { T0, makeBook, v4 } from './helpers.js';

const host = (h: string): NetAddr => { const a = parseHost(h, 8333); assert.ok(a); return a; };

test('subnets parse to one canonical form and match by prefix', () => {
  const cases: [string, string][] = [
    ['1.2.3.4', '1.2.3.4'], ['1.2.3.7/24', '1.2.3.0/24'], ['1.2.3.4/32', '1.2.3.4'], ['2001:db8::/32', '2001:db8::/32'],
    ['[::1]', '::1'], ['[2001:db8::1]/128', '2001:db8::1'], ['10.0.0.0/0', '0.0.0.0/0'], ['1.2.255.255/17', '1.2.128.0/17'],
  ];
  for (const [text, canon] of cases) {
    const s = parseSubnet(text);
    assert.ok(s, text);
    assert.equal(formatSubnet(s), canon, text);
  }
  for (const bad of ['', 'x', '1.2.3.4/33', '::1/129', '1.2.3.4/-1', '1.2.3', '[1.2.3.4', '1.2.3.4/a']) assert.equal(parseSubnet(bad), null, bad);
  const s24 = parseSubnet('1.2.3.0/24');
  assert.ok(s24);
  assert.ok(subnetContains(s24, host('1.2.3.200')));
  assert.ok(!subnetContains(s24, host('1.2.4.1')));
  assert.ok(!subnetContains(s24, host('::ffff:1:2')));
  const s17 = parseSubnet('1.2.128.0/17');
  assert.ok(s17 && subnetContains(s17, host('1.2.200.1')) && !subnetContains(s17, host('1.2.127.1')));
  const onion: NetAddr = { network: 'onion', bytes: new Uint8Array(32).fill(7), port: 8333 };
  const os = parseSubnet(formatSubnet({ network: 'onion', bytes: onion.bytes, prefixBits: 256 }));
  assert.ok(os && subnetContains(os, onion));
});

test('bans store the expiry instant, expire, list, unban and clear', () => {
  const book = makeBook(1);
  assert.ok(book.ban('1.2.3.0/24', T0 + HOUR_MS, 'score 100', T0));
  assert.ok(book.ban('[2001:db8::1]', T0 + 2 * HOUR_MS, 'manual', T0));
  assert.equal(book.ban('not an address', T0 + HOUR_MS, 'x', T0), false);
  assert.ok(book.isBanned(v4(1, 2, 3, 9), T0 + HOUR_MS - 1));
  assert.ok(!book.isBanned(v4(1, 2, 3, 9), T0 + HOUR_MS));
  assert.deepEqual(book.listBans(T0).map((b) => [b.subnet, b.until]), [['1.2.3.0/24', T0 + HOUR_MS], ['2001:db8::1', T0 + 2 * HOUR_MS]]);
  assert.equal(book.listBans(T0 + HOUR_MS).length, 1);
  assert.equal(book.stats(T0 + HOUR_MS).banned, 1);
  assert.ok(book.unban('2001:db8::1/128'));
  assert.ok(!book.unban('2001:db8::1'));
  book.ban('5.0.0.0/8', T0 + HOUR_MS, 'x', T0);
  book.clearBans();
  assert.equal(book.listBans(T0).length, 0);
});

test('addr token bucket: starts with 1 token, 0.1/s, capped at 1000, getaddr grants a burst', () => {
  const lim = new AddrRateLimiter(T0);
  assert.equal(lim.take(T0, 10), 1);
  assert.equal(lim.take(T0, 10), 0);
  assert.equal(lim.take(T0 + 100 * SECOND_MS, 50), 10);
  assert.equal(lim.take(T0 + 100_000 * SECOND_MS, 5000), 1000);
  lim.grant();
  assert.equal(lim.take(T0 + 100_000 * SECOND_MS, 5000), 1000);
  assert.equal(lim.take(T0 + 100_000 * SECOND_MS, 1), 0);
  assert.equal(lim.take(T0 + 100_009 * SECOND_MS, 1), 0);
  assert.equal(lim.take(T0 + 100_010 * SECOND_MS, 1), 1);
});
