// Regression (adversarial suite finding): --json lines must carry no raw C1 control (0x9B is an
// 8-bit CSI), DEL, line separator or bidi override from a peer's user agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eventToJsonLine } from '../../source/engine/event-json.js';

test('every control, C1, separator and bidi character from a peer string is \\u-escaped and round-trips', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (ua) => {
    const line = eventToJsonLine({ at: 0, type: 'handshake-completed', peer: { id: 1, address: '127.1.0.1:18444', kind: 'regular', transport: 'v1', version: 70016, services: 9, userAgent: ua, startHeight: 0 } });
    assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(line));
    assert.equal((JSON.parse(line) as { peer: { userAgent: string } }).peer.userAgent, ua);
  }), { seed: 20261125, numRuns: 500 });
});
