// Commands from the keyboard, the control API and library users — one path for all of them. A bad
// command (unparsable address, unknown id, duplicate) is rejected with a stable code and a clear
// reason and changes nothing. Pure.
import type { Millis } from '../shared/time.js';
import { formatHost, formatTarget, parsePeerTarget, type PeerTarget } from '../protocol/netaddr.js';
import type { EngineCore } from './core.js';
import type { Peer } from './peer.js';
import type { Command, CommandRejection, CommandResult, DialTarget } from './types.js';
import { maintain } from './policy.js';
import { shutdown } from './lifecycle.js';

function reject(core: EngineCore, now: Millis, command: Command, code: CommandRejection, reason: string): CommandResult {
  core.emit(now, { type: 'command-rejected', command: command.type, code, reason });
  return { ok: false, code, reason };
}

function dialTarget(target: PeerTarget): DialTarget {
  return target.kind === 'addr' ? { kind: 'addr', addr: target.addr } : { kind: 'name', host: target.host, port: target.port };
}

function findPeer(core: EngineCore, command: { peerId?: number; address?: string }): Peer | null {
  if (command.peerId !== undefined) return core.peers.get(command.peerId) ?? null;
  if (command.address !== undefined) {
    const parsed = parsePeerTarget(command.address, core.params.defaultPort);
    const key = parsed.ok ? formatTarget(parsed.target) : command.address.trim();
    for (const p of core.peers.values()) if (p.address === key || p.address === command.address.trim()) return p;
  }
  return null;
}

/** Runs a command and returns its result (events and effects go to core.out). */
export function runCommand(core: EngineCore, command: Command, now: Millis): CommandResult {
  if (core.shuttingDown) return reject(core, now, command, 'shutting-down', 'the node is shutting down');
  switch (command.type) {
    case 'add-peer':
    case 'onetry': {
      const parsed = parsePeerTarget(command.target, core.params.defaultPort);
      if (!parsed.ok) return reject(core, now, command, 'invalid-address', `"${command.target}": ${parsed.reason}`);
      const key = formatTarget(parsed.target);
      if (core.added.has(key)) return reject(core, now, command, 'peer-already-exists', `${key} is already an added peer`);
      if (core.isBusy(key)) return reject(core, now, command, 'peer-already-exists', `peer already exists: ${key} is connected or being dialled`);
      if (command.type === 'onetry') {
        const peer = core.dial(now, 'manual', dialTarget(parsed.target));
        return { ok: true, message: `connecting to ${key} once`, peerId: peer.id };
      }
      if (core.added.size >= core.config.maxAddedPeers) return reject(core, now, command, 'invalid-argument', `at most ${core.config.maxAddedPeers} added peers`);
      core.added.set(key, { key, target: parsed.target, fixed: false, peerId: null, attempts: 0, nextAttemptAt: now });
      core.emit(now, { type: 'peer-added', target: key });
      maintain(core, now);
      const entry = core.added.get(key);
      return { ok: true, message: `added ${key}`, ...(entry?.peerId != null ? { peerId: entry.peerId } : {}) };
    }
    case 'remove-peer': {
      const parsed = parsePeerTarget(command.target, core.params.defaultPort);
      const key = parsed.ok ? formatTarget(parsed.target) : command.target.trim();
      const entry = core.added.get(key);
      if (entry === undefined) return reject(core, now, command, 'not-added', `${key} is not an added peer`);
      core.added.delete(key);
      const peer = entry.peerId !== null ? core.peers.get(entry.peerId) : undefined;
      if (peer !== undefined) core.disconnect(peer, 'user-dropped', 'removed from the added peers', now);
      core.emit(now, { type: 'peer-removed', target: key });
      return { ok: true, message: `removed ${key}` };
    }
    case 'drop-peer': {
      const peer = findPeer(core, command);
      if (peer === null) {
        const what = command.peerId !== undefined ? `peer id ${command.peerId}` : `address ${command.address ?? '(none)'}`;
        return reject(core, now, command, 'unknown-peer', `no connected peer with ${what}`);
      }
      if (peer.addedKey !== null && core.added.delete(peer.addedKey)) core.emit(now, { type: 'peer-removed', target: peer.addedKey });
      let note = '';
      if (command.ban === true) {
        if (peer.kind === 'manual') note = ' (manual peers are never banned)';
        else if (peer.addr !== null) {
          const host = peer.address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
          const until = now + core.config.banDurationMs;
          if (core.book.ban(host, until, 'banned by the operator', now)) {
            core.bookDirty = true;
            core.emit(now, { type: 'peer-banned', address: host, until, reason: 'banned by the operator' });
          }
        }
      }
      core.disconnect(peer, command.ban === true && note === '' ? 'banned' : 'user-dropped', `dropped by the operator${note}`, now);
      return { ok: true, message: `dropped peer ${peer.id} (${peer.address})${note}`, peerId: peer.id };
    }
    case 'ban': {
      const until = command.absolute === true ? (command.durationMs ?? 0) : now + (command.durationMs ?? core.config.banDurationMs);
      if (until <= now) return reject(core, now, command, 'invalid-argument', 'the ban would already be over');
      if (!core.book.ban(command.subnet, until, 'manually added', now)) return reject(core, now, command, 'invalid-subnet', `"${command.subnet}" is not an IP address or subnet`);
      core.bookDirty = true;
      core.emit(now, { type: 'peer-banned', address: command.subnet, until, reason: 'manually added' });
      for (const p of [...core.peers.values()]) {
        if (p.kind !== 'manual' && p.addr !== null && core.book.isBanned(p.addr, now)) core.disconnect(p, 'banned', `${command.subnet} banned`, now);
      }
      return { ok: true, message: `banned ${command.subnet} until ${new Date(until).toISOString()}` };
    }
    case 'unban':
      if (!core.book.unban(command.subnet)) return reject(core, now, command, 'not-banned', `${command.subnet} is not banned`);
      core.bookDirty = true;
      return { ok: true, message: `unbanned ${command.subnet}` };
    case 'clear-bans':
      core.book.clearBans();
      core.bookDirty = true;
      return { ok: true, message: 'all bans cleared' };
    case 'set-outbound-target':
      if (!Number.isInteger(command.target) || command.target < 0 || command.target > 64) {
        return reject(core, now, command, 'invalid-argument', `outbound target must be an integer from 0 to 64, got ${command.target}`);
      }
      core.maxOutbound = command.target;
      maintain(core, now);
      return { ok: true, message: `regular outbound target set to ${command.target}` };
    case 'get-node-addresses': {
      const count = command.count === 0 ? core.book.size() : command.count;
      if (!Number.isInteger(count) || count < 0) return reject(core, now, command, 'invalid-argument', 'count must be a non-negative integer');
      const data = core.book.sample(count, command.network).map((e) => ({
        time: e.time, services: Number(e.services & 0x1f_ffff_ffff_ffffn), address: formatHost(e.addr), port: e.addr.port, network: e.addr.network,
      }));
      return { ok: true, message: `${data.length} addresses`, data };
    }
    case 'get-addrman-info': {
      const stats = core.book.stats(now);
      const data: Record<string, { new: number; tried: number; total: number }> = {};
      for (const [net, c] of Object.entries(stats.byNetwork)) data[net] = { new: c.new, tried: c.tried, total: c.new + c.tried };
      data['all_networks'] = { new: stats.new, tried: stats.tried, total: stats.new + stats.tried };
      return { ok: true, message: 'address manager statistics', data };
    }
    case 'shutdown':
      shutdown(core, now);
      return { ok: true, message: 'shutting down' };
  }
}

/** Parses --connect/--addnode values into added-peer entries (invalid ones are skipped; the CLI validated them). */
export function parseAddedPeers(targets: readonly string[], defaultPort: number, fixed: boolean): { key: string; target: PeerTarget; fixed: boolean }[] {
  const out: { key: string; target: PeerTarget; fixed: boolean }[] = [];
  for (const text of targets) {
    const parsed = parsePeerTarget(text, defaultPort);
    if (!parsed.ok) continue;
    const key = formatTarget(parsed.target);
    if (!out.some((o) => o.key === key)) out.push({ key, target: parsed.target, fixed });
  }
  return out;
}
