// The pure IPv4/IPv6 text checks give node:net's answers (fixed cases and random strings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { isIPv4, isIPv6 } from '../../source/protocol/ip-text.js';
import { fcParams } from './arbitraries.js';

const CASES = [
  '1.2.3.4', '01.2.3.4', '1.2.3.04', '256.1.1.1', '1.2.3', '0.0.0.0', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4%1', '',
  '::', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '[::1]', '::FFFF:1.2.3.4', '12345::', '1:2:3:4:5:6:7::',
  '::1:2:3:4:5:6:7', 'fe80::1%', '::01.2.3.4', 'a::b:00000', ':1::', '1:', ':', ':::', '1.2.3.4::', '::1.2.3.4:1',
  '2001:db8::8:800:200c:417a', 'fc00:1:2:3:4:5:6:7', '1::1.2.3.4', '1:2:3:4:5:6:7::1', '1:2:3:4:5:6::1.2.3.4',
];

test('fixed cases agree with node:net', () => {
  for (const c of CASES) {
    assert.equal(isIPv4(c), net.isIPv4(c), `isIPv4(${JSON.stringify(c)})`);
    assert.equal(isIPv6(c), net.isIPv6(c), `isIPv6(${JSON.stringify(c)})`);
  }
});

test('property: random address-like strings agree with node:net', () => {
  const unit = fc.constantFrom('0', '1', '2', '5', '9', 'a', 'f', 'F', 'g', ':', ':', ':', '.', '.', '%', 'e', '25', '255', '256', '::');
  const text = fc.array(unit, { maxLength: 24 }).map((a) => a.join(''));
  const v4 = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((t) => t.join('.'));
  const v6 = fc.array(fc.oneof(fc.nat(0xfffff).map((n) => n.toString(16)), fc.constant(''), v4), { minLength: 1, maxLength: 10 }).map((g) => g.join(':'));
  fc.assert(fc.property(fc.oneof(text, v4, v6), (s) => {
    assert.equal(isIPv4(s), net.isIPv4(s), `isIPv4(${JSON.stringify(s)})`);
    assert.equal(isIPv6(s), net.isIPv6(s), `isIPv6(${JSON.stringify(s)})`);
  }), fcParams(5000));
});
