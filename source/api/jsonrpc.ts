// JSON-RPC over HTTP as Bitcoin Core speaks it (src/httprpc.cpp, src/rpc/request.cpp): a body is one
// request or a batch array; "jsonrpc":"2.0" requests get 2.0 replies with HTTP 200 (notifications get
// nothing), legacy 1.0 requests get {result,error,id} with Core's HTTP status for errors (404 method
// not found, 400 invalid request, 500 otherwise). Pure: text in, {status, body} out, never throws.
import type { JsonValue, NodeController } from '../engine/types.js';
import { RPC_ERROR, RpcError } from './errors.js';
import { callMethod } from './methods.js';

/** An HTTP reply for the server to write. */
export interface RpcReply {
  readonly status: number;
  /** JSON text, or null for "204 No Content". */
  readonly body: string | null;
  /** Methods that asked the node to stop (the server stops after replying). */
  readonly stop: boolean;
}

interface One {
  readonly reply: Record<string, JsonValue> | null;
  readonly status: number;
  readonly stop: boolean;
}

function errorObject(err: unknown): { code: number; message: string } {
  if (err instanceof RpcError) return { code: err.code, message: err.message };
  return { code: RPC_ERROR.INTERNAL_ERROR, message: `Internal error: ${err instanceof Error ? err.message : String(err)}` };
}

function httpStatusFor(code: number): number {
  if (code === RPC_ERROR.METHOD_NOT_FOUND) return 404;
  if (code === RPC_ERROR.INVALID_REQUEST || code === RPC_ERROR.PARSE_ERROR) return 400;
  return 500;
}

async function handleOne(req: unknown, node: NodeController): Promise<One> {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    return { reply: { result: null, error: { code: RPC_ERROR.INVALID_REQUEST, message: 'Invalid Request object' }, id: null }, status: 400, stop: false };
  }
  const r = req as Record<string, unknown>;
  const v2 = r['jsonrpc'] === '2.0';
  const hasId = Object.hasOwn(r, 'id');
  const id = (hasId ? r['id'] : null) as JsonValue;
  const method = r['method'];
  const wrap = (result: JsonValue, error: { code: number; message: string } | null, status: number, stop = false): One => {
    if (v2 && !hasId) return { reply: null, status: 204, stop };
    if (v2) return { reply: error === null ? { jsonrpc: '2.0', result, id } : { jsonrpc: '2.0', error, id }, status: 200, stop };
    return { reply: { result: error === null ? result : null, error, id }, status: error === null ? 200 : status, stop };
  };
  if (typeof method !== 'string') return wrap(null, { code: RPC_ERROR.INVALID_REQUEST, message: 'Method must be a string' }, 400);
  try {
    const result = await callMethod(node, method, r['params']);
    return wrap(result, null, 200, method === 'stop');
  } catch (err) {
    const e = errorObject(err);
    return wrap(null, e, httpStatusFor(e.code));
  }
}

/** Handles one HTTP body of JSON-RPC. */
export async function handleRpcBody(text: string, node: NodeController): Promise<RpcReply> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 500, body: JSON.stringify({ result: null, error: { code: RPC_ERROR.PARSE_ERROR, message: 'Parse error' }, id: null }), stop: false };
  }
  if (Array.isArray(parsed)) {
    const replies: Record<string, JsonValue>[] = [];
    let stop = false;
    for (const req of parsed.slice(0, 1000)) {
      const one = await handleOne(req, node);
      if (one.reply !== null) replies.push(one.reply);
      stop ||= one.stop;
    }
    return { status: 200, body: JSON.stringify(replies), stop };
  }
  const one = await handleOne(parsed, node);
  return { status: one.status, body: one.reply === null ? null : JSON.stringify(one.reply), stop: one.stop };
}
