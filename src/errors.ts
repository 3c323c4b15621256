/**
 * One error class for the whole library. Callers branch on `code`, never on the message.
 * Every code is listed in ERROR_CODES with a one-line meaning; README's "Error codes" section
 * lists the same codes (test/unit/errors.test.ts checks both directions).
 */
export const ERROR_CODES = {
  GW_ERR_INVALID_OPTION: 'An option passed to a constructor is missing, out of range or unknown.',
  GW_ERR_INVALID_EVENTS: 'The Events object has an unknown on* name or a handler that is not a function.',
  GW_ERR_INVALID_CLIENT_ID: 'A client id is not 20 lowercase hex characters.',
  GW_ERR_WRONG_GATEWAY: 'A unary call on a Gateway named a client of another Gateway.',
  GW_ERR_INVALID_ARGUMENT: 'An API argument has the wrong type (message, session, list).',
  GW_ERR_REGISTER_UNAVAILABLE: 'No Register answered within the connect timeout (GatewayClient).',
  GW_ERR_GATEWAY_UNAVAILABLE: 'A query needed a Gateway that is listed but not connected.',
  GW_ERR_GATEWAY_TIMEOUT: 'A Gateway did not answer a query within the deadline.',
  GW_ERR_QUERY_FAILED: 'A Gateway answered a query with an error.',
  GW_ERR_STOPPED: 'The role was stopped, or not started, when the call was made.',
  GW_ERR_PROTOCOL: 'A peer sent a stream message that breaks the protocol.',
  GW_ERR_UNAUTHENTICATED:
    'A Register or Gateway refused the call: missing or wrong secretKey (or no valid client certificate).',
  GW_ERR_INVALID_REQUEST:
    'The HTTP API refused a request before running it: not JSON, an unknown or mistyped field, an unknown operation, a wrong method or content type, a body too large.',
  GW_ERR_INTERNAL: 'An unexpected failure inside the library (a bug); the process logs it with its stack.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class GatewayWorkerError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayWorkerError';
    this.code = code;
  }
}
