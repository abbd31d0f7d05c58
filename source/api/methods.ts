// The control API's methods, with Bitcoin Core's names, arguments (positional or named), results
// and error codes (src/rpc/net.cpp), plus Canopy's getactivity. Every method goes through the same
// NodeController commands the dashboard uses. Pure: no sockets here (the HTTP server is io/rpc-server.ts).
import { formatTarget, parsePeerTarget, type Network } from '../protocol/netaddr.js';
import { networkParams } from '../protocol/networks.js';
import type { Command, CommandResult, JsonValue, NodeController } from '../engine/types.js';
import { RPC_ERROR, RpcError } from './errors.js';
import { addedNodeInfo, bannedList, networkInfo, peerInfo } from './peer-info.js';

/** Core's default ban time for setban, seconds (DEFAULT_MISBEHAVING_BANTIME). */
const DEFAULT_BANTIME_S = 24 * 60 * 60;

/** A method: parameter names (for named arguments), one-line help, and the handler. */
interface Method {
  readonly params: readonly string[];
  readonly help: string;
  readonly run: (args: readonly unknown[], node: NodeController) => Promise<JsonValue>;
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new RpcError(RPC_ERROR.TYPE_ERROR, `Expected type string for ${name}, got ${v === undefined ? 'nothing' : typeof v}`);
  return v;
}

function optNum(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RpcError(RPC_ERROR.TYPE_ERROR, `Expected type number for ${name}`);
  return v;
}

async function run(node: NodeController, command: Command): Promise<CommandResult & { ok: true }> {
  const result = await node.command(command);
  if (result.ok) return result;
  const code = result.code === 'invalid-subnet' || result.code === 'not-banned' ? RPC_ERROR.CLIENT_INVALID_IP_OR_SUBNET
    : result.code === 'peer-already-exists' ? RPC_ERROR.CLIENT_NODE_ALREADY_ADDED
      : result.code === 'not-added' ? RPC_ERROR.CLIENT_NODE_NOT_ADDED
        : result.code === 'unknown-peer' ? RPC_ERROR.CLIENT_NODE_NOT_CONNECTED
          : result.code === 'invalid-address' || result.code === 'invalid-argument' ? RPC_ERROR.INVALID_PARAMETER : RPC_ERROR.MISC_ERROR;
  throw new RpcError(code, `Error: ${result.reason}`);
}

/** Canonical "host:port" of a node argument on this node's network. */
function canonicalNode(node: NodeController, text: string): string {
  const parsed = parsePeerTarget(text, networkParams(node.network).defaultPort);
  if (!parsed.ok) throw new RpcError(RPC_ERROR.INVALID_PARAMETER, `Error: invalid node "${text}": ${parsed.reason}`);
  return formatTarget(parsed.target);
}

const NETWORKS: readonly Network[] = ['ipv4', 'ipv6', 'onion', 'i2p', 'cjdns'];

/** The method table. */
export const METHODS: Readonly<Record<string, Method>> = {
  getpeerinfo: { params: [], help: 'getpeerinfo — data about each connected or connecting peer', run: async (_a, n) => n.snapshot().peers.map(peerInfo) },
  getconnectioncount: { params: [], help: 'getconnectioncount — number of connections', run: async (_a, n) => n.snapshot().peers.filter((p) => p.state !== 'dialing').length },
  getnetworkinfo: { params: [], help: 'getnetworkinfo — P2P networking state', run: async (_a, n) => networkInfo(n.snapshot()) },
  addnode: {
    params: ['node', 'command'],
    help: 'addnode "node" "add|remove|onetry" — keep a peer connected, forget it, or try it once',
    run: async (a, n) => {
      const target = str(a[0], 'node');
      const cmd = str(a[1], 'command');
      if (cmd === 'add') {
        const key = canonicalNode(n, target);
        if (n.snapshot().added.some((x) => x.target === key)) throw new RpcError(RPC_ERROR.CLIENT_NODE_ALREADY_ADDED, 'Error: Node already added');
        await run(n, { type: 'add-peer', target });
      } else if (cmd === 'remove') {
        const key = canonicalNode(n, target);
        if (!n.snapshot().added.some((x) => x.target === key)) throw new RpcError(RPC_ERROR.CLIENT_NODE_NOT_ADDED, 'Error: Node could not be removed. It has not been added previously.');
        await run(n, { type: 'remove-peer', target });
      } else if (cmd === 'onetry') {
        await run(n, { type: 'onetry', target });
      } else {
        throw new RpcError(RPC_ERROR.INVALID_PARAMETER, `Error: command must be "add", "remove" or "onetry", got "${cmd}"`);
      }
      return null;
    },
  },
  getaddednodeinfo: {
    params: ['node'],
    help: 'getaddednodeinfo ( "node" ) — added peers and whether they are connected',
    run: async (a, n) => {
      const node = a[0] === undefined || a[0] === null ? null : canonicalNode(n, str(a[0], 'node'));
      const info = addedNodeInfo(n.snapshot(), node);
      if (node !== null && info.length === 0) throw new RpcError(RPC_ERROR.CLIENT_NODE_NOT_ADDED, 'Error: Node has not been added.');
      return info;
    },
  },
  disconnectnode: {
    params: ['address', 'nodeid'],
    help: 'disconnectnode ( "address" nodeid ) — drop a peer by address or by id',
    run: async (a, n) => {
      const address = a[0] === undefined || a[0] === null || a[0] === '' ? undefined : str(a[0], 'address');
      const nodeid = optNum(a[1], 'nodeid');
      if ((address === undefined) === (nodeid === undefined)) throw new RpcError(RPC_ERROR.INVALID_PARAMETER, 'Only one of address and nodeid should be provided.');
      const result = await n.command(address !== undefined ? { type: 'drop-peer', address } : { type: 'drop-peer', peerId: nodeid as number });
      if (!result.ok) throw new RpcError(RPC_ERROR.CLIENT_NODE_NOT_CONNECTED, 'Node not found in connected nodes');
      return null;
    },
  },
  setban: {
    params: ['subnet', 'command', 'bantime', 'absolute'],
    help: 'setban "subnet" "add|remove" ( bantime absolute ) — ban or unban an IP or subnet',
    run: async (a, n) => {
      const subnet = str(a[0], 'subnet');
      const cmd = str(a[1], 'command');
      if (cmd === 'add') {
        if (n.snapshot().bans.some((b) => b.subnet === subnet)) throw new RpcError(RPC_ERROR.CLIENT_NODE_ALREADY_ADDED, 'Error: IP/Subnet already banned');
        const bantime = optNum(a[2], 'bantime') ?? 0;
        const absolute = a[3] === true;
        const cmdArgs: Command = absolute
          ? { type: 'ban', subnet, durationMs: bantime * 1000, absolute: true }
          : { type: 'ban', subnet, durationMs: (bantime > 0 ? bantime : DEFAULT_BANTIME_S) * 1000 };
        const result = await n.command(cmdArgs);
        if (!result.ok) throw new RpcError(result.code === 'invalid-subnet' ? RPC_ERROR.CLIENT_INVALID_IP_OR_SUBNET : RPC_ERROR.INVALID_PARAMETER, result.code === 'invalid-subnet' ? 'Error: Invalid IP/Subnet' : `Error: ${result.reason}`);
      } else if (cmd === 'remove') {
        const result = await n.command({ type: 'unban', subnet });
        if (!result.ok) throw new RpcError(RPC_ERROR.CLIENT_INVALID_IP_OR_SUBNET, 'Error: Unban failed. Requested address/subnet was not previously manually banned.');
      } else {
        throw new RpcError(RPC_ERROR.INVALID_PARAMETER, `Error: command must be "add" or "remove", got "${cmd}"`);
      }
      return null;
    },
  },
  listbanned: { params: [], help: 'listbanned — banned IPs and subnets', run: async (_a, n) => bannedList(n.snapshot()) },
  clearbanned: { params: [], help: 'clearbanned — lift every ban', run: async (_a, n) => { await run(n, { type: 'clear-bans' }); return null; } },
  getnodeaddresses: {
    params: ['count', 'network'],
    help: 'getnodeaddresses ( count "network" ) — known addresses (count 0 = all)',
    run: async (a, n) => {
      const count = optNum(a[0], 'count') ?? 1;
      if (count < 0 || !Number.isInteger(count)) throw new RpcError(RPC_ERROR.INVALID_PARAMETER, 'Address count out of range');
      const network = a[1] === undefined || a[1] === null ? undefined : str(a[1], 'network');
      if (network !== undefined && !NETWORKS.includes(network as Network)) throw new RpcError(RPC_ERROR.INVALID_PARAMETER, `Network not recognized: ${network}`);
      const result = await run(n, { type: 'get-node-addresses', count, ...(network !== undefined ? { network: network as Network } : {}) });
      return result.data ?? [];
    },
  },
  getaddrmaninfo: { params: [], help: 'getaddrmaninfo — address manager table sizes per network', run: async (_a, n) => (await run(n, { type: 'get-addrman-info' })).data ?? {} },
  getactivity: {
    params: [],
    help: 'getactivity — recent feeler, extra-peer and discovery (DNS / fixed seeds) steps (Canopy)',
    run: async (_a, n) => {
      const s = n.snapshot();
      return { activity: s.activity.map((e) => ({ ...e })), discovery: s.discovery.map((e) => ({ ...e })) };
    },
  },
  stop: { params: [], help: 'stop — save the address book and stop Canopy', run: async () => 'Canopy stopping' },
  help: {
    params: ['command'],
    help: 'help ( "command" ) — list methods, or one method\'s help',
    run: async (a) => {
      if (typeof a[0] === 'string') {
        const m = METHODS[a[0]];
        if (m === undefined) return `help: unknown command: ${a[0]}`;
        return m.help;
      }
      return Object.values(METHODS).map((m) => m.help).join('\n');
    },
  },
};

/** Normalises positional or named params into the method's positional order. */
export function positionalArgs(method: string, params: unknown): unknown[] {
  const m = METHODS[method];
  if (params === undefined || params === null) return [];
  if (Array.isArray(params)) return params;
  if (typeof params === 'object' && m !== undefined) {
    const obj = params as Record<string, unknown>;
    for (const key of Object.keys(obj)) if (!m.params.includes(key)) throw new RpcError(RPC_ERROR.MISC_ERROR, `Unknown named parameter ${key}`);
    return m.params.map((p) => obj[p]);
  }
  throw new RpcError(RPC_ERROR.INVALID_REQUEST, 'Params must be an array or object');
}

/** Runs one method; throws RpcError for Core-coded failures. */
export async function callMethod(node: NodeController, method: string, params: unknown): Promise<JsonValue> {
  const m = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (m === undefined) throw new RpcError(RPC_ERROR.METHOD_NOT_FOUND, 'Method not found');
  const args = positionalArgs(method, params);
  if (args.length > m.params.length) throw new RpcError(RPC_ERROR.MISC_ERROR, `${m.help}\n(too many parameters)`);
  return m.run(args, node);
}
