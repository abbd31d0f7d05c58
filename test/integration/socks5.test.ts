// Outbound connections through a real SOCKS5 server on loopback: a v1 handshake with a real bcoin
// node through the proxy without and with RFC 1929 authentication (the proxy records the user);
// wrong credentials, a proxy that is down and a target the proxy refuses give clear dial failures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBcoin } from '../support/bcoin.js';
import { startSocksServer } from '../support/socks-server.js';
import { startTestNode } from '../support/node-harness.js';
import { freePort } from '../support/free-port.js';

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
