// Protocol constants and the BIP14 user agent builder; inventory type names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUserAgent, CANOPY_VERSION, MIN_PEER_PROTO_VERSION, PROTOCOL_VERSION } from '../../source/protocol/version.js';
import { invTypeName, MSG_BLOCK, MSG_WITNESS_BLOCK, MSG_WITNESS_TX, MSG_WTX } from '../../source/protocol/inventory.js';
import { MAX_SUBVERSION_LENGTH } from '../../source/protocol/limits.js';

test('protocol versions are Core/Floresta values', () => {
  assert.equal(PROTOCOL_VERSION, 70016);
  assert.equal(MIN_PEER_PROTO_VERSION, 31800);
});

test('buildUserAgent follows BIP14 and stays within MAX_SUBVERSION_LENGTH', () => {
  assert.equal(buildUserAgent(), `/Canopy:${CANOPY_VERSION}/`);
  assert.equal(buildUserAgent(['regtest', 'x/y:(z)']), `/Canopy:${CANOPY_VERSION}(regtest; xyz)/`);
  assert.equal(buildUserAgent([], 'Canopy', '1.2.3'), '/Canopy:1.2.3/');
  const long = buildUserAgent(['a'.repeat(400)]);
  assert.equal(long, `/Canopy:${CANOPY_VERSION}/`);
  assert.ok(new TextEncoder().encode(long).length <= MAX_SUBVERSION_LENGTH);
  assert.equal(buildUserAgent(['\x1b[31mred']), `/Canopy:${CANOPY_VERSION}([31mred)/`);
});

test('inventory type names', () => {
  assert.equal(invTypeName(MSG_BLOCK), 'block');
  assert.equal(invTypeName(MSG_WITNESS_BLOCK), 'witness-block');
  assert.equal(invTypeName(MSG_WITNESS_TX), 'witness-tx');
  assert.equal(invTypeName(MSG_WTX), 'wtx');
  assert.equal(invTypeName(0xdeadbeef), `type ${0xdeadbeef}`);
});
