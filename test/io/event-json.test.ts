// NodeEvent → NDJSON: `ts` (ISO) first, then `type`, then fields; a tip carries exactly {height, hash, time}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventToJsonLine } from '../../source/engine/event-json.js';

test('peer-connected: ts and type first, peer object kept', () => {
  const line = eventToJsonLine({ at: Date.UTC(2026, 0, 2, 3, 4, 5, 6), type: 'peer-connected', peer: { id: 3, address: '127.1.0.1:18444', kind: 'regular', transport: 'v2' } });
  assert.equal(line, '{"ts":"2026-01-02T03:04:05.006Z","type":"peer-connected","peer":{"id":3,"address":"127.1.0.1:18444","kind":"regular","transport":"v2"}}');
  assert.ok(!line.includes('\n'));
});

test('tip-advanced carries tip {height, hash, time} only', () => {
  const line = eventToJsonLine({ at: 0, type: 'tip-advanced', tip: { height: 5, hash: 'ab'.repeat(32), time: 1_700_000_000, advancedAt: 123 } });
  const parsed = JSON.parse(line) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), ['ts', 'type', 'tip']);
  assert.deepEqual(parsed['tip'], { height: 5, hash: 'ab'.repeat(32), time: 1_700_000_000 });
});

test('control characters from peers are escaped, never raw', () => {
  const line = eventToJsonLine({ at: 0, type: 'handshake-completed', peer: { id: 1, address: 'a', kind: 'manual', transport: 'v1', version: 70015, services: 9, userAgent: '/x\u001b[31m\n/', startHeight: 0 } });
  assert.ok(!/[\u0000-\u001f]/.test(line));
  assert.equal((JSON.parse(line) as { peer: { userAgent: string } }).peer.userAgent, '/x\u001b[31m\n/');
});
