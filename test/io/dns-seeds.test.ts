// The DNS seed resolver against a real DNS server on loopback (dns2): A + AAAA → addresses on the
// network's default port, Core's "x9." service subdomain, NXDOMAIN / no data / timeout as one line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSeed, dnsServerSpec } from '../../source/io/dns-seeds.js';
import { formatAddr } from '../../source/protocol/netaddr.js';
import { networkParams } from '../../source/protocol/networks.js';
import type { NetworkParams } from '../../source/protocol/params.js';
import { startDnsServer } from '../support/dns-server.js';

const dns = await startDnsServer({
  'seed.test': { kind: 'records', a: ['127.1.0.1', '127.2.0.1'], aaaa: ['::ffff:7f03:1', '::1'] },
  'x9.filtered.test': { kind: 'records', a: ['127.4.0.1'] },
  'v4only.test': { kind: 'records', a: ['127.5.0.1'] },
  'empty.test': { kind: 'nodata' },
  'slow.test': { kind: 'silence' },
});
after(() => dns.close());

const regtest = networkParams('regtest');

test('A and AAAA records become addresses on the default port (v4-mapped AAAA read as IPv4)', async () => {
  const answer = await resolveSeed({ params: regtest, seed: 'seed.test', services: 9n, timeoutMs: 2000, server: dns.address });
  assert.equal(answer.error, undefined);
  assert.deepEqual(answer.addresses.map(formatAddr).sort(), ['127.1.0.1:18444', '127.2.0.1:18444', '127.3.0.1:18444', '[::1]:18444'].sort());
});

test('seeds that filter by services are asked under the x<hex>. subdomain', async () => {
  const filtering: NetworkParams = { ...regtest, dnsSeedsFilterServices: true };
  const answer = await resolveSeed({ params: filtering, seed: 'filtered.test', services: 9n, timeoutMs: 2000, server: dns.address });
  assert.deepEqual(answer.addresses.map(formatAddr), ['127.4.0.1:18444']);
  assert.ok(dns.queries.includes('x9.filtered.test'));
});

test('only A records: AAAA "no data" is not an error', async () => {
  const answer = await resolveSeed({ params: regtest, seed: 'v4only.test', services: 9n, timeoutMs: 2000, server: dns.address });
  assert.deepEqual(answer.addresses.map(formatAddr), ['127.5.0.1:18444']);
  assert.equal(answer.error, undefined);
});

test('NXDOMAIN → "no such name"', async () => {
  const answer = await resolveSeed({ params: regtest, seed: 'missing.test', services: 9n, timeoutMs: 2000, server: dns.address });
  assert.deepEqual(answer.addresses, []);
  assert.equal(answer.error, 'no such name (NXDOMAIN)');
});

test('no records → "no addresses"', async () => {
  const answer = await resolveSeed({ params: regtest, seed: 'empty.test', services: 9n, timeoutMs: 2000, server: dns.address });
  assert.deepEqual(answer.addresses, []);
  assert.equal(answer.error, 'no addresses');
});

test('a server that never answers → "timed out"', async () => {
  const answer = await resolveSeed({ params: regtest, seed: 'slow.test', services: 9n, timeoutMs: 200, server: dns.address });
  assert.deepEqual(answer.addresses, []);
  assert.equal(answer.error, 'timed out');
});

test('--dns-server text: ip, ip:port, [v6]:port accepted; names and bad ports refused', () => {
  assert.equal(dnsServerSpec('127.0.0.1'), '127.0.0.1');
  assert.equal(dnsServerSpec('127.0.0.1:5353'), '127.0.0.1:5353');
  assert.equal(dnsServerSpec('[::1]:5353'), '[::1]:5353');
  assert.equal(dnsServerSpec('::1'), '::1');
  assert.equal(dnsServerSpec('dns.example'), null);
  assert.equal(dnsServerSpec('127.0.0.1:99999'), null);
  assert.equal(dnsServerSpec('300.0.0.1'), null);
});
