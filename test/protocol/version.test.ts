// Protocol constants, the BIP14 user agent and version message builders; inventory type names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUserAgent, buildVersionMessage, CANOPY_VERSION, MIN_PEER_PROTO_VERSION, PROTOCOL_VERSION } from '../../source/protocol/version.js';
import { decodeWireMessage, toWireMessage } from '../../source/protocol/messages.js';
import { formatAddr } from '../../source/protocol/netaddr.js';
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

test('buildVersionMessage: Core-shaped version that round-trips through the codec', () => {
  const v = buildVersionMessage({
    services: 0x800n, timestamp: 1_700_000_000n, receiver: { network: 'ipv4', bytes: new Uint8Array([127, 1, 0, 1]), port: 18444 },
    receiverServices: 9n, nonce: 0x1234n, startHeight: 5, relay: false,
  });
  assert.equal(v.version, 70016);
  assert.equal(formatAddr(v.sender), '[::]:0');
  assert.equal(v.senderServices, 0x800n);
  assert.equal(v.userAgent, buildUserAgent());
  const wire = toWireMessage(v);
  assert.equal(wire.command, 'version');
  assert.deepEqual(decodeWireMessage(wire), { ok: true, value: v });
  const hidden = buildVersionMessage({ services: 0n, timestamp: 0n, receiver: null, receiverServices: 0n, nonce: 1n, startHeight: 0, relay: true });
  assert.equal(formatAddr(hidden.receiver), '[::]:0');
});
