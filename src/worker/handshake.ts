import type { WebSocketHandshake__Output } from '../rpc/generated/gatewayworker/v1/WebSocketHandshake';
import type { WebSocketHandshake } from './events';

/** Turns the handshake as sent on the wire into the object onWebSocketConnect receives. */
export function readHandshake(wire: WebSocketHandshake__Output | undefined): WebSocketHandshake {
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
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return { url, path: queryStart === -1 ? url : url.slice(0, queryStart), query, headers, cookies };
}
