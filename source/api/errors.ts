// Bitcoin Core's JSON-RPC error codes (src/rpc/protocol.h), as values the server maps to replies.

/** Core's RPC error codes used by Canopy. */
export const RPC_ERROR = {
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  PARSE_ERROR: -32700,
  MISC_ERROR: -1,
  TYPE_ERROR: -3,
  INVALID_PARAMETER: -8,
  CLIENT_NODE_ALREADY_ADDED: -23,
  CLIENT_NODE_NOT_ADDED: -24,
  CLIENT_NODE_NOT_CONNECTED: -29,
  CLIENT_INVALID_IP_OR_SUBNET: -30,
} as const;

/** A JSON-RPC error with Core's code. */
export class RpcError extends Error {
  /** Creates an error with a Core error code. */
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'RpcError';
  }
}
