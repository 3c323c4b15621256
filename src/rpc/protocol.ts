import type { ClientEventType, ClientEventType__Output } from './generated/gatewayworker/v1/ClientEventType';
import type { CloseReason__Output as WireCloseReason } from './generated/gatewayworker/v1/CloseReason';

/**
 * The names both ends of a worker stream agree on, defined once: the protocol version, the close
 * reasons and the client event types, each with the name users and routers see.
 */

/** The worker-stream protocol version (WorkerHello / GatewayWelcome.protocol_version); this proto is version 1. */
export const PROTOCOL_VERSION = 1;

/**
 * Why a Gateway refuses a worker's hello, or undefined when it can serve it. 0 (unset, as from a
 * hand-written client) means version 1; a newer version may change what the stream carries.
 */
export function protocolVersionProblem(version: number | undefined): string | undefined {
  const spoken = version || 1;
  if (spoken === PROTOCOL_VERSION) return undefined;
  return `the worker speaks stream protocol version ${spoken}; this Gateway speaks version ${PROTOCOL_VERSION}`;
}

/** Why a client went away, as onClose receives it. */
export type CloseReason =
  'client' | 'kicked' | 'heartbeat-timeout' | 'gateway-shutdown' | 'no-worker' | 'protocol-error' | 'unknown';

const CLOSE_REASONS: Record<WireCloseReason, CloseReason> = {
  CLOSE_REASON_UNSPECIFIED: 'unknown',
  CLOSE_REASON_CLIENT: 'client',
  CLOSE_REASON_KICKED: 'kicked',
  CLOSE_REASON_HEARTBEAT_TIMEOUT: 'heartbeat-timeout',
  CLOSE_REASON_GATEWAY_SHUTDOWN: 'gateway-shutdown',
  CLOSE_REASON_NO_WORKER: 'no-worker',
  CLOSE_REASON_PROTOCOL_ERROR: 'protocol-error',
};

const WIRE_CLOSE_REASONS = new Map(
  Object.entries(CLOSE_REASONS).map(([wire, name]) => [name, wire as WireCloseReason]),
);

/** The close reason a worker hands to onClose; an unknown (newer) one is 'unknown'. */
export function closeReasonName(wire: WireCloseReason | undefined): CloseReason {
  return CLOSE_REASONS[wire ?? 'CLOSE_REASON_UNSPECIFIED'] ?? 'unknown';
}

/** The wire value of a close reason the Gateway sends. */
export function wireCloseReason(name: Exclude<CloseReason, 'unknown'>): WireCloseReason {
  return WIRE_CLOSE_REASONS.get(name) ?? 'CLOSE_REASON_UNSPECIFIED';
}

/** The client events: how routers name them, and the handler a worker runs for each. */
export type ClientEventName = 'connect' | 'websocket-connect' | 'message' | 'close';

const CLIENT_EVENTS: Record<
  Exclude<ClientEventType__Output, 'CLIENT_EVENT_TYPE_UNSPECIFIED'>,
  { name: ClientEventName; handler: string }
> = {
  CLIENT_EVENT_TYPE_CONNECT: { name: 'connect', handler: 'onConnect' },
  CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT: { name: 'websocket-connect', handler: 'onWebSocketConnect' },
  CLIENT_EVENT_TYPE_MESSAGE: { name: 'message', handler: 'onMessage' },
  CLIENT_EVENT_TYPE_CLOSE: { name: 'close', handler: 'onClose' },
};

/** The event's name for routers ('message' for a type this build does not know). */
export function clientEventName(type: ClientEventType | undefined): ClientEventName {
  return CLIENT_EVENTS[type as keyof typeof CLIENT_EVENTS]?.name ?? 'message';
}

/** The handler that runs for the event, for log lines. */
export function handlerName(type: ClientEventType__Output | undefined): string {
  return CLIENT_EVENTS[type as keyof typeof CLIENT_EVENTS]?.handler ?? 'handler';
}
