// Routability per network and network groups (Core netaddress.cpp / netgroup.cpp facts), and the
// IPv4-by-value forms the book's addr path uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipv4ValueUnroutableReason, networkGroup, unroutableReason } from '../../source/address-manager/netgroup.js';
import { Bucketing } from '../../source/address-manager/bucketing.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';

function host(h: string): NetAddr {
  const a = parseHost(h, 8333);
  assert.ok(a, h);
  return a;
}

test('mainnet rejects private and special ranges, with the RFC named', () => {
  const cases: Record<string, string> = {
    '10.1.2.3': 'RFC1918', '192.168.1.1': 'RFC1918', '172.16.0.1': 'RFC1918', '172.31.255.1': 'RFC1918',
    '198.18.0.1': 'RFC2544', '198.19.255.1': 'RFC2544', '169.254.1.1': 'RFC3927', '100.64.0.1': 'RFC6598',
    '100.127.0.1': 'RFC6598', '192.0.2.1': 'RFC5737', '198.51.100.7': 'RFC5737', '203.0.113.9': 'RFC5737',
    '127.1.0.1': 'loopback', '0.0.0.0': 'unspecified (0.0.0.0/8)', '224.0.0.1': 'multicast/reserved',
    '255.255.255.255': 'broadcast', '255.255.0.0': 'multicast/reserved',
    '2001:db8::1': 'RFC3849', 'fc00::1': 'RFC4193', 'fd12::1': 'RFC4193', '2001:10::1': 'RFC4843',
    '2001:20::1': 'RFC7343', 'fe80::1': 'RFC4862', '::1': 'loopback', '::': 'unspecified', 'ff02::1': 'multicast',
    '2002:0a00:0001::': 'RFC1918',
  };
  for (const [h, why] of Object.entries(cases)) assert.equal(unroutableReason(host(h), false), why, h);
  for (const h of ['1.2.3.4', '8.8.8.8', '172.32.0.1', '100.128.0.1', '198.20.0.1', '2001:4860::8888', '2a01::1']) {
    assert.equal(unroutableReason(host(h), false), null, h);
  }
});

test('regtest allows loopback and private ranges but never unspecified or multicast', () => {
  for (const h of ['127.1.0.1', '127.2.0.1', '10.0.0.1', '192.168.0.2', '::1', 'fe80::1']) assert.equal(unroutableReason(host(h), true), null, h);
  for (const h of ['0.0.0.0', '::', '224.0.0.1', 'ff02::1']) assert.notEqual(unroutableReason(host(h), true), null, h);
});

test('groups: /16 IPv4, /32 IPv6, /36 for HE.net, embedded IPv4 by its /16', () => {
  assert.equal(networkGroup(host('1.2.3.4'), false), 'ipv4:1.2');
  assert.equal(networkGroup(host('1.2.200.9'), false), 'ipv4:1.2');
  assert.notEqual(networkGroup(host('1.3.0.1'), false), networkGroup(host('1.2.0.1'), false));
  assert.equal(networkGroup(host('2a01:1:2:3::1'), false), 'ipv6:2a010001');
  assert.equal(networkGroup(host('2a01:1:ffff::1'), false), 'ipv6:2a010001');
  assert.notEqual(networkGroup(host('2001:470:1000::1'), false), networkGroup(host('2001:470:2000::1'), false));
  // 6to4 2002:0102:0304:: carries 1.2.3.4.
  assert.equal(networkGroup(host('2002:0102:0304::1'), false), 'ipv4:1.2');
  // NAT64 64:ff9b::1.2.3.4.
  assert.equal(networkGroup(host('64:ff9b::102:304'), false), 'ipv4:1.2');
});

test('regtest: 127.N.0.1 hosts land in distinct /16 groups; mainnet lumps loopback together', () => {
  const groups = new Set([1, 2, 3, 4].map((n) => networkGroup(host(`127.${n}.0.1`), true)));
  assert.equal(groups.size, 4);
  assert.equal(networkGroup(host('127.1.0.1'), false), networkGroup(host('127.2.0.1'), false));
});

test('Tor, I2P and CJDNS group by their leading bits', () => {
  const onionA: NetAddr = { network: 'onion', bytes: new Uint8Array(32).fill(0x1f), port: 8333 };
  const onionB: NetAddr = { network: 'onion', bytes: new Uint8Array(32).fill(0x10), port: 8333 };
  const onionC: NetAddr = { network: 'onion', bytes: new Uint8Array(32).fill(0x20), port: 8333 };
  assert.equal(networkGroup(onionA, false), networkGroup(onionB, false));
  assert.notEqual(networkGroup(onionA, false), networkGroup(onionC, false));
  const i2p: NetAddr = { network: 'i2p', bytes: new Uint8Array(32).fill(0x10), port: 0 };
  assert.notEqual(networkGroup(i2p, false), networkGroup(onionB, false));
  const cj = (b1: number, b2: number): NetAddr => ({ network: 'cjdns', bytes: new Uint8Array([0xfc, b1, b2, ...new Uint8Array(13)]), port: 8333 });
  assert.equal(networkGroup(cj(0x12, 0x30), false), networkGroup(cj(0x12, 0x3f), false));
  assert.notEqual(networkGroup(cj(0x12, 0x30), false), networkGroup(cj(0x12, 0x40), false));
  assert.equal(unroutableReason(cj(1, 2), false), null);
  assert.notEqual(unroutableReason({ network: 'cjdns', bytes: new Uint8Array(16), port: 1 }, false), null);
});

test('IPv4 by 32-bit value: routability, new bucket and bucket position agree with the NetAddr forms', () => {
  // The book's addr path reads IPv4 addresses as values (AddrBatch); these must give what the
  // NetAddr functions give, for every first octet and on both mainnet and regtest rules.
  const bucketing = new Bucketing(Uint8Array.from({ length: 32 }, (_, i) => i * 7));
  for (let a = 0; a < 256; a++) {
    for (const [b, c, d] of [[0, 0, 0], [16, 1, 1], [168, 2, 9], [255, 255, 255], [64, 0, 1], [18, 3, 4], [51, 100, 7]] as const) {
      const bytes = Uint8Array.of(a, b, c, d);
      const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
      const addr: NetAddr = { network: 'ipv4', bytes, port: 8333 + a };
      for (const allow of [false, true]) {
        const why = unroutableReason(addr, allow);
        assert.equal(ipv4ValueUnroutableReason(value, allow), why, `${a}.${b}.${c}.${d} allow=${allow}`);
        if (why !== null) continue;
        for (const source of ['ipv4:1.2', 'dns:seed.example', networkGroup(addr, allow)]) {
          assert.equal(bucketing.newBucketIpv4(value, source), bucketing.newBucket(networkGroup(addr, allow), source), `new bucket of ${a}.${b}`);
        }
      }
      for (const bucket of [0, 1, 700, 1023]) {
        for (const isNew of [true, false]) assert.equal(bucketing.positionIpv4(isNew, bucket, value, addr.port), bucketing.position(isNew, bucket, addr));
      }
    }
  }
});
