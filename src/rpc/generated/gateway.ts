import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BindUidCommand as _gatewayworker_v1_BindUidCommand, BindUidCommand__Output as _gatewayworker_v1_BindUidCommand__Output } from './gatewayworker/v1/BindUidCommand';
import type { BroadcastCommand as _gatewayworker_v1_BroadcastCommand, BroadcastCommand__Output as _gatewayworker_v1_BroadcastCommand__Output } from './gatewayworker/v1/BroadcastCommand';
import type { ClientCountQuery as _gatewayworker_v1_ClientCountQuery, ClientCountQuery__Output as _gatewayworker_v1_ClientCountQuery__Output } from './gatewayworker/v1/ClientCountQuery';
import type { ClientEvent as _gatewayworker_v1_ClientEvent, ClientEvent__Output as _gatewayworker_v1_ClientEvent__Output } from './gatewayworker/v1/ClientEvent';
import type { ClientInfo as _gatewayworker_v1_ClientInfo, ClientInfo__Output as _gatewayworker_v1_ClientInfo__Output } from './gatewayworker/v1/ClientInfo';
import type { ClientRow as _gatewayworker_v1_ClientRow, ClientRow__Output as _gatewayworker_v1_ClientRow__Output } from './gatewayworker/v1/ClientRow';
import type { ClientRows as _gatewayworker_v1_ClientRows, ClientRows__Output as _gatewayworker_v1_ClientRows__Output } from './gatewayworker/v1/ClientRows';
import type { CloseCommand as _gatewayworker_v1_CloseCommand, CloseCommand__Output as _gatewayworker_v1_CloseCommand__Output } from './gatewayworker/v1/CloseCommand';
import type { Command as _gatewayworker_v1_Command, Command__Output as _gatewayworker_v1_Command__Output } from './gatewayworker/v1/Command';
import type { ConnectRequest as _gatewayworker_v1_ConnectRequest, ConnectRequest__Output as _gatewayworker_v1_ConnectRequest__Output } from './gatewayworker/v1/ConnectRequest';
import type { ConnectResponse as _gatewayworker_v1_ConnectResponse, ConnectResponse__Output as _gatewayworker_v1_ConnectResponse__Output } from './gatewayworker/v1/ConnectResponse';
import type { GatewayClient as _gatewayworker_v1_GatewayClient, GatewayDefinition as _gatewayworker_v1_GatewayDefinition } from './gatewayworker/v1/Gateway';
import type { GatewayWelcome as _gatewayworker_v1_GatewayWelcome, GatewayWelcome__Output as _gatewayworker_v1_GatewayWelcome__Output } from './gatewayworker/v1/GatewayWelcome';
import type { GetSessionQuery as _gatewayworker_v1_GetSessionQuery, GetSessionQuery__Output as _gatewayworker_v1_GetSessionQuery__Output } from './gatewayworker/v1/GetSessionQuery';
import type { GroupListQuery as _gatewayworker_v1_GroupListQuery, GroupListQuery__Output as _gatewayworker_v1_GroupListQuery__Output } from './gatewayworker/v1/GroupListQuery';
import type { GroupMembershipCommand as _gatewayworker_v1_GroupMembershipCommand, GroupMembershipCommand__Output as _gatewayworker_v1_GroupMembershipCommand__Output } from './gatewayworker/v1/GroupMembershipCommand';
import type { Header as _gatewayworker_v1_Header, Header__Output as _gatewayworker_v1_Header__Output } from './gatewayworker/v1/Header';
import type { IsOnlineQuery as _gatewayworker_v1_IsOnlineQuery, IsOnlineQuery__Output as _gatewayworker_v1_IsOnlineQuery__Output } from './gatewayworker/v1/IsOnlineQuery';
import type { NameList as _gatewayworker_v1_NameList, NameList__Output as _gatewayworker_v1_NameList__Output } from './gatewayworker/v1/NameList';
import type { Reply as _gatewayworker_v1_Reply, Reply__Output as _gatewayworker_v1_Reply__Output } from './gatewayworker/v1/Reply';
import type { SelectQuery as _gatewayworker_v1_SelectQuery, SelectQuery__Output as _gatewayworker_v1_SelectQuery__Output } from './gatewayworker/v1/SelectQuery';
import type { SendCommand as _gatewayworker_v1_SendCommand, SendCommand__Output as _gatewayworker_v1_SendCommand__Output } from './gatewayworker/v1/SendCommand';
import type { SendToGroupsCommand as _gatewayworker_v1_SendToGroupsCommand, SendToGroupsCommand__Output as _gatewayworker_v1_SendToGroupsCommand__Output } from './gatewayworker/v1/SendToGroupsCommand';
import type { SendToUidsCommand as _gatewayworker_v1_SendToUidsCommand, SendToUidsCommand__Output as _gatewayworker_v1_SendToUidsCommand__Output } from './gatewayworker/v1/SendToUidsCommand';
import type { SessionCommand as _gatewayworker_v1_SessionCommand, SessionCommand__Output as _gatewayworker_v1_SessionCommand__Output } from './gatewayworker/v1/SessionCommand';
import type { UnbindUidCommand as _gatewayworker_v1_UnbindUidCommand, UnbindUidCommand__Output as _gatewayworker_v1_UnbindUidCommand__Output } from './gatewayworker/v1/UnbindUidCommand';
import type { UngroupCommand as _gatewayworker_v1_UngroupCommand, UngroupCommand__Output as _gatewayworker_v1_UngroupCommand__Output } from './gatewayworker/v1/UngroupCommand';
import type { WebSocketHandshake as _gatewayworker_v1_WebSocketHandshake, WebSocketHandshake__Output as _gatewayworker_v1_WebSocketHandshake__Output } from './gatewayworker/v1/WebSocketHandshake';
import type { WorkerHello as _gatewayworker_v1_WorkerHello, WorkerHello__Output as _gatewayworker_v1_WorkerHello__Output } from './gatewayworker/v1/WorkerHello';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  gatewayworker: {
    v1: {
      BindUidCommand: MessageTypeDefinition<_gatewayworker_v1_BindUidCommand, _gatewayworker_v1_BindUidCommand__Output>
      BroadcastCommand: MessageTypeDefinition<_gatewayworker_v1_BroadcastCommand, _gatewayworker_v1_BroadcastCommand__Output>
      ClientCountQuery: MessageTypeDefinition<_gatewayworker_v1_ClientCountQuery, _gatewayworker_v1_ClientCountQuery__Output>
      ClientEvent: MessageTypeDefinition<_gatewayworker_v1_ClientEvent, _gatewayworker_v1_ClientEvent__Output>
      ClientEventType: EnumTypeDefinition
      ClientInfo: MessageTypeDefinition<_gatewayworker_v1_ClientInfo, _gatewayworker_v1_ClientInfo__Output>
      ClientRow: MessageTypeDefinition<_gatewayworker_v1_ClientRow, _gatewayworker_v1_ClientRow__Output>
      ClientRows: MessageTypeDefinition<_gatewayworker_v1_ClientRows, _gatewayworker_v1_ClientRows__Output>
      CloseCommand: MessageTypeDefinition<_gatewayworker_v1_CloseCommand, _gatewayworker_v1_CloseCommand__Output>
      CloseReason: EnumTypeDefinition
      Command: MessageTypeDefinition<_gatewayworker_v1_Command, _gatewayworker_v1_Command__Output>
      ConnectRequest: MessageTypeDefinition<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectRequest__Output>
      ConnectResponse: MessageTypeDefinition<_gatewayworker_v1_ConnectResponse, _gatewayworker_v1_ConnectResponse__Output>
      Gateway: SubtypeConstructor<typeof grpc.Client, _gatewayworker_v1_GatewayClient> & { service: _gatewayworker_v1_GatewayDefinition }
      GatewayWelcome: MessageTypeDefinition<_gatewayworker_v1_GatewayWelcome, _gatewayworker_v1_GatewayWelcome__Output>
      GetSessionQuery: MessageTypeDefinition<_gatewayworker_v1_GetSessionQuery, _gatewayworker_v1_GetSessionQuery__Output>
      GroupListQuery: MessageTypeDefinition<_gatewayworker_v1_GroupListQuery, _gatewayworker_v1_GroupListQuery__Output>
      GroupMembershipCommand: MessageTypeDefinition<_gatewayworker_v1_GroupMembershipCommand, _gatewayworker_v1_GroupMembershipCommand__Output>
      Header: MessageTypeDefinition<_gatewayworker_v1_Header, _gatewayworker_v1_Header__Output>
      IsOnlineQuery: MessageTypeDefinition<_gatewayworker_v1_IsOnlineQuery, _gatewayworker_v1_IsOnlineQuery__Output>
      NameList: MessageTypeDefinition<_gatewayworker_v1_NameList, _gatewayworker_v1_NameList__Output>
      Reply: MessageTypeDefinition<_gatewayworker_v1_Reply, _gatewayworker_v1_Reply__Output>
      SelectQuery: MessageTypeDefinition<_gatewayworker_v1_SelectQuery, _gatewayworker_v1_SelectQuery__Output>
      SendCommand: MessageTypeDefinition<_gatewayworker_v1_SendCommand, _gatewayworker_v1_SendCommand__Output>
      SendToGroupsCommand: MessageTypeDefinition<_gatewayworker_v1_SendToGroupsCommand, _gatewayworker_v1_SendToGroupsCommand__Output>
      SendToUidsCommand: MessageTypeDefinition<_gatewayworker_v1_SendToUidsCommand, _gatewayworker_v1_SendToUidsCommand__Output>
      SessionCommand: MessageTypeDefinition<_gatewayworker_v1_SessionCommand, _gatewayworker_v1_SessionCommand__Output>
      SessionOp: EnumTypeDefinition
      UnbindUidCommand: MessageTypeDefinition<_gatewayworker_v1_UnbindUidCommand, _gatewayworker_v1_UnbindUidCommand__Output>
      UngroupCommand: MessageTypeDefinition<_gatewayworker_v1_UngroupCommand, _gatewayworker_v1_UngroupCommand__Output>
      WebSocketHandshake: MessageTypeDefinition<_gatewayworker_v1_WebSocketHandshake, _gatewayworker_v1_WebSocketHandshake__Output>
      WorkerHello: MessageTypeDefinition<_gatewayworker_v1_WorkerHello, _gatewayworker_v1_WorkerHello__Output>
    }
  }
}

