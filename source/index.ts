// The library entry point (`import { createNode } from 'canopy'`): the real-network node and the
// types a program embedding it needs (commands, events, snapshots), plus the NDJSON event encoder.
export { createNode } from './io/node.js';
export type { NodeOptions } from './io/node.js';
export type { RunningNode } from './io/controller.js';
export type { ProxyConfig } from './io/socks-dialer.js';
export { eventToJson, eventToJsonLine } from './engine/event-json.js';
export type {
  Command, CommandResult, CommandRejection, ConnectionKind, DisconnectReason, DialFailureReason, NodeController, NodeEvent,
  NodeEventType, PeerId, PeerRef, PeerState, PeerView, Snapshot, TipView, ActivityEntry, DiscoveryEntry, AddedPeerView, BanView,
} from './engine/types.js';
export type { NetworkName } from './protocol/params.js';
