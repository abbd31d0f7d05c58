// Command-line flags (design.md §5): the meow flag table, the help text, and the validation that
// turns raw flag values into node options. Every problem becomes ONE line naming the flag and what
// it accepts (`canopy: --connect: "x" is not a valid address (…)`); cli.tsx prints it and exits 2.
import { isNetworkName, networkParams } from '../protocol/networks.js';
import { NETWORK_NAMES, type NetworkName } from '../protocol/params.js';
import { parsePeerTarget } from '../protocol/netaddr.js';
import { parseServices, DEFAULT_REQUIRED_SERVICES } from '../protocol/services.js';
import { dnsServerSpec } from './dns-seeds.js';
import type { ProxyConfig } from './socks-dialer.js';

/** Core: -maxconnections bounds; we allow up to this many regular outbound peers (a sanity cap). */
export const MAX_OUTBOUND_LIMIT = 64;

/** meow's flag table (all value flags are strings and validated here, so errors are ours). */
export const CLI_FLAGS = {
  network: { type: 'string', default: 'bitcoin' },
  connect: { type: 'string', isMultiple: true },
  addnode: { type: 'string', isMultiple: true },
  proxy: { type: 'string' },
  proxyUser: { type: 'string' },
  proxyPass: { type: 'string' },
  allowV1Fallback: { type: 'boolean', default: false },
  v2: { type: 'boolean', default: true },
  maxOutbound: { type: 'string' },
  dnsSeeds: { type: 'boolean', default: true },
  dnsSeed: { type: 'string', isMultiple: true },
  dnsServer: { type: 'string' },
  rpcBind: { type: 'string' },
  rpcUser: { type: 'string' },
  rpcPassword: { type: 'string' },
  metrics: { type: 'string' },
  services: { type: 'string' },
  datadir: { type: 'string' },
  json: { type: 'boolean', default: false },
  logFile: { type: 'string' },
  simulate: { type: 'boolean', default: false },
  seed: { type: 'string' },
  version: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** Flag names as typed on the command line (kebab-case), including the negated --no-dns-seeds. */
export const KNOWN_FLAGS: ReadonlySet<string> = new Set([
  ...Object.keys(CLI_FLAGS).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)),
  'no-dns-seeds', 'no-v2', 'h', 'v',
]);

/** The --help text, every flag with its default. */
export const HELP_TEXT = `
  Usage
    $ canopy [options]
    $ canopy rpc <method> [params…]       talk to a running node's control API

  Options
    --network <name>           ${NETWORK_NAMES.join('|')} (default bitcoin)
    --connect <host[:port]>    repeatable; only these peers, nothing else (default: none)
    --addnode <host[:port]>    repeatable; kept connected as manual peers (default: none)
    --proxy <host:port>        SOCKS5 proxy for all outbound connections (default: none)
    --proxy-user <name>        SOCKS5 username (RFC 1929) (default: none)
    --proxy-pass <password>    SOCKS5 password (RFC 1929) (default: none)
    --allow-v1-fallback        permit v1 when a regular peer refuses BIP324 (default off)
    --no-v2                    never try BIP324, speak v1 only (Core: -v2transport=0) (default: v2 first)
    --max-outbound <n>         regular outbound target, 0-${MAX_OUTBOUND_LIMIT} (default 8)
    --no-dns-seeds             never query DNS seeds (default: seeds on)
    --dns-seed <name>          repeatable; replaces the network's DNS seed list
    --dns-server <ip[:port]>   resolver for DNS seeds (default: system)
    --rpc-bind <ip:port>       control API, JSON-RPC with cookie auth (default 127.0.0.1:8342, regtest 18453)
    --rpc-user <name>          control API user instead of the cookie (default: none)
    --rpc-password <password>  control API password (default: none)
    --metrics <ip:port>        Prometheus metrics endpoint (default: off)
    --services <flags>         required services for regular peers (default NETWORK,WITNESS)
    --datadir <dir>            data directory (default ~/.canopy/<network>)
    --json                     no UI: NDJSON events on stdout (automatic when stdout is not a TTY)
    --log-file <file>          debug log (default: none)
    --simulate                 the dashboard driven by the seeded network simulator: no network
    --seed <n>                 simulator seed (default 1)
    --version                  print the version
    --help                     this text
`;

/** Everything the CLI decided, validated. */
export interface CliOptions {
  readonly network: NetworkName;
  readonly connect: readonly string[];
  readonly addnode: readonly string[];
  readonly proxy: ProxyConfig | null;
  readonly allowV1Fallback: boolean;
  /** Try BIP324 v2 first (false with --no-v2). */
  readonly v2: boolean;
  readonly maxOutbound: number | null;
  readonly dnsSeeds: boolean;
  readonly dnsSeedList: readonly string[] | null;
  readonly dnsServer: string | null;
  readonly rpcBind: { readonly host: string; readonly port: number } | null;
  readonly rpcUser: string | null;
  readonly rpcPassword: string | null;
  readonly metrics: { readonly host: string; readonly port: number } | null;
  readonly services: bigint;
  readonly datadir: string | null;
  readonly json: boolean;
  readonly logFile: string | null;
  readonly simulate: boolean;
  readonly seed: number;
}

/** Result of validation: options, or one line for stderr. */
export type CliParseResult = { readonly ok: true; readonly options: CliOptions } | { readonly ok: false; readonly error: string };

/** The raw flags as meow hands them over (unknown keys ignored). */
export type RawFlags = Readonly<Record<string, unknown>>;

/** The first command-line flag Canopy does not know, or null (checked before meow so the error is ours). */
export function findUnknownFlag(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || /^-\d/.test(arg)) continue;
    const name = arg.replace(/^--?/, '').split('=')[0] ?? '';
    if (!KNOWN_FLAGS.has(name)) return arg.split('=')[0] ?? arg;
  }
  return null;
}

const fail = (flag: string, message: string): CliParseResult => ({ ok: false, error: `canopy: --${flag}: ${message}` });

function str(flags: RawFlags, key: string): string | undefined {
  const v = flags[key];
  return typeof v === 'string' ? v : undefined;
}

function list(flags: RawFlags, key: string): string[] {
  const v = flags[key];
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : [];
}

/** Parses "ip:port" (IPv6 in brackets) for listeners. */
function parseBind(text: string): { host: string; port: number } | null {
  const parsed = parsePeerTarget(text, 0);
  if (!parsed.ok || parsed.target.kind !== 'addr' || parsed.target.addr.port === 0) return null;
  const addr = parsed.target.addr;
  if (addr.network !== 'ipv4' && addr.network !== 'ipv6') return null;
  const host = text.startsWith('[') ? text.slice(1, text.indexOf(']')) : text.slice(0, text.lastIndexOf(':'));
  return { host, port: addr.port };
}

/** Validates every flag; never throws. */
export function parseCliFlags(flags: RawFlags): CliParseResult {
  const networkText = str(flags, 'network') ?? 'bitcoin';
  if (!isNetworkName(networkText)) return fail('network', `"${networkText}" is not a network (accepted: ${NETWORK_NAMES.join(', ')})`);
  const params = networkParams(networkText);

  const targets = (flag: string, key: string): string[] | CliParseResult => {
    const out: string[] = [];
    for (const text of list(flags, key)) {
      const parsed = parsePeerTarget(text, params.defaultPort);
      if (!parsed.ok) return fail(flag, `"${text}" is not a valid address (${parsed.reason}; expected host[:port])`);
      out.push(text.trim());
    }
    return out;
  };
  const connect = targets('connect', 'connect');
  if (!Array.isArray(connect)) return connect;
  const addnode = targets('addnode', 'addnode');
  if (!Array.isArray(addnode)) return addnode;

  let proxy: ProxyConfig | null = null;
  const proxyText = str(flags, 'proxy');
  const user = str(flags, 'proxyUser');
  const pass = str(flags, 'proxyPass');
  if (proxyText !== undefined) {
    const parsed = parsePeerTarget(proxyText, 9050);
    if (!parsed.ok || !/:\d+$/.test(proxyText.trim())) return fail('proxy', `"${proxyText}" is not a valid proxy address (expected host:port, e.g. 127.0.0.1:9050)`);
    const host = parsed.target.kind === 'addr'
      ? (proxyText.trim().startsWith('[') ? proxyText.trim().slice(1, proxyText.indexOf(']')) : proxyText.trim().slice(0, proxyText.trim().lastIndexOf(':')))
      : parsed.target.host;
    const port = parsed.target.kind === 'addr' ? parsed.target.addr.port : parsed.target.port;
    if ((user === undefined) !== (pass === undefined)) return fail(user === undefined ? 'proxy-user' : 'proxy-pass', 'give both --proxy-user and --proxy-pass');
    if (user !== undefined && (user.length === 0 || user.length > 255)) return fail('proxy-user', 'must be 1-255 characters (RFC 1929)');
    if (pass !== undefined && (pass.length === 0 || pass.length > 255)) return fail('proxy-pass', 'must be 1-255 characters (RFC 1929)');
    proxy = { host, port, ...(user !== undefined ? { user } : {}), ...(pass !== undefined ? { password: pass } : {}) };
  } else if (user !== undefined || pass !== undefined) {
    return fail(user !== undefined ? 'proxy-user' : 'proxy-pass', 'needs --proxy <host:port>');
  }

  let maxOutbound: number | null = null;
  const maxText = str(flags, 'maxOutbound');
  if (maxText !== undefined) {
    if (!/^\d+$/.test(maxText.trim()) || Number(maxText) > MAX_OUTBOUND_LIMIT) return fail('max-outbound', `"${maxText}" is not a number from 0 to ${MAX_OUTBOUND_LIMIT}`);
    maxOutbound = Number(maxText);
  }

  const dnsSeedList = list(flags, 'dnsSeed');
  for (const name of dnsSeedList) {
    const parsed = parsePeerTarget(name, params.defaultPort);
    if (!parsed.ok || parsed.target.kind !== 'name' || name.includes(':')) return fail('dns-seed', `"${name}" is not a valid host name`);
  }

  let dnsServer: string | null = null;
  const dnsServerText = str(flags, 'dnsServer');
  if (dnsServerText !== undefined) {
    dnsServer = dnsServerSpec(dnsServerText);
    if (dnsServer === null) return fail('dns-server', `"${dnsServerText}" is not an IP address with an optional port (e.g. 127.0.0.1:5353)`);
  }

  const bind = (flag: string, key: string): { host: string; port: number } | null | CliParseResult => {
    const text = str(flags, key);
    if (text === undefined) return null;
    const parsed = parseBind(text);
    return parsed ?? fail(flag, `"${text}" is not an ip:port to listen on (e.g. 127.0.0.1:8332)`);
  };
  const rpcBind = bind('rpc-bind', 'rpcBind');
  if (rpcBind !== null && 'ok' in rpcBind) return rpcBind;
  const metrics = bind('metrics', 'metrics');
  if (metrics !== null && 'ok' in metrics) return metrics;

  let services = DEFAULT_REQUIRED_SERVICES;
  const servicesText = str(flags, 'services');
  if (servicesText !== undefined) {
    const parsed = parseServices(servicesText);
    if (!parsed.ok) return fail('services', parsed.reason);
    services = parsed.value;
  }

  const datadir = str(flags, 'datadir');
  if (datadir !== undefined && datadir.trim() === '') return fail('datadir', 'must not be empty');
  const logFile = str(flags, 'logFile');
  if (logFile !== undefined && logFile.trim() === '') return fail('log-file', 'must not be empty');

  let seed = 1;
  const seedText = str(flags, 'seed');
  if (seedText !== undefined) {
    if (!/^\d{1,10}$/.test(seedText.trim()) || Number(seedText) > 0xffff_ffff) return fail('seed', `"${seedText}" is not a number from 0 to 4294967295`);
    seed = Number(seedText);
  }
  const simulate = flags['simulate'] === true;
  if (seedText !== undefined && !simulate) return fail('seed', 'only applies with --simulate');

  return {
    ok: true,
    options: {
      network: networkText,
      connect,
      addnode,
      proxy,
      allowV1Fallback: flags['allowV1Fallback'] === true,
      v2: flags['v2'] !== false,
      maxOutbound,
      dnsSeeds: flags['dnsSeeds'] !== false,
      dnsSeedList: dnsSeedList.length > 0 ? dnsSeedList : null,
      dnsServer,
      rpcBind,
      rpcUser: str(flags, 'rpcUser') ?? null,
      rpcPassword: str(flags, 'rpcPassword') ?? null,
      metrics,
      services,
      datadir: datadir ?? null,
      json: flags['json'] === true,
      logFile: logFile ?? null,
      simulate,
      seed,
    },
  };
}
