// The TCP and SOCKS5 dialers against real components on loopback: a TCP listener, a closed port,
// a real SOCKS5 server (no auth and RFC 1929 auth, wrong credentials, proxy down, refused target,
// names resolved by the proxy only). Asserts the failure reasons and the one-line details.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { dialTcp } from '../../source/io/tcp-dialer.js';
import { dialSocks } from '../../source/io/socks-dialer.js';
import { startSocksServer, type TestSocksServer } from '../support/socks-server.js';
import { freePort } from '../support/free-port.js';

const servers: { close(): Promise<void> }[] = [];
after(async () => { for (const s of servers) await s.close(); });

/** A listener that records the remote address of each connection and greets with "hi". */
async function listener(host: string): Promise<{ port: number; remotes: string[]; close(): Promise<void> }> {
  const remotes: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); remotes.push(s.remoteAddress ?? ''); s.end('hi'); });
  await new Promise<void>((r) => server.listen(0, host, r));
  const handle = {
    port: (server.address() as net.AddressInfo).port,
    remotes,
    close: async () => { for (const s of sockets) s.destroy(); await new Promise<void>((r) => server.close(() => r())); },
  };
  servers.push(handle);
  return handle;
}

async function readAll(socket: net.Socket): Promise<string> {
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  return text;
}

test('tcp: connects, binds the requested local source address', async () => {
  const l = await listener('127.31.0.1');
  const outcome = await dialTcp({ host: '127.31.0.1', port: l.port, localAddress: '127.31.9.9' });
  assert.ok(outcome.ok);
  assert.equal(await readAll(outcome.socket), 'hi');
  assert.deepEqual(l.remotes, ['127.31.9.9']);
});

test('tcp: a closed port is reported as refused', async () => {
  const port = await freePort('127.31.0.2');
  const outcome = await dialTcp({ host: '127.31.0.2', port });
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.reason, 'refused');
  assert.equal(outcome.detail, `connection refused by 127.31.0.2:${port}`);
});

async function socks(options: Parameters<typeof startSocksServer>[0] = {}): Promise<TestSocksServer> {
  const s = await startSocksServer(options);
  servers.push(s);
  return s;
}

test('socks5: no-auth proxy carries the connection to an IPv4 target', async () => {
  const l = await listener('127.32.0.1');
  const proxy = await socks();
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port }, host: '127.32.0.1', port: l.port });
  assert.ok(outcome.ok);
  assert.equal(await readAll(outcome.socket), 'hi');
  assert.deepEqual(proxy.requests, [`127.32.0.1:${l.port}`]);
});

test('socks5: a host name is sent to the proxy and resolved there', async () => {
  const l = await listener('127.32.0.2');
  const proxy = await socks({ names: { 'peer.example': '127.32.0.2' } });
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port }, host: 'peer.example', port: l.port });
  assert.ok(outcome.ok);
  assert.equal(await readAll(outcome.socket), 'hi');
  assert.deepEqual(proxy.requests, [`peer.example:${l.port}`]);
});

test('socks5: username/password are used (RFC 1929)', async () => {
  const l = await listener('127.32.0.3');
  const proxy = await socks({ auth: { username: 'alice', password: 's3cret' } });
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port, user: 'alice', password: 's3cret' }, host: '127.32.0.3', port: l.port });
  assert.ok(outcome.ok);
  assert.equal(await readAll(outcome.socket), 'hi');
  assert.deepEqual(proxy.users, ['alice']);
});

test('socks5: wrong credentials → proxy-auth-failed with a hint', async () => {
  const proxy = await socks({ auth: { username: 'alice', password: 's3cret' } });
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port, user: 'alice', password: 'wrong' }, host: '127.32.0.4', port: 1 });
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.reason, 'proxy-auth-failed');
  assert.match(outcome.detail, /^proxy authentication failed \(check --proxy-user\/--proxy-pass\)/);
});

test('socks5: the ruleset refuses a destination → proxy-refused "connection not allowed by ruleset"', async () => {
  const proxy = await socks();
  // An unknown name: the proxy refuses it without resolving anything (nothing leaves the machine).
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port }, host: 'unknown.example', port: 8333 });
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.reason, 'proxy-refused');
  assert.match(outcome.detail, /^proxy refused: connection not allowed by ruleset/);
});

test('socks5: the target refuses → proxy-refused "connection refused"', async () => {
  const proxy = await socks();
  const port = await freePort('127.32.0.5');
  const outcome = await dialSocks({ proxy: { host: proxy.host, port: proxy.port }, host: '127.32.0.5', port });
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.reason, 'proxy-refused');
  assert.match(outcome.detail, /^proxy refused: connection refused/);
});

test('socks5: the proxy is down → proxy-unavailable', async () => {
  const port = await freePort('127.0.0.1');
  const outcome = await dialSocks({ proxy: { host: '127.0.0.1', port }, host: '127.32.0.6', port: 18444 });
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.reason, 'proxy-unavailable');
  assert.match(outcome.detail, new RegExp(`^proxy 127\\.0\\.0\\.1:${port} is not reachable`));
});
