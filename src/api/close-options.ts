import { GatewayWorkerError } from '../errors';

/** How closeClient closes a WebSocket client: the close frame's code and reason. */
export interface CloseOptions {
  /** 1000, or an application code 3000-4999 (e.g. 4001 for a bad token). @default 1000 */
  code?: number;
  /** At most 123 bytes of UTF-8. @default 'closed by the server' */
  reason?: string;
}

/** Checks CloseOptions; the wire fields (0 and '' mean the Gateway's defaults). */
export function toCloseFrame(options: CloseOptions | undefined): { code: number; reason: string } {
  const { code = 0, reason = '' } = options ?? {};
  if (code !== 0 && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999))
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_ARGUMENT',
      `a close code must be 1000 or 3000-4999, got ${String(code)}`,
    );
  if (typeof reason !== 'string' || Buffer.byteLength(reason) > 123)
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_ARGUMENT',
      'a close reason must be a string of at most 123 bytes of UTF-8',
    );
  return { code, reason };
}
