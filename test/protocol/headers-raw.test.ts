// The engine's raw decoding of headers messages (decodeHeadersRaw: concatenated 80-byte records for
// the header chain) against the general decoder: on valid, cut, corrupted, oversized and random
// payloads both agree on success, the error code and message, and the headers themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeHeadersRaw, decodePayload, encodePayload } from '../../source/protocol/messages.js';
import { encodeBlockHeader } from '../../source/protocol/block-header.js';
import { toHex } from '../../source/shared/bytes.js';
import { blockHeader, fcParams } from './arbitraries.js';

function agree(payload: Uint8Array): void {
  const general = decodePayload('headers', payload);
  const raw = decodeHeadersRaw(payload);
  assert.equal(raw.ok, general.ok);
  if (!general.ok || !raw.ok) {
    if (!general.ok && !raw.ok) {
      assert.equal(raw.error.code, general.error.code);
      assert.equal(raw.error.message, general.error.message);
    }
    return;
  }
  assert.ok(general.value.type === 'headers');
  assert.equal(toHex(raw.value), general.value.headers.map((h) => toHex(encodeBlockHeader(h))).join(''));
}

test('headers: the raw decoder agrees with decodePayload on valid, cut, flipped and random payloads', () => {
  fc.assert(fc.property(fc.array(blockHeader, { maxLength: 12 }), fc.nat(), fc.nat(255), fc.constantFrom('none', 'cut', 'flip'), (headers, at, value, how) => {
    const payload = encodePayload({ type: 'headers', headers });
    if (how === 'cut') agree(payload.subarray(0, at % (payload.length + 1)));
    else if (how === 'flip') { const p = Uint8Array.from(payload); p[at % p.length] = value; agree(p); }
    else agree(payload);
  }), fcParams(300));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => agree(bytes)), fcParams(300));
});

test('headers: more than 2,000 is an oversized error from both decoders', () => {
  const payload = Uint8Array.from([0xfd, 0xd1, 0x07, ...new Uint8Array(81 * 2001)]);
  const r = decodeHeadersRaw(payload);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'oversized');
  agree(payload);
});
