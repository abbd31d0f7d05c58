// Service flags: values from Core/Floresta, names for display, parsing of --services input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatServices, hasServices, NODE_NETWORK, NODE_NETWORK_LIMITED, NODE_P2P_V2, NODE_UTREEXO, NODE_UTREEXO_ARCHIVE, NODE_WITNESS,
  parseServices, serviceNames, SERVICE_FLAGS,
} from '../../source/protocol/services.js';
import { fcParams, u64 } from './arbitraries.js';

test('flag values match Core protocol.h and Floresta (BIP-0183)', () => {
  const values = Object.fromEntries(SERVICE_FLAGS.map((f) => [f.name, f.bit]));
  assert.deepEqual(values, {
    NETWORK: 1n, GETUTXO: 2n, BLOOM: 4n, WITNESS: 8n, XTHIN: 16n, COMPACT_FILTERS: 64n, NETWORK_LIMITED: 1024n, P2P_V2: 2048n,
    UTREEXO: 4096n, UTREEXO_ARCHIVE: 8192n, UTREEXO_LEGACY: 1n << 24n, UTREEXO_FILTER_LEGACY: 1n << 25n,
  });
});

test('serviceNames: known names lowest bit first, unknown bits as "bit N"', () => {
  assert.deepEqual(serviceNames(0x9n), ['NETWORK', 'WITNESS']);
  assert.deepEqual(serviceNames(0xc09n), ['NETWORK', 'WITNESS', 'NETWORK_LIMITED', 'P2P_V2']);
  assert.deepEqual(serviceNames(NODE_UTREEXO | NODE_UTREEXO_ARCHIVE | (1n << 63n) | (1n << 5n)), ['bit 5', 'UTREEXO', 'UTREEXO_ARCHIVE', 'bit 63']);
  assert.deepEqual(serviceNames(0n), []);
  assert.equal(formatServices(0n), 'NONE');
  assert.equal(formatServices(0x409n), 'NETWORK|WITNESS|NETWORK_LIMITED');
});

test('parseServices: names, hex, decimal, case and NODE_ prefix', () => {
  const ok = (text: string): bigint => {
    const r = parseServices(text);
    if (!r.ok) assert.fail(`${text}: ${r.reason}`);
    return r.value;
  };
  assert.equal(ok('NETWORK,WITNESS'), NODE_NETWORK | NODE_WITNESS);
  assert.equal(ok('network, witness'), 9n);
  assert.equal(ok('NODE_NETWORK|NODE_WITNESS|P2P_V2'), 9n | NODE_P2P_V2);
  assert.equal(ok('network_limited+witness'), NODE_NETWORK_LIMITED | NODE_WITNESS);
  assert.equal(ok('0x9'), 9n);
  assert.equal(ok('0X409'), 0x409n);
  assert.equal(ok('9'), 9n);
  assert.equal(ok('0'), 0n);
  assert.equal(ok('none'), 0n);
  assert.equal(ok('bit 5,WITNESS'), 40n);
  assert.equal(ok('utreexo'), NODE_UTREEXO);
});

test('parseServices: clear errors', () => {
  const err = (text: string): string => {
    const r = parseServices(text);
    assert.equal(r.ok, false, text);
    return r.ok ? '' : r.reason;
  };
  assert.match(err(''), /empty/);
  assert.match(err('NETWORK,FOO'), /unknown service "FOO".*known: NETWORK/);
  assert.match(err('NETWORK,,WITNESS'), /empty name/);
  assert.match(err('0x1ffffffffffffffff'), /64 bits/);
  assert.match(err('bit 64'), /out of range/);
  assert.match(err('-1'), /unknown service/);
});

test('property: names ↔ value round trip; hex and decimal parse to the value', () => {
  fc.assert(fc.property(u64, (v) => {
    const names = serviceNames(v);
    const back = names.length === 0 ? 0n : parseServices(names.join(','));
    assert.deepEqual(back, names.length === 0 ? 0n : { ok: true, value: v });
    assert.deepEqual(parseServices(`0x${v.toString(16)}`), { ok: true, value: v });
    assert.deepEqual(parseServices(v.toString()), { ok: true, value: v });
    assert.equal(hasServices(v, v & 9n), true);
  }), fcParams(300));
});
