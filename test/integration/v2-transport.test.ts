// BIP324 over real loopback sockets: Canopy's initiator against Canopy's responder (handshake, session
// id, pings); a regular peer that refuses v2 is not retried with v1 unless allowed; a responder that,
// like Core, also accepts v1 dialers; --no-v2. Hosts 127.42–127.47.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startV2Responder } from '../support/v2-responder.js';
import { startV1Responder } from '../support/v1-responders.js';
import { startDnsServer } from '../support/dns-server.js';
import { startTestNode } from '../support/node-harness.js';
import { waitFor } from '../support/free-port.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

test('Canopy initiator ↔ Canopy responder over TCP: v2 handshake, same session id, pings both ways', async () => {
  const responder = await startV2Responder('127.42.0.1');
  cleanup.push(() => responder.close());
  const t = await startTestNode({ connect: [responder.address], engineConfig: { pingIntervalMs: 300 } });
  cleanup.push(() => t.close());
  const hs = await t.waitFor('handshake-completed');
  assert.equal(hs.peer.transport, 'v2');
  await t.waitFor('ping', (e) => e.peer.id === hs.peer.id);
  await waitFor(() => (responder.connections()[0]?.pings ?? 0) >= 2, 'responder answered two pings', 20_000);
  const [conn] = responder.connections();
  assert.ok(conn);
  assert.equal(conn.transport, 'v2');
  assert.ok(conn.handshake, 'Canopy sent verack over v2');
  const peer = t.node.snapshot().peers.find((p) => p.id === hs.peer.id);
  assert.ok(peer);
  assert.equal(peer.transport, 'v2');
  assert.match(peer.sessionId ?? '', /^[0-9a-f]{64}$/);
  assert.equal(peer.sessionId, conn.sessionId, 'both ends derived the same session id');
  assert.ok(peer.pingMs !== null && peer.pingMs >= 0);
  assert.equal(t.events.filter((e) => e.type === 'v1-fallback').length, 0);
});

test('regular peers from a DNS seed: a v1-only peer is not retried with v1 by default, and is with --allow-v1-fallback', async () => {
  const v1Only = await startV1Responder('127.43.0.1', 'complete', 18444);
  const v1Too = await startV1Responder('127.44.0.1', 'complete', 18444);
  cleanup.push(() => v1Only.close(), () => v1Too.close());
  const dns = await startDnsServer({ 'strict.test': { kind: 'records', a: ['127.43.0.1'] }, 'lenient.test': { kind: 'records', a: ['127.44.0.1'] } });
  cleanup.push(() => dns.close());

  const strict = await startTestNode({ dnsSeeds: true, dnsSeedList: ['strict.test'], dnsServer: dns.address, maxOutbound: 1 });
  cleanup.push(() => strict.close());
  const refused = await strict.waitFor('peer-disconnected', (e) => e.peer.address === '127.43.0.1:18444');
  assert.equal(refused.reason, 'v2-refused');
  assert.equal(refused.peer.kind, 'regular');
  assert.equal(strict.events.filter((e) => e.type === 'v1-fallback').length, 0, 'no v1 retry without permission');
  assert.equal(v1Only.handshakes(), 0);
  assert.equal(strict.node.snapshot().totals.v1Fallbacks, 0);

  const lenient = await startTestNode({ dnsSeeds: true, dnsSeedList: ['lenient.test'], dnsServer: dns.address, maxOutbound: 1, allowV1Fallback: true });
  cleanup.push(() => lenient.close());
  await lenient.waitFor('v1-fallback', (e) => e.peer.address === '127.44.0.1:18444');
  const hs = await lenient.waitFor('handshake-completed', (e) => e.peer.address === '127.44.0.1:18444');
  assert.equal(hs.peer.transport, 'v1');
  assert.equal(hs.peer.kind, 'regular');
  assert.equal(lenient.node.snapshot().totals.v1Fallbacks, 1);
});

test('a responder that also accepts v1 (as Core does) takes a --no-v2 dialer on v1; a v2-only responder hangs up on v1', async () => {
  const both = await startV2Responder('127.45.0.1', { acceptV1: true });
  const strictResponder = await startV2Responder('127.46.0.1');
  cleanup.push(() => both.close(), () => strictResponder.close());
  const t = await startTestNode({ connect: [both.address], v2: false });
  cleanup.push(() => t.close());
  const hs = await t.waitFor('handshake-completed');
  assert.equal(hs.peer.transport, 'v1');
  assert.equal(both.connections()[0]?.transport, 'v1', 'the responder detected the v1 version header');

  const u = await startTestNode({ connect: [strictResponder.address], v2: false, engineConfig: { retryAfterMs: 60_000 } });
  cleanup.push(() => u.close());
  const gone = await u.waitFor('peer-disconnected');
  assert.equal(gone.reason, 'peer-closed');
  assert.equal(u.events.filter((e) => e.type === 'handshake-completed').length, 0);
});
