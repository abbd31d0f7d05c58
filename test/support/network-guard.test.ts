// Proves the network guard is active in test processes: non-loopback traffic throws, loopback works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';

test('guard refuses a TCP connect to a public address', () => {
  assert.throws(() => net.connect({ host: '192.0.2.1', port: 8333 }), /network guard/);
});

test('guard refuses a host name that would use the system resolver', () => {
  assert.throws(() => net.connect({ host: 'seed.bitcoin.sipa.be', port: 8333 }), /network guard/);
});

test('guard refuses a UDP send to a non-loopback address', () => {
  const s = dgram.createSocket('udp4');
  try {
    assert.throws(() => s.send(Buffer.from('x'), 53, '8.8.8.8'), /network guard/);
  } finally {
    s.close();
  }
});

test('guard refuses a non-loopback DNS server and the default system resolver', async () => {
  const r = new Resolver();
  assert.throws(() => r.setServers(['8.8.8.8']), /network guard/);
  assert.throws(() => r.resolve4('example.com'), /network guard/);
});

test('guard lets loopback traffic through', async () => {
  const server = net.createServer((s) => s.end('hi'));
  await new Promise<void>((r) => server.listen(0, '127.3.0.1', r));
  const addr = server.address() as net.AddressInfo;
  const got = await new Promise<string>((res, rej) => {
    const c = net.connect({ host: '127.3.0.1', port: addr.port });
    let data = '';
    c.on('data', (d) => (data += d.toString()));
    c.on('end', () => res(data));
    c.on('error', rej);
  });
  server.close();
  assert.equal(got, 'hi');
});
