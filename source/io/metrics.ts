// Prometheus metrics (`--metrics ip:port`, served at /metrics) with prom-client: peers by kind and
// transport, dials by outcome, feelers, extra peers, DNS queries, address book sizes, bytes by
// message type and direction (counters that survive disconnects), handshake and ping latency.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NodeController, NodeEvent, PeerId, Snapshot } from '../engine/types.js';

/** A running metrics endpoint. */
export interface MetricsServer {
  readonly port: number;
  readonly registry: Registry;
  close(): Promise<void>;
}

/** Builds the registry and keeps it fed from the controller's events and snapshots. */
export function createMetrics(node: NodeController): { registry: Registry; collect: () => void; stop: () => void } {
  const registry = new Registry();
  const peers = new Gauge({ name: 'canopy_peers', help: 'Connections by kind, transport and state', labelNames: ['kind', 'transport', 'state'], registers: [registry] });
  const book = new Gauge({ name: 'canopy_address_book_entries', help: 'Address book entries by table', labelNames: ['table'], registers: [registry] });
  const bans = new Gauge({ name: 'canopy_bans', help: 'Live bans', registers: [registry] });
  const tip = new Gauge({ name: 'canopy_tip_height', help: 'Height of the validated header tip', registers: [registry] });
  const dials = new Counter({ name: 'canopy_dials_total', help: 'Dials by kind and outcome', labelNames: ['kind', 'outcome'], registers: [registry] });
  const feelers = new Counter({ name: 'canopy_feelers_total', help: 'Feeler connections by outcome', labelNames: ['outcome'], registers: [registry] });
  const extras = new Counter({ name: 'canopy_extra_peers_total', help: 'Extra (stale-tip) peers by outcome', labelNames: ['outcome'], registers: [registry] });
  const dns = new Counter({ name: 'canopy_dns_seed_queries_total', help: 'DNS seed queries by outcome', labelNames: ['outcome'], registers: [registry] });
  const disconnects = new Counter({ name: 'canopy_disconnects_total', help: 'Disconnections by reason', labelNames: ['reason'], registers: [registry] });
  const bytes = new Counter({ name: 'canopy_bytes_total', help: 'Bytes by direction and message type', labelNames: ['direction', 'message'], registers: [registry] });
  const handshake = new Histogram({ name: 'canopy_handshake_seconds', help: 'Dial start to completed handshake', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] });
  const ping = new Histogram({ name: 'canopy_ping_seconds', help: 'Ping round-trip time', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] });

  const dialStart = new Map<PeerId, number>();
  const seen = new Map<string, number>();
  const onEvent = (e: NodeEvent): void => {
    switch (e.type) {
      case 'dial-started': dialStart.set(e.peer.id, e.at); break;
      case 'dial-failed': dials.inc({ kind: e.peer.kind, outcome: 'failed' }); dialStart.delete(e.peer.id); break;
      case 'handshake-completed': {
        dials.inc({ kind: e.peer.kind, outcome: 'connected' });
        const start = dialStart.get(e.peer.id);
        if (start !== undefined) handshake.observe(Math.max(0, e.at - start) / 1000);
        dialStart.delete(e.peer.id);
        break;
      }
      case 'peer-disconnected': disconnects.inc({ reason: e.reason }); dialStart.delete(e.peer.id); break;
      case 'ping': ping.observe(e.pingMs / 1000); break;
      case 'feeler-finished': feelers.inc({ outcome: e.outcome }); break;
      case 'extra-finished': extras.inc({ outcome: e.outcome }); break;
      case 'dns-seed-answered': dns.inc({ outcome: e.error !== undefined ? 'failed' : 'answered' }); break;
      default: break;
    }
  };
  const onSnapshot = (s: Snapshot): void => {
    // Per-peer per-message byte counters only grow; add the growth since the last snapshot.
    for (const p of s.peers) {
      for (const [direction, table] of [['sent', p.bytesSentPerMessage], ['received', p.bytesReceivedPerMessage]] as const) {
        for (const [message, total] of Object.entries(table)) {
          const key = `${p.id}/${direction}/${message}`;
          const delta = total - (seen.get(key) ?? 0);
          if (delta > 0) bytes.inc({ direction, message }, delta);
          seen.set(key, total);
        }
      }
    }
    const live = new Set(s.peers.map((p) => `${p.id}/`));
    for (const key of seen.keys()) if (!live.has(`${key.split('/')[0]}/`)) seen.delete(key);
  };
  const collect = (): void => {
    const s = node.snapshot();
    onSnapshot(s);
    peers.reset();
    for (const p of s.peers) peers.inc({ kind: p.kind, transport: p.transport, state: p.state });
    book.set({ table: 'new' }, s.addressBook.new);
    book.set({ table: 'tried' }, s.addressBook.tried);
    bans.set(s.bans.length);
    tip.set(s.tip?.height ?? 0);
  };
  const unEvent = node.onEvent(onEvent);
  const unSnap = node.subscribe(onSnapshot);
  return { registry, collect, stop: () => { unEvent(); unSnap(); } };
}

/** Starts the metrics HTTP endpoint. */
export async function startMetricsServer(node: NodeController, options: { host: string; port: number }): Promise<MetricsServer> {
  const { registry, collect, stop } = createMetrics(node);
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('metrics are at /metrics\n');
      return;
    }
    collect();
    void registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`--metrics ${options.host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`)));
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    registry,
    async close() {
      stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
