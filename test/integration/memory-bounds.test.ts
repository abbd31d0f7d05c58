// Bounded memory (issue: adversarial hardening). A real Canopy node (createNode, in a child process
// of this file so its RSS is its own) starts with an address book filled to the capacity of its
// tables and keeps 125 regular peers on loopback. Every peer stops reading after the handshake,
// floods pings (so our pongs pile up in the send queues) and then leaves a 4,000,000-byte message
// one byte short (so every receive buffer is full). One more peer keeps flooding pings without
// reading: the reactor's send-queue cap (MAX_SEND_QUEUE_BYTES) must drop it. The test prints the
// child's peak RSS and asserts it stays under the bound those caps imply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNode } from '../../source/io/node.js';
import { DATA_FILES } from '../../source/io/data-dir.js';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import { BUCKET_SIZE, NEW_BUCKET_COUNT, TRIED_BUCKET_COUNT } from '../../source/address-manager/constants.js';
import { MAX_SEND_QUEUE_BYTES } from '../../source/io/reactor.js';
import { MAX_PROTOCOL_MESSAGE_LENGTH } from '../../source/protocol/limits.js';
import { decodeWireMessage, toWireMessage } from '../../source/protocol/messages.js';
import { networkParams } from '../../source/protocol/networks.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';
import type { Message } from '../../source/protocol/types.js';
import { createV1Transport } from '../../source/transport/v1.js';
import { seededRandom } from '../../source/shared/random.js';
import { answerLikeANode } from '../support/v1-responders.js';

const CHILD_ENV = 'CANOPY_MEMORY_BOUNDS_CHILD';
/** Peers that stay connected with full buffers (Core: DEFAULT_MAX_PEER_CONNECTIONS = 125). */
const PEERS = 125;
/** Pings each heavy peer sends while not reading (our pongs: the same number of bytes). */
const PINGS_PER_PEER = 8192;
/** Bytes the non-reading peer may push before we give up on it being dropped. */
const FLOOD_LIMIT_BYTES = 8 * MAX_SEND_QUEUE_BYTES;
const MB = 1024 * 1024;

function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Child mode: run the node until told to stop on stdin; report counts and RSS as JSON lines. */
async function childMain(datadir: string): Promise<void> {
  const node = createNode({
    network: 'regtest', datadir, v2: false, dnsSeeds: false, maxOutbound: PEERS + 1,
    // Fill the slots in seconds, not minutes (production: 4 dials per 10 s pass).
    engineConfig: { batchSize: 32, maintenanceIntervalMs: 250 },
    log: (line) => process.stderr.write(`canopy: ${line}\n`),
  });
  const drops: string[] = [];
  node.onEvent((e) => { if (e.type === 'peer-disconnected') drops.push(`${e.peer.address} ${e.reason}: ${e.detail}`); });
  await node.start();
  const report = (final: boolean): void => {
    const s = node.snapshot();
    const ready = s.peers.filter((p) => p.state === 'ready');
    process.stdout.write(`${JSON.stringify({
      final, ready: ready.length, states: countBy(s.peers.map((p) => `${p.kind}/${p.state}`)), bytesReceived: ready.reduce((n, p) => n + p.bytesReceived, 0),
      bookSize: s.addressBook.new + s.addressBook.tried, rssBytes: process.memoryUsage().rss, peakRssBytes: process.resourceUsage().maxRSS * 1024, drops,
    })}\n`);
  };
  const timer = setInterval(() => report(false), 250);
  process.stdin.once('data', () => {
    clearInterval(timer);
    report(true);
    void node.close().then(() => process.exit(0));
  });
}

interface ChildReport { final: boolean; states: Record<string, number>; ready: number; bytesReceived: number; bookSize: number; rssBytes: number; peakRssBytes: number; drops: string[] }

/** A listener that completes a v1 handshake and then behaves as `after` says. */
async function listen(host: string, after: (socket: net.Socket, frame: (msg: Message) => Uint8Array) => void): Promise<{ port: number; close: () => void }> {
  const params = networkParams('regtest');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const transport = createV1Transport(params.magic);
    const frame = (msg: Message): Uint8Array => transport.send(toWireMessage(msg));
    const onData = (chunk: Buffer): void => {
      const out = transport.receive(chunk);
      if (out.failure) { socket.destroy(); return; }
      for (const wire of out.messages) {
        const decoded = decodeWireMessage(wire);
        if (decoded.ok && answerLikeANode(decoded.value, (m) => socket.write(frame(m)), 1)) {
          socket.off('data', onData);
          socket.pause(); // from here on, never read again
          after(socket, frame);
          return;
        }
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { port: (server.address() as net.AddressInfo).port, close: () => { for (const s of sockets) s.destroy(); server.close(); } };
}

/** Pings back to back (each 32 bytes on the wire, answered by a 32-byte pong). */
function pings(frame: (msg: Message) => Uint8Array, count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => frame({ type: 'ping', nonce: BigInt(i + 1) })));
}

/** A 'headers' envelope announcing the maximum payload, sent one byte short: it never completes. */
function almostFullMessage(): Buffer {
  const header = Buffer.alloc(24);
  Buffer.from(networkParams('regtest').magic).copy(header, 0);
  header.write('headers', 4, 'ascii');
  header.writeUInt32LE(MAX_PROTOCOL_MESSAGE_LENGTH, 16);
  return Buffer.concat([header, Buffer.alloc(MAX_PROTOCOL_MESSAGE_LENGTH - 1, 0x01)]);
}

function v4(host: string, port: number): NetAddr {
  return { network: 'ipv4', bytes: new Uint8Array(host.split('.').map(Number)), port };
}

/** An address book whose tables are (nearly) at capacity, holding `peers`. */
function fullBook(peers: readonly NetAddr[], now: number): { bytes: Uint8Array; newCount: number; triedCount: number } {
  const random = seededRandom(125);
  const book = new AddressManager({ random, allowPrivateAddresses: true });
  const nowS = Math.floor(now / 1000);
  const source = (i: number): { kind: 'peer'; addr: NetAddr } => ({ kind: 'peer', addr: v4(`${1 + (i % 223)}.${(i >> 8) & 255}.0.1`, 18444) });
  // Each listener announced by itself. Two listeners can still hash to the same new-table slot (the
  // ports are the OS's choice, and the slot depends on them): a listener that lost its slot is
  // announced again by other sources, whose groups lead to other buckets, until it is stored.
  for (const addr of peers) {
    for (let retry = 0; book.find(addr) === undefined; retry++) {
      assert.ok(retry < 20, `listener ${addr.bytes.join('.')} found no free new-table slot`);
      book.add([{ time: nowS - 60, services: 9n, addr }], retry === 0 ? { kind: 'peer', addr } : source(1_000_000 + retry), now);
    }
  }
  // Tried table: loopback addresses with no services (never chosen for a regular slot), promoted.
  for (let i = 0; i < 40_000; i++) {
    const addr = v4(`127.${i & 255}.${(i >> 8) & 255}.${1 + (i % 250)}`, 1);
    book.add([{ time: nowS - 3600, services: 0n, addr }], source(i), now);
    book.good(addr, now);
  }
  // New table: onion addresses (stored, never dialled without a proxy) from many source groups.
  for (let i = 0; i < 260_000; i++) {
    const bytes = new Uint8Array(32);
    for (let k = 0; k < 32; k += 4) new DataView(bytes.buffer).setUint32(k, random.nextU32());
    book.add([{ time: nowS - 3600, services: 9n, addr: { network: 'onion', bytes, port: 8333 } }], source(i), now);
  }
  const stats = book.stats(now);
  return { bytes: book.serialize(), newCount: stats.new, triedCount: stats.tried };
}

if (process.env[CHILD_ENV] !== undefined) {
  await childMain(process.env[CHILD_ENV]);
} else {
  test(`memory stays bounded: full address book, ${PEERS} peers with full buffers, a non-reading peer dropped`, { timeout: 240_000 }, async () => {
    const datadir = mkdtempSync(join(tmpdir(), 'canopy-membound-'));
    const listeners: { close: () => void }[] = [];
    let floodDropped = false;
    let kill = (): void => {};
    try {
      const stuck = almostFullMessage();
      const heavy: NetAddr[] = [];
      for (let i = 0; i < PEERS; i++) {
        const host = `127.${130 + i}.60.9`; // one /16 group each (regtest groups loopback by /16)
        const l = await listen(host, (socket, frame) => { socket.write(pings(frame, PINGS_PER_PEER)); socket.write(stuck); });
        listeners.push(l);
        heavy.push(v4(host, l.port));
      }
      // The non-reader: pings until Canopy hangs up on it.
      const floodHost = '127.255.60.9';
      const flood = await listen(floodHost, (socket, frame) => {
        const chunk = pings(frame, 2048);
        let sent = 0;
        const push = (): void => {
          while (!socket.destroyed && sent < FLOOD_LIMIT_BYTES) {
            sent += chunk.length;
            if (!socket.write(chunk)) { socket.once('drain', push); return; }
          }
        };
        socket.once('close', () => { floodDropped = sent < FLOOD_LIMIT_BYTES; });
        push();
      });
      listeners.push(flood);
      const book = fullBook([v4(floodHost, flood.port), ...heavy], Date.now());
      writeFileSync(join(datadir, DATA_FILES.peers), book.bytes);

      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, [CHILD_ENV]: datadir }, stdio: ['pipe', 'pipe', 'inherit'],
      });
      kill = () => child.kill('SIGKILL');
      const reports: ChildReport[] = [];
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.split('\n');
        out = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('{')) reports.push(JSON.parse(line) as ChildReport);
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      // Every heavy peer has delivered its pings and the almost-complete message.
      const perPeer = PINGS_PER_PEER * 32 + stuck.length;
      const deadline = Date.now() + 120_000;
      for (;;) {
        const last = reports.at(-1);
        if (last && last.ready >= PEERS && last.bytesReceived >= PEERS * perPeer && floodDropped) break;
        assert.ok(Date.now() < deadline, `timed out: ${JSON.stringify({ ...last, drops: last?.drops.slice(-5) })} flood dropped ${floodDropped}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      child.stdin.write('stop\n');
      assert.equal(await exited, 0);
      const final = reports.find((r) => r.final) as ChildReport;
      const bound = 512 * MB + PEERS * (MAX_PROTOCOL_MESSAGE_LENGTH + MAX_SEND_QUEUE_BYTES);
      console.log(`memory bounds: book ${final.bookSize} addresses (new ${book.newCount}/${NEW_BUCKET_COUNT * BUCKET_SIZE}, tried ${book.triedCount}/${TRIED_BUCKET_COUNT * BUCKET_SIZE}), `
        + `${final.ready} peers ready with full buffers, peak RSS ${(final.peakRssBytes / MB).toFixed(0)} MiB `
        + `(bound ${(bound / MB).toFixed(0)} MiB), RSS at the end ${(final.rssBytes / MB).toFixed(0)} MiB`);
      assert.ok(book.newCount >= 0.9 * NEW_BUCKET_COUNT * BUCKET_SIZE, `new table near capacity (${book.newCount})`);
      assert.ok(final.bookSize >= book.newCount + book.triedCount, 'the whole book was loaded');
      assert.ok(final.ready >= PEERS, `${final.ready} peers stayed connected`);
      const floodDrop = final.drops.find((d) => d.startsWith(floodHost));
      assert.match(floodDrop ?? '', /send queue full/, `the non-reading peer was dropped for its send queue: ${final.drops.join(' | ')}`);
      assert.ok(final.drops.filter((d) => !d.startsWith(floodHost) && !d.includes(':1 ')).length === 0, `no heavy peer dropped: ${final.drops.join(' | ')}`);
      assert.ok(final.peakRssBytes < bound, `peak RSS ${final.peakRssBytes} under ${bound}`);
    } finally {
      kill();
      for (const l of listeners) l.close();
      rmSync(datadir, { recursive: true, force: true });
    }
  });
}
