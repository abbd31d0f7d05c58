// The control API server (design.md §5, issue: Core-compatible peer RPCs): JSON-RPC over HTTP on a
// loopback address by default, with Core's cookie authentication (`.cookie` in the data directory,
// `__cookie__:<64 hex>`, mode 0600, removed on exit) or --rpc-user/--rpc-password. Binding a
// non-loopback address requires explicit credentials. Bodies over 1 MiB get HTTP 413; the server
// keeps running whatever a client sends.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkName } from '../protocol/params.js';
import type { NodeController } from '../engine/types.js';
import { handleRpcBody } from '../api/jsonrpc.js';
import { RPC_ERROR } from '../api/errors.js';
import { defaultDataDir, ensureDataDir } from './data-dir.js';

/** Canopy's default control-API ports: Core's RPC port + 10, so both can run side by side. */
export const DEFAULT_RPC_PORT: Readonly<Record<NetworkName, number>> = {
  bitcoin: 8342, testnet: 18342, testnet4: 48342, signet: 38342, regtest: 18453,
};

/** Largest request body accepted, bytes (Core accepts more; 1 MiB is ample for peer RPCs). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Options of startRpcServer. */
export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  readonly user?: string | null;
  readonly password?: string | null;
  readonly datadir?: string | null;
}

/** A running control API. */
export interface RpcServer {
  readonly port: number;
  /** The cookie file, or null with user/password auth. */
  readonly cookieFile: string | null;
  close(): Promise<void>;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith('::ffff:127.');
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: ServerResponse, status: number, body: string | null, extra: Record<string, string> = {}): void {
  if (body === null) {
    res.writeHead(status, extra).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...extra }).end(body);
}

/** Starts the server; rejects with a one-line error (address in use, non-loopback without credentials). */
export async function startRpcServer(node: NodeController, options: RpcServerOptions): Promise<RpcServer> {
  const user = options.user ?? null;
  const password = options.password ?? null;
  if ((user === null) !== (password === null)) throw new Error('--rpc-user and --rpc-password go together');
  if (!isLoopbackHost(options.host) && user === null) {
    throw new Error(`--rpc-bind ${options.host}: binding the control API to a non-loopback address needs --rpc-user and --rpc-password`);
  }
  let cookieFile: string | null = null;
  let expected: string;
  if (user !== null && password !== null) {
    expected = `${user}:${password}`;
  } else {
    const dir = ensureDataDir(options.datadir ?? defaultDataDir(node.network));
    expected = `__cookie__:${randomBytes(32).toString('hex')}`;
    cookieFile = join(dir, '.cookie');
    const tmp = `${cookieFile}.tmp`;
    writeFileSync(tmp, expected, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, cookieFile);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    if (!equalSecret(given, expected)) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="jsonrpc"', 'Content-Type': 'text/plain' }).end('401 Unauthorized: use the cookie in the data directory or --rpc-user/--rpc-password\n');
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('JSON-RPC server handles only POST requests\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        rejected = true;
        const body = JSON.stringify({ result: null, error: { code: RPC_ERROR.INVALID_REQUEST, message: `Request body too large (over ${MAX_BODY_BYTES} bytes)` }, id: null });
        sendJson(res, 413, body, { Connection: 'close' });
        res.on('finish', () => req.destroy());
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => { /* client went away */ });
    req.on('end', () => {
      if (rejected) return;
      void handleRpcBody(Buffer.concat(chunks).toString('utf8'), node).then((reply) => {
        sendJson(res, reply.status, reply.body);
        if (reply.stop) res.on('finish', () => { void node.close(); });
      }, (err: unknown) => {
        sendJson(res, 500, JSON.stringify({ result: null, error: { code: RPC_ERROR.INTERNAL_ERROR, message: String(err) }, id: null }));
      });
    });
  };

  const server: Server = createServer(handle);
  server.on('clientError', (_err, socket) => { socket.destroy(); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (cookieFile !== null) rmSync(cookieFile, { force: true });
      reject(new Error(err.code === 'EADDRINUSE' ? `--rpc-bind ${options.host}:${options.port}: address already in use` : `--rpc-bind ${options.host}:${options.port}: ${err.message}`));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    cookieFile,
    async close() {
      if (cookieFile !== null) rmSync(cookieFile, { force: true });
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
