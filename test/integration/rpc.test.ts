// The control API against a real running Canopy (createNode, regtest) connected to real bcoin
// regtest nodes on loopback, over real HTTP: cookie auth, every method with Core's shapes and error
// codes, malformed input, a 10 MB body, 100 parallel clients, addnode/disconnectnode seen live, stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode, type TestNode } from '../support/node-harness.js';
import { freePort, waitFor } from '../support/free-port.js';
import { startRpcServer, type RpcServer } from '../../source/io/rpc-server.js';
import { postRpc } from '../../source/io/rpc-client.js';
import { runCliToEnd } from '../support/run-cli.js';

const HOST = '127.60.0.9';
let b1: BcoinNode, b2: BcoinNode;
let t: TestNode;
let server: RpcServer;
let cookie = '';

before(async () => {
  b1 = await startBcoin('127.61.0.1');
  b2 = await startBcoin('127.62.0.1');
  b1.autoUnban();
  b2.autoUnban();
  t = await startTestNode({ addnode: [b1.address], localAddress: HOST });
  server = await startRpcServer(t.node, { host: HOST, port: await freePort(HOST), datadir: t.datadir });
  cookie = readFileSync(join(t.datadir, '.cookie'), 'utf8');
  await t.waitFor('handshake-completed', (e) => e.peer.address === b1.address);
});
after(async () => {
  await server?.close().catch(() => {});
  await t?.close().catch(() => {});
  await b1?.stop().catch(() => {});
  await b2?.stop().catch(() => {});
});

const call = async (method: string, params: unknown = [], extra: Record<string, unknown> = {}) =>
  postRpc(HOST, server.port, cookie, { jsonrpc: '1.0', id: 'curltest', method, params, ...extra });
const result = async (method: string, params: unknown = []): Promise<any> => {
  const r = await call(method, params);
  assert.equal(r.status, 200, `${method}: ${JSON.stringify(r.json)}`);
  return (r.json as { result: unknown }).result;
};
const errorOf = async (method: string, params: unknown = []): Promise<{ code: number; message: string }> =>
  ((await call(method, params)).json as { error: { code: number; message: string } }).error;

function rawPost(body: string | Buffer, auth: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    if (auth !== null) headers['Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
    const req = request({ host: HOST, port: server.port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('cookie authentication: a 0600 .cookie with __cookie__:<64 hex>; none or wrong → 401', async () => {
  assert.match(cookie, /^__cookie__:[0-9a-f]{64}$/);
  assert.equal(statSync(join(t.datadir, '.cookie')).mode & 0o777, 0o600);
  assert.equal((await rawPost('{"method":"getpeerinfo"}', null)).status, 401);
  assert.equal((await rawPost('{"method":"getpeerinfo"}', '__cookie__:wrong')).status, 401);
});

test('a Core script works unchanged: getpeerinfo with Core field names', async () => {
  const peers = await result('getpeerinfo');
  const p = peers.find((x: any) => x.addr === b1.address);
  assert.ok(p, JSON.stringify(peers));
  for (const field of ['id', 'addr', 'network', 'services', 'servicesnames', 'lastsend', 'lastrecv', 'bytessent', 'bytesrecv', 'conntime', 'version', 'subver', 'inbound', 'startingheight', 'synced_headers', 'connection_type', 'transport_protocol_type', 'session_id', 'bytessent_per_msg', 'bytesrecv_per_msg']) {
    assert.ok(field in p, `getpeerinfo lacks ${field}`);
  }
  assert.equal(p.connection_type, 'manual');
  assert.equal(p.transport_protocol_type, 'v1');
  assert.equal(p.network, 'ipv4');
  assert.match(p.subver, /bcoin/);
  assert.ok(p.servicesnames.includes('NETWORK'));
  assert.ok(await result('getconnectioncount') >= 1);
  const info = await result('getnetworkinfo');
  assert.equal(info.protocolversion, 70016);
  assert.match(info.subversion, /^\/Canopy:/);
});

test('addnode add → the peer connects (manual); duplicates → -23; disconnectnode → gone; unknown → -29', async () => {
  assert.equal(await result('addnode', [b2.address, 'add']), null);
  await waitFor(() => t.node.snapshot().peers.some((p) => p.address === b2.address && p.state === 'ready'), 'b2 connected');
  const added = await result('getaddednodeinfo');
  assert.ok(added.some((a: any) => a.addednode === b2.address && a.connected === true));
  assert.equal((await errorOf('addnode', [b2.address, 'add'])).code, -23);
  assert.equal((await errorOf('addnode', ['127.99.0.1', 'remove'])).code, -24);
  assert.equal((await errorOf('addnode', [b2.address, 'frobnicate'])).code, -8);
  const id = (await result('getpeerinfo')).find((x: any) => x.addr === b2.address).id;
  assert.equal(await result('disconnectnode', ['', id]), null);
  await waitFor(() => !t.node.snapshot().peers.some((p) => p.address === b2.address), 'b2 dropped');
  assert.equal((await errorOf('disconnectnode', ['127.98.0.1:18444'])).code, -29);
  assert.equal((await errorOf('disconnectnode', [])).code, -8);
});

test('setban / listbanned / clearbanned with Core codes', async () => {
  assert.equal(await result('setban', ['127.97.0.0/16', 'add', 3600]), null);
  const banned = await result('listbanned');
  const entry = banned.find((b: any) => b.address === '127.97.0.0/16');
  assert.ok(entry, JSON.stringify(banned));
  assert.equal(entry.ban_duration, 3600);
  assert.equal((await errorOf('setban', ['127.97.0.0/16', 'add'])).code, -23);
  assert.equal((await errorOf('setban', ['not-an-ip', 'add'])).code, -30);
  assert.equal((await errorOf('setban', ['127.96.0.1', 'remove'])).code, -30);
  assert.equal(await result('clearbanned'), null);
  assert.deepEqual(await result('listbanned'), []);
});

test('getnodeaddresses, getaddrmaninfo, getactivity, help, named params', async () => {
  const addrs = await result('getnodeaddresses', [0]);
  assert.ok(Array.isArray(addrs));
  for (const a of addrs) assert.ok('address' in a && 'port' in a && 'network' in a && 'time' in a && 'services' in a);
  assert.equal((await errorOf('getnodeaddresses', [1, 'carrier-pigeon'])).code, -8);
  const info = await result('getaddrmaninfo');
  assert.ok('all_networks' in info && typeof info.all_networks.total === 'number');
  const activity = await result('getactivity');
  assert.ok(Array.isArray(activity.activity) && Array.isArray(activity.discovery));
  assert.match(await result('help'), /getpeerinfo/);
  const named = await call('getnodeaddresses', { count: 0 });
  assert.equal(named.status, 200);
});

test('errors: unknown method 404/-32601, parse error -32700, JSON-RPC 2.0 shape, batch, 10 MB body → 413 and the server keeps running', async () => {
  const unknown = await call('frobnicate');
  assert.equal(unknown.status, 404);
  assert.equal((unknown.json as any).error.code, -32601);
  const bad = await rawPost('{"method": getpeerinfo', cookie);
  assert.equal(JSON.parse(bad.text).error.code, -32700);
  const v2 = await postRpc(HOST, server.port, cookie, { jsonrpc: '2.0', id: 7, method: 'getconnectioncount' });
  assert.equal(v2.status, 200);
  assert.equal((v2.json as any).jsonrpc, '2.0');
  assert.ok(!('error' in (v2.json as any)));
  const v2err = await postRpc(HOST, server.port, cookie, { jsonrpc: '2.0', id: 8, method: 'nope' });
  assert.equal(v2err.status, 200);
  assert.equal((v2err.json as any).error.code, -32601);
  const batch = await postRpc(HOST, server.port, cookie, [{ method: 'getconnectioncount', id: 1 }, { method: 'nope', id: 2 }]);
  assert.equal((batch.json as any[]).length, 2);
  const huge = await rawPost(Buffer.alloc(10 * 1024 * 1024, 0x20), cookie).catch((e: Error) => ({ status: 0, text: e.message }));
  assert.ok(huge.status === 413 || huge.status === 0, `got ${huge.status}`);
  assert.ok(await result('getconnectioncount') >= 1, 'the server still answers');
});

test('100 parallel getpeerinfo calls while a peer churns all succeed', async () => {
  const churn = (async () => {
    await result('addnode', [b2.address, 'onetry']).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    await result('disconnectnode', [b2.address]).catch(() => {});
  })();
  const replies = await Promise.all(Array.from({ length: 100 }, () => call('getpeerinfo')));
  await churn;
  assert.ok(replies.every((r) => r.status === 200 && Array.isArray((r.json as any).result)));
});

test('canopy rpc (the CLI client) reads the cookie and prints the result; stop closes the node and removes the cookie', async () => {
  const out = await runCliToEnd(['rpc', '--network', 'regtest', '--datadir', t.datadir, '--rpc-bind', `${HOST}:${server.port}`, 'getconnectioncount']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout.trim(), /^\d+$/);
  const bad = await runCliToEnd(['rpc', '--network', 'regtest', '--datadir', t.datadir, '--rpc-bind', `${HOST}:${server.port}`, 'addnode', 'x', 'y']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^canopy rpc: error code -8: /);
  assert.equal(await result('stop'), 'Canopy stopping');
  await t.node.closed;
  await server.close();
  assert.equal(existsSync(join(t.datadir, '.cookie')), false);
});
