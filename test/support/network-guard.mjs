// Network guard, preloaded into every test process (and every child it spawns, via NODE_OPTIONS):
// any TCP connect, UDP send, DNS server or name lookup outside 127.0.0.0/8 and ::1 throws loudly.
// These machines may only send traffic to loopback; a mistake must fail a test, never leave the box.
import net from 'node:net';
import dgram from 'node:dgram';
import dns from 'node:dns';
import dnsPromises from 'node:dns/promises';

const LOCAL_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost']);

/** True for an IP literal on loopback (127.0.0.0/8, ::1, ::ffff:127.x.y.z). */
export function isLoopback(host) {
  if (typeof host !== 'string') return false;
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.startsWith('::ffff:')) h = h.slice(7);
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

function refuse(what, target) {
  const err = new Error(`network guard: refused ${what} to ${target} (tests may only reach 127.0.0.0/8 and ::1)`);
  err.code = 'ENETGUARD';
  throw err;
}

const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let opts = args[0];
  if (Array.isArray(opts)) opts = opts[0];
  if (typeof opts !== 'object' || opts === null) {
    opts = typeof args[0] === 'string' && Number.isNaN(Number(args[0])) ? { path: args[0] } : { port: args[0], host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  }
  if (!opts.path) {
    const host = opts.host ?? 'localhost';
    if (!isLoopback(host) && !LOCAL_NAMES.has(String(host).toLowerCase())) refuse('TCP connect', `${host}:${opts.port}`);
  }
  return origConnect.apply(this, args);
};

const origSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  // send(msg, [offset, length,] port, [address], [callback])
  const rest = args.slice(1).filter((a) => typeof a !== 'function');
  let address;
  if (rest.length === 1 || rest.length === 3) address = undefined;
  else address = rest.length === 2 ? rest[1] : rest[3];
  if (address !== undefined && !isLoopback(address) && !LOCAL_NAMES.has(String(address))) refuse('UDP send', address);
  return origSend.apply(this, args);
};

function checkServers(servers) {
  for (const s of servers) {
    const host = s.startsWith('[') ? s.slice(1, s.indexOf(']')) : s.split(':').length === 2 ? s.split(':')[0] : s;
    if (!isLoopback(host)) refuse('DNS server', s);
  }
}
for (const R of [dns.Resolver, dnsPromises.Resolver]) {
  const origSet = R.prototype.setServers;
  R.prototype.setServers = function guardedSetServers(servers) {
    checkServers(servers);
    return origSet.call(this, servers);
  };
  for (const m of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'resolveCaa', 'reverse']) {
    const orig = R.prototype[m];
    if (typeof orig !== 'function') continue;
    R.prototype[m] = function guardedResolve(...a) {
      checkServers(this.getServers());
      return orig.apply(this, a);
    };
  }
}
for (const mod of [dns, dnsPromises]) {
  mod.setServers = (servers) => refuse('global DNS server change', servers.join(','));
  for (const m of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'reverse']) {
    mod[m] = (...a) => refuse('system resolver query', String(a[0]));
  }
  const origLookup = mod.lookup;
  mod.lookup = function guardedLookup(host, ...rest) {
    if (!isLoopback(host) && !LOCAL_NAMES.has(String(host).toLowerCase()) && !net.isIP(String(host)))
      refuse('system name lookup', host);
    if (net.isIP(String(host)) && !isLoopback(host)) refuse('lookup of', host);
    return origLookup.call(this, host, ...rest);
  };
}
