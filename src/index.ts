/** The public surface of gatewayworker: the only module users import. */
export { Register } from './register/register';
export type { RegisterOptions } from './register/options';
export { Gateway } from './gateway/gateway';
export type { GatewayOptions } from './gateway/options';
export type { TlsFiles } from './gateway/listeners/tls-server';
export type { ClientProtocol, ListenAddress } from './gateway/options';
export { textProtocol } from './gateway/protocols/text';
export { frameProtocol } from './gateway/protocols/frame';
export type { Router, RoutableWorker, RoutableClient } from './gateway/router';
export { BusinessWorker } from './worker/business-worker';
export type { BusinessWorkerOptions } from './worker/options';
export { GatewayClient, type GatewayClientOptions } from './api/gateway-client';
export type {
  Events,
  EventContext,
  CloseReason,
  WorkerInfo,
  WebSocketHandshake,
  LostGatewayInfo,
} from './worker/events';
export type { GatewayApi, Message, SendToAllOptions, Uid, GroupId } from './api/gateway-api';
export type { ClientId } from './client-id';
export type { CloseOptions } from './api/close-options';
export { decodeClientId, encodeClientId } from './client-id';
export { GatewayWorkerError, type ErrorCode } from './errors';
export type { Logger } from './logger';
export type { SessionData, SessionChanges } from './session';
export { runCli, type CliOptions } from './cli/run-cli';
