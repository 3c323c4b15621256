import { isIPv4 } from 'node:net';
import { GatewayWorkerError } from './errors';

/**
 * Client ids are self-routing, as in PHP GatewayWorker: 20 lowercase hex characters encoding
 *   8 hex: the Gateway's inner IPv4 address, 4 hex: its inner port, 8 hex: the connection id.
 * Example: 127.0.0.1, port 2300, connection 1 -> "7f00000108fc00000001".
 * Whoever holds a client id and the Gateway list knows which Gateway owns the client.
 */
export type ClientId = string;

export interface DecodedClientId {
  /** The owning Gateway's inner address, "ipv4:port", as listed by the Register. */
  gatewayAddress: string;
  connectionId: number;
}

const CLIENT_ID_PATTERN = /^[0-9a-f]{20}$/;

export function encodeClientId(gatewayAddress: string, connectionId: number): ClientId {
  const { host, port } = splitGatewayAddress(gatewayAddress);
  const ipHex = host
    .split('.')
    .map((part) => Number(part).toString(16).padStart(2, '0'))
    .join('');
  return ipHex + port.toString(16).padStart(4, '0') + (connectionId >>> 0).toString(16).padStart(8, '0');
}

export function decodeClientId(clientId: unknown): DecodedClientId {
  return { ...routeOfClientId(clientId) };
}

/** Ids decoded lately: a worker decodes the same ids again and again (every send to a client). */
const recentlyDecoded = new Map<string, Readonly<DecodedClientId>>();
const MAX_RECENTLY_DECODED = 16_384;

/**
 * decodeClientId for the hot paths of the API: the same (frozen) object for the same id while it
 * is remembered, and the same gatewayAddress string, so that looking its link up stays cheap.
 */
export function routeOfClientId(clientId: unknown): Readonly<DecodedClientId> {
  if (typeof clientId === 'string') {
    const known = recentlyDecoded.get(clientId);
    if (known) return known;
  }
  if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_CLIENT_ID',
      `client id ${JSON.stringify(clientId)} is invalid: expected 20 lowercase hex characters`,
    );
  }
  const ip = [0, 2, 4, 6].map((i) => parseInt(clientId.slice(i, i + 2), 16)).join('.');
  const port = parseInt(clientId.slice(8, 12), 16);
  const connectionId = parseInt(clientId.slice(12, 20), 16);
  const route = Object.freeze({ gatewayAddress: `${ip}:${port}`, connectionId });
  // Forgetting everything at once keeps this bounded without bookkeeping; ids are decoded again.
  if (recentlyDecoded.size >= MAX_RECENTLY_DECODED) recentlyDecoded.clear();
  recentlyDecoded.set(clientId, route);
  return route;
}

export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

/** Splits "ipv4:port"; throws GW_ERR_INVALID_OPTION for anything else (client ids need IPv4). */
export function splitGatewayAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !isIPv4(host) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `gateway address ${JSON.stringify(address)} must be "ipv4:port" (client ids encode an IPv4 address)`,
    );
  }
  return { host, port };
}
