// Outbound connections through a real SOCKS5 server on loopback: a v1 handshake with a real bcoin
// node (after its BIP324 refusal) and a v2 handshake with Canopy's responder, through the proxy without
// and with RFC 1929 authentication (the proxy records the user); every connection kind — manual,
// regular, feeler, extra — through an authenticating proxy; wrong credentials, a proxy that is down and
// a target the proxy refuses give clear dial failures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin } from '../support/bcoin.js';
import { startSocksServer } from '../support/socks-server.js';
import { startTestNode } from '../support/node-harness.js';
import { freePort } from '../support/free-port.js';
import { startV2Responder } from '../support/v2-responder.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

const bcoin = await startBcoin('127.31.0.1');
cleanup.push(() => bcoin.stop());
// The proxy connects from 127.0.0.1; Canopy's BIP324 attempt gets that source banned: lift bans.
bcoin.autoUnban();

async function node(options: Parameters<typeof startTestNode>[0]): ReturnType<typeof startTestNode> {
  const t = await startTestNode(options);
  cleanup.push(() => t.close());
  return t;
}

test('v1 handshake with bcoin through a no-auth SOCKS5 proxy', async () => {
  const proxy = await startSocksServer();
  cleanup.push(() => proxy.close());
  const t = await node({ connect: [bcoin.address], proxy: { host: proxy.host, port: proxy.port } });
  const hs = await t.waitFor('handshake-completed');
  assert.match(hs.peer.userAgent, /^\/bcoin:/);
  assert.ok(proxy.requests.includes(bcoin.address));
});

test('v1 handshake through a SOCKS5 proxy that requires username/password', async () => {
  const proxy = await startSocksServer({ auth: { username: 'canopy', password: 'hunter2' } });
  cleanup.push(() => proxy.close());
  const t = await node({ connect: [bcoin.address], proxy: { host: proxy.host, port: proxy.port, user: 'canopy', password: 'hunter2' } });
  await t.waitFor('handshake-completed');
  assert.ok(proxy.users.includes('canopy'));
});

test('v2 (BIP324) handshake with Canopy\'s responder through SOCKS5, without and with authentication', async () => {
  const responder = await startV2Responder('127.32.0.1');
  cleanup.push(() => responder.close());
  for (const auth of [false, true]) {
    const proxy = await startSocksServer(auth ? { auth: { username: 'v2user', password: 'pw' } } : {});
    cleanup.push(() => proxy.close());
    const t = await node({ connect: [responder.address], proxy: { host: proxy.host, port: proxy.port, ...(auth ? { user: 'v2user', password: 'pw' } : {}) } });
    const hs = await t.waitFor('handshake-completed');
    assert.equal(hs.peer.transport, 'v2');
    assert.ok(proxy.requests.includes(responder.address));
    if (auth) assert.ok(proxy.users.includes('v2user'));
  }
});

test('every connection kind through an authenticating proxy: manual (bcoin, v1), then regular, feeler and extra (v2)', async () => {
  const hosts = ['127.33.0.1', '127.34.0.1', '127.35.0.1', '127.36.0.1', '127.37.0.1', '127.38.0.1'];
  for (const host of hosts) {
    const r = await startV2Responder(host, { port: 18444 });
    cleanup.push(() => r.close());
    bcoin.learn(`${host}:18444`);
  }
  const proxy = await startSocksServer({ auth: { username: 'kinds', password: 'pw' } });
  cleanup.push(() => proxy.close());
  const t = await node({
    addnode: [bcoin.address], maxOutbound: 2, proxy: { host: proxy.host, port: proxy.port, user: 'kinds', password: 'pw' },
    engineConfig: { maintenanceIntervalMs: 500, feelerIntervalMs: 1000, staleTipMs: 1000, staleCheckIntervalMs: 1000 },
  });
  for (const kind of ['manual', 'regular', 'feeler', 'extra'] as const) {
    const hs = await t.waitFor('handshake-completed', (e) => e.peer.kind === kind, 45_000);
    assert.equal(hs.peer.transport, kind === 'manual' ? 'v1' : 'v2', kind);
    assert.ok(proxy.requests.includes(hs.peer.address), `${kind} went through the proxy`);
  }
  assert.ok(t.events.filter((e) => e.type === 'dial-started').every((e) => proxy.requests.includes(e.peer.address)), 'no direct dial');
});

test('wrong proxy credentials → proxy-auth-failed', async () => {
  const proxy = await startSocksServer({ auth: { username: 'canopy', password: 'hunter2' } });
  cleanup.push(() => proxy.close());
  const t = await node({ connect: [bcoin.address], proxy: { host: proxy.host, port: proxy.port, user: 'canopy', password: 'nope' } });
  const failed = await t.waitFor('dial-failed');
  assert.equal(failed.reason, 'proxy-auth-failed');
  assert.match(failed.detail, /proxy authentication failed \(check --proxy-user\/--proxy-pass\)/);
});

test('proxy down → proxy-unavailable', async () => {
  const port = await freePort('127.0.0.1');
  const t = await node({ connect: [bcoin.address], proxy: { host: '127.0.0.1', port } });
  const failed = await t.waitFor('dial-failed');
  assert.equal(failed.reason, 'proxy-unavailable');
});

test('the proxy refuses the target (ruleset) → proxy-refused', async () => {
  const proxy = await startSocksServer();
  cleanup.push(() => proxy.close());
  // A name the proxy does not know: it refuses without resolving anything.
  const t = await node({ connect: ['peer.invalid-name.test:18444'], proxy: { host: proxy.host, port: proxy.port } });
  const failed = await t.waitFor('dial-failed');
  assert.equal(failed.reason, 'proxy-refused');
  assert.match(failed.detail, /^proxy refused: connection not allowed by ruleset/);
});
