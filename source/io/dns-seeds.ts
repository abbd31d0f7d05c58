// DNS seed resolution (node:dns/promises Resolver): A + AAAA records → NetAddr[] on the network's
// default port, queried under Core's service-bit subdomain ("x9.<seed>") when the network's seeds
// support it. `--dns-server ip[:port]` points the resolver at a chosen server; errors become one line.
import { Resolver } from 'node:dns/promises';
import { parseHost, type NetAddr } from '../protocol/netaddr.js';
import { dnsSeedQueryName } from '../protocol/networks.js';
import type { NetworkParams } from '../protocol/params.js';

/** Core: a DNS seed lookup gets a few seconds; one retry (c-ares `tries`). */
export const DNS_TRIES = 2;

/** The answer of one seed: addresses, or an error text. */
export interface SeedAnswer {
  readonly seed: string;
  readonly addresses: readonly NetAddr[];
  readonly error?: string;
}

/** Options for resolveSeed. */
export interface ResolveSeedOptions {
  readonly params: NetworkParams;
  readonly seed: string;
  /** Required services (selects the "x<hex>." subdomain when supported). */
  readonly services: bigint;
  readonly timeoutMs: number;
  /** "ip[:port]" / "[v6]:port"; undefined means the system resolver. */
  readonly server?: string;
}

/** Normalises "--dns-server" text into c-ares server syntax; null when it is not an IP[:port]. */
export function dnsServerSpec(text: string): string | null {
  const t = text.trim();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(t);
  if (v6) {
    const host = v6[1] ?? '';
    if (parseHost(host, 53) === null) return null;
    return v6[2] !== undefined ? (validPort(v6[2]) ? `[${host}]:${v6[2]}` : null) : host;
  }
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(t);
  if (v4) {
    const host = v4[1] ?? '';
    if (parseHost(host, 53)?.network !== 'ipv4') return null;
    return v4[2] !== undefined ? (validPort(v4[2]) ? `${host}:${v4[2]}` : null) : host;
  }
  if (t.includes(':') && parseHost(t, 53) !== null) return t;
  return null;
}

function validPort(text: string): boolean {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** A resolver error code as one line of text. */
export function describeDnsError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOTFOUND': return 'no such name (NXDOMAIN)';
    case 'ENODATA': return 'no addresses';
    case 'ETIMEOUT': return 'timed out';
    case 'ECONNREFUSED': return 'DNS server refused the query';
    case 'ESERVFAIL': return 'DNS server failure (SERVFAIL)';
    case 'EREFUSED': return 'query refused by the DNS server';
    default: return err instanceof Error ? err.message : String(err);
  }
}

/** Queries one seed for A and AAAA records; never rejects. */
export async function resolveSeed(options: ResolveSeedOptions): Promise<SeedAnswer> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: DNS_TRIES });
  if (options.server !== undefined) resolver.setServers([options.server]);
  const name = dnsSeedQueryName(options.params, options.seed, options.services);
  const port = options.params.defaultPort;
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses: NetAddr[] = [];
  for (const result of [v4, v6]) {
    if (result.status !== 'fulfilled') continue;
    for (const ip of result.value) {
      const addr = parseHost(ip, port);
      if (addr !== null) addresses.push(addr);
    }
  }
  if (addresses.length > 0) return { seed: options.seed, addresses };
  // Both failed or were empty: report the more telling error (NXDOMAIN/timeout over "no data").
  const errors = [v4, v6].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  const code = (e: unknown): string => (typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '');
  const best = errors.find((e) => code(e) !== 'ENODATA') ?? errors[0];
  return { seed: options.seed, addresses: [], error: best === undefined ? 'no addresses' : describeDnsError(best) };
}
