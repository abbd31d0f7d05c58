// Turns engine events into one-line, sanitized log entries for the dashboard's log and the peer
// history of the detail view. Pure.
import type { NodeEvent } from '../engine/types.js';
import { clock, formatPing } from './format.js';
import { sanitize } from './sanitize.js';

/** The log line of an event, or null for events too chatty to log (pings, saves). */
export function eventLine(e: NodeEvent): string | null {
  const peer = 'peer' in e ? `#${e.peer.id} ${sanitize(e.peer.address, 30)}` : '';
  const t = clock(e.at);
  switch (e.type) {
    case 'node-started': return `${t} started on ${e.network}, book ${e.addressBook.new}/${e.addressBook.tried}`;
    case 'dial-started': return `${t} dial ${peer} (${e.peer.kind}, ${e.peer.transport})`;
    case 'dial-failed': return `${t} dial failed ${peer}: ${sanitize(e.detail, 50)}`;
    case 'handshake-completed': return `${t} connected ${peer} ${e.peer.kind} ${e.peer.transport} ${sanitize(e.peer.userAgent, 30)} h=${e.peer.startHeight}`;
    case 'peer-disconnected': return `${t} disconnected ${peer}: ${e.reason}${e.detail ? ` (${sanitize(e.detail, 50)})` : ''}`;
    case 'addresses-received': return `${t} ${peer} sent ${e.count} addresses (${e.added} new)`;
    case 'feeler-finished': return `${t} feeler ${peer}: ${e.outcome}`;
    case 'extra-opened': return `${t} extra peer ${peer} (tip stale)`;
    case 'extra-finished': return `${t} extra ${peer}: ${e.outcome}${e.evicted !== undefined ? `, evicted #${e.evicted}` : ''}`;
    case 'v1-fallback': return `${t} ${peer} refused BIP324: retrying v1`;
    case 'tip-advanced': return `${t} tip ${e.tip.height} ${e.tip.hash.slice(0, 16)}…`;
    case 'tip-stale': return `${t} tip stale for ${Math.round(e.ageMs / 60000)} min`;
    case 'dns-seed-queried': return `${t} DNS seed ${sanitize(e.seed, 40)}${e.viaProxy ? ' via proxy' : ''}`;
    case 'dns-seed-answered': return `${t} DNS seed ${sanitize(e.seed, 40)}: ${e.error !== undefined ? sanitize(e.error, 40) : `${e.count} addresses`}`;
    case 'fixed-seeds-used': return `${t} ${sanitize(e.reason, 50)} (${e.count})`;
    case 'peer-banned': return `${t} banned ${sanitize(e.address, 40)}: ${sanitize(e.reason, 50)}`;
    case 'peer-misbehaved': return `${t} ${peer} misbehaved (${e.score}): ${sanitize(e.reason, 50)}`;
    case 'reject-received': return `${t} ${peer} rejected ${sanitize(e.message, 12)}: ${sanitize(e.reason, 50)}`;
    case 'peer-added': return `${t} added ${sanitize(e.target, 40)}`;
    case 'peer-removed': return `${t} removed ${sanitize(e.target, 40)}`;
    case 'command-rejected': return `${t} rejected ${e.command}: ${sanitize(e.reason, 60)}`;
    case 'node-stopping': return `${t} stopping…`;
    case 'ping': return null;
    case 'address-book-saved': return null;
    case 'peer-connected': return null;
  }
}

/** A line for the peer history of the detail view, or null. */
export function historyEntry(e: NodeEvent): { peerId: number; line: string } | null {
  if (!('peer' in e)) return null;
  const t = clock(e.at);
  switch (e.type) {
    case 'dial-started': return { peerId: e.peer.id, line: `${t} dial (${e.peer.kind}, ${e.peer.transport})` };
    case 'handshake-completed': return { peerId: e.peer.id, line: `${t} handshake: ${sanitize(e.peer.userAgent, 30)} v${e.peer.version}` };
    case 'peer-disconnected': return { peerId: e.peer.id, line: `${t} disconnected: ${e.reason} ${sanitize(e.detail, 50)}` };
    case 'dial-failed': return { peerId: e.peer.id, line: `${t} dial failed: ${sanitize(e.detail, 50)}` };
    case 'peer-misbehaved': return { peerId: e.peer.id, line: `${t} misbehaved → ${e.score}: ${sanitize(e.reason, 50)}` };
    case 'reject-received': return { peerId: e.peer.id, line: `${t} reject ${sanitize(e.message, 12)} (0x${e.code.toString(16)}): ${sanitize(e.reason, 50)}` };
    case 'v1-fallback': return { peerId: e.peer.id, line: `${t} BIP324 refused, retrying v1` };
    case 'ping': return { peerId: e.peer.id, line: `${t} ping ${formatPing(e.pingMs)}` };
    default: return null;
  }
}
