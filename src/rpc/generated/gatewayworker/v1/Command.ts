// Original file: proto/gatewayworker/v1/commands.proto

import type { SendCommand as _gatewayworker_v1_SendCommand, SendCommand__Output as _gatewayworker_v1_SendCommand__Output } from '../../gatewayworker/v1/SendCommand';
import type { BroadcastCommand as _gatewayworker_v1_BroadcastCommand, BroadcastCommand__Output as _gatewayworker_v1_BroadcastCommand__Output } from '../../gatewayworker/v1/BroadcastCommand';
import type { CloseCommand as _gatewayworker_v1_CloseCommand, CloseCommand__Output as _gatewayworker_v1_CloseCommand__Output } from '../../gatewayworker/v1/CloseCommand';
import type { SessionCommand as _gatewayworker_v1_SessionCommand, SessionCommand__Output as _gatewayworker_v1_SessionCommand__Output } from '../../gatewayworker/v1/SessionCommand';
import type { IsOnlineQuery as _gatewayworker_v1_IsOnlineQuery, IsOnlineQuery__Output as _gatewayworker_v1_IsOnlineQuery__Output } from '../../gatewayworker/v1/IsOnlineQuery';
import type { ClientCountQuery as _gatewayworker_v1_ClientCountQuery, ClientCountQuery__Output as _gatewayworker_v1_ClientCountQuery__Output } from '../../gatewayworker/v1/ClientCountQuery';
import type { GetSessionQuery as _gatewayworker_v1_GetSessionQuery, GetSessionQuery__Output as _gatewayworker_v1_GetSessionQuery__Output } from '../../gatewayworker/v1/GetSessionQuery';

export interface Command {
  'request_id'?: (number);
  'send'?: (_gatewayworker_v1_SendCommand | null);
  'broadcast'?: (_gatewayworker_v1_BroadcastCommand | null);
  'close'?: (_gatewayworker_v1_CloseCommand | null);
  'session'?: (_gatewayworker_v1_SessionCommand | null);
  'is_online'?: (_gatewayworker_v1_IsOnlineQuery | null);
  'client_count'?: (_gatewayworker_v1_ClientCountQuery | null);
  'get_session'?: (_gatewayworker_v1_GetSessionQuery | null);
  'kind'?: "send"|"broadcast"|"close"|"session"|"is_online"|"client_count"|"get_session";
}

export interface Command__Output {
  'request_id'?: (number);
  'send'?: (_gatewayworker_v1_SendCommand__Output);
  'broadcast'?: (_gatewayworker_v1_BroadcastCommand__Output);
  'close'?: (_gatewayworker_v1_CloseCommand__Output);
  'session'?: (_gatewayworker_v1_SessionCommand__Output);
  'is_online'?: (_gatewayworker_v1_IsOnlineQuery__Output);
  'client_count'?: (_gatewayworker_v1_ClientCountQuery__Output);
  'get_session'?: (_gatewayworker_v1_GetSessionQuery__Output);
  'kind'?: "send"|"broadcast"|"close"|"session"|"is_online"|"client_count"|"get_session";
}
