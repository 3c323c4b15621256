import { GatewayWorkerError } from '../errors';
import { checkHostPort, checkOptionNames, checkPositiveInt } from '../util/validate';

/** The Register's HTTP/JSON push API (README "HTTP push API"). */
export interface HttpApiOptions {
  /** "host:port", or a bare port (number or string) for 127.0.0.1:port; port 0 picks a free port.
   * Plain HTTP: keep it on loopback or a private network, or behind a TLS proxy. */
  listen: string | number;
  /** Largest request body; a larger one gets 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** How long a client may take to send a whole request (headers and body); a slower one is
   * disconnected (slowloris). @default 10000 */
  requestTimeoutMs?: number;
  /** Open connections at most; more are closed at once. @default 1000 */
  maxConnections?: number;
}

export type ResolvedHttpApiOptions = Readonly<Required<HttpApiOptions> & { listen: string }>;

export const HTTP_API_DEFAULTS = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 10_000,
  maxConnections: 1000,
});

const HTTP_API_OPTION_NAMES: Record<keyof HttpApiOptions, true> = {
  listen: true,
  maxBodyBytes: true,
  requestTimeoutMs: true,
  maxConnections: true,
};

/** `httpApi`: undefined (off) or the options above, checked; a bare port listens on loopback. */
export function checkHttpApi(value: unknown): ResolvedHttpApiOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      '`httpApi` must be an object such as { listen: 8080 }',
    );
  checkOptionNames(value, HTTP_API_OPTION_NAMES);
  const options = { ...HTTP_API_DEFAULTS, ...(value as Partial<HttpApiOptions>) };
  return Object.freeze({
    listen: checkListen(options.listen),
    maxBodyBytes: checkPositiveInt('httpApi.maxBodyBytes', options.maxBodyBytes),
    requestTimeoutMs: checkPositiveInt('httpApi.requestTimeoutMs', options.requestTimeoutMs),
    maxConnections: checkPositiveInt('httpApi.maxConnections', options.maxConnections),
  });
}

function checkListen(listen: unknown): string {
  const port =
    (typeof listen === 'number' && Number.isInteger(listen) && listen >= 0) ||
    (typeof listen === 'string' && /^\d+$/.test(listen));
  return checkHostPort('httpApi.listen', port ? `127.0.0.1:${String(listen)}` : listen);
}
