// `canopy rpc [--network N] [--datadir D] [--rpc-bind host:port] [--rpc-user U --rpc-password P] <method> [args…]`:
// calls a running Canopy's control API like bitcoin-cli — the cookie is read from the data
// directory, arguments that parse as JSON are sent as JSON, others as strings. Prints the result
// (strings raw, the rest as indented JSON); errors print one line and exit 1.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNetworkName } from '../protocol/networks.js';
import type { NetworkName } from '../protocol/params.js';
import { defaultDataDir } from './data-dir.js';
import { DEFAULT_RPC_PORT } from './rpc-server.js';

/** The parsed `canopy rpc` command line. */
export interface RpcCliArgs {
  readonly network: NetworkName;
  readonly host: string;
  readonly port: number;
  readonly auth: string | null;
  readonly datadir: string;
  readonly method: string;
  readonly params: unknown[];
}

/** Parses `canopy rpc …` arguments; returns an error line for bad input. */
export function parseRpcArgs(argv: readonly string[]): RpcCliArgs | { error: string } {
  let network: NetworkName = 'bitcoin';
  let datadir: string | null = null;
  let bind: string | null = null;
  let user: string | null = null;
  let password: string | null = null;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) break;
    const [flag, inline] = arg.split(/=(.*)/s) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) return { error: `canopy rpc: ${flag} needs a value` };
    if (flag === '--network') {
      if (!isNetworkName(value)) return { error: `canopy rpc: --network: "${value}" is not a network` };
      network = value;
    } else if (flag === '--datadir') datadir = value;
    else if (flag === '--rpc-bind') bind = value;
    else if (flag === '--rpc-user') user = value;
    else if (flag === '--rpc-password') password = value;
    else return { error: `canopy rpc: ${flag}: unknown flag` };
  }
  const method = argv[i];
  if (method === undefined) return { error: 'canopy rpc: missing method (try: canopy rpc help)' };
  const params = argv.slice(i + 1).map((a) => { try { return JSON.parse(a) as unknown; } catch { return a; } });
  let host = '127.0.0.1';
  let port = DEFAULT_RPC_PORT[network];
  if (bind !== null) {
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(bind);
    if (m === null) return { error: `canopy rpc: --rpc-bind: "${bind}" is not host:port` };
    host = (m[1] ?? m[2]) as string;
    port = Number(m[3]);
  }
  return { network, host, port, auth: user !== null && password !== null ? `${user}:${password}` : null, datadir: datadir ?? defaultDataDir(network), method, params };
}

/** Sends one JSON-RPC request; resolves with the HTTP status and parsed body. */
export function postRpc(host: string, port: number, auth: string, body: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request({ host, port, method: 'POST', path: '/', headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try { json = JSON.parse(text); } catch { /* plain text (401) */ }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `canopy rpc …`; returns the process exit code. */
export async function runRpcCli(argv: readonly string[]): Promise<number> {
  const args = parseRpcArgs(argv);
  if ('error' in args) {
    process.stderr.write(`${args.error}\n`);
    return 2;
  }
  let auth = args.auth;
  if (auth === null) {
    try {
      auth = readFileSync(join(args.datadir, '.cookie'), 'utf8').trim();
    } catch {
      process.stderr.write(`canopy rpc: no cookie in ${args.datadir} (is Canopy running with this --datadir/--network?)\n`);
      return 1;
    }
  }
  try {
    const { status, json } = await postRpc(args.host, args.port, auth, { jsonrpc: '1.0', id: 'canopy-rpc', method: args.method, params: args.params });
    if (status === 401) {
      process.stderr.write('canopy rpc: authorization failed (wrong cookie or credentials)\n');
      return 1;
    }
    const reply = json as { result?: unknown; error?: { code: number; message: string } | null };
    if (reply.error) {
      process.stderr.write(`canopy rpc: error code ${reply.error.code}: ${reply.error.message.split('\n')[0]}\n`);
      return 1;
    }
    const result = reply.result;
    process.stdout.write(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result ?? null, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`canopy rpc: cannot reach Canopy at ${args.host}:${args.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; is it running?)\n`);
    return 1;
  }
}
