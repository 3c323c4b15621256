import type { ClientInfo__Output } from '../rpc/generated/gatewayworker/v1/ClientInfo';
import type { WebSocketHandshake__Output } from '../rpc/generated/gatewayworker/v1/WebSocketHandshake';
import type { WebSocketHandshake } from './events';

/** Turns the handshake as sent on the wire into the object onWebSocketConnect receives. */
export function readHandshake(
  wire: WebSocketHandshake__Output | undefined,
  client: ClientInfo__Output | undefined,
): WebSocketHandshake {
  const url = wire?.url ?? '/';
  const headers: Record<string, string> = {};
  for (const { name = '', value = '' } of wire?.headers ?? []) {
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const queryStart = url.indexOf('?');
  const query: Record<string, string> = {};
  if (queryStart !== -1) {
    for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) query[key] = value;
  }
  const cookies: Record<string, string> = {};
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw.replace(/\+/g, ' ')); // PHP's urldecode: '+' is a space
    } catch {
      cookies[name] = raw;
    }
  }
  const server = phpServer(url, queryStart, wire?.headers ?? [], headers, client);
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  return { url, path, query, headers, cookies, get: query, cookie: cookies, server };
}

/**
 * PHP's `$data['server']` (GatewayWorker 4 on Workerman 5) for the same request. SERVER_NAME is
 * `$request->host(false)` there: the whole Host header, port included; CONTENT_TYPE is set only
 * when the request has one (PHP: null).
 */
function phpServer(
  url: string,
  queryStart: number,
  list: ReadonlyArray<{ name?: string; value?: string }>,
  headers: Record<string, string>,
  client: ClientInfo__Output | undefined,
): Record<string, string> {
  const host = headers.host ?? '';
  const server: Record<string, string> = {
    QUERY_STRING: queryStart === -1 ? '' : url.slice(queryStart + 1),
    REQUEST_METHOD: 'GET',
    REQUEST_URI: url,
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_NAME: host,
    SERVER_PORT: String(client?.gateway_port ?? ''),
    REMOTE_ADDR: client?.remote_address ?? '',
    REMOTE_PORT: String(client?.remote_port ?? ''),
  };
  if (headers['content-type'] !== undefined) server.CONTENT_TYPE = headers['content-type'];
  // Workerman joins a repeated header with "," (no space), unlike `headers`.
  for (const { name = '', value = '' } of list) {
    const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
    server[key] = server[key] === undefined ? value : `${server[key]},${value}`;
  }
  return server;
}
