// Original file: proto/gatewayworker/v1/commands.proto

import type { SendCommand as _gatewayworker_v1_SendCommand, SendCommand__Output as _gatewayworker_v1_SendCommand__Output } from '../../gatewayworker/v1/SendCommand';
import type { BroadcastCommand as _gatewayworker_v1_BroadcastCommand, BroadcastCommand__Output as _gatewayworker_v1_BroadcastCommand__Output } from '../../gatewayworker/v1/BroadcastCommand';
import type { CloseCommand as _gatewayworker_v1_CloseCommand, CloseCommand__Output as _gatewayworker_v1_CloseCommand__Output } from '../../gatewayworker/v1/CloseCommand';
import type { SessionCommand as _gatewayworker_v1_SessionCommand, SessionCommand__Output as _gatewayworker_v1_SessionCommand__Output } from '../../gatewayworker/v1/SessionCommand';
import type { IsOnlineQuery as _gatewayworker_v1_IsOnlineQuery, IsOnlineQuery__Output as _gatewayworker_v1_IsOnlineQuery__Output } from '../../gatewayworker/v1/IsOnlineQuery';
import type { ClientCountQuery as _gatewayworker_v1_ClientCountQuery, ClientCountQuery__Output as _gatewayworker_v1_ClientCountQuery__Output } from '../../gatewayworker/v1/ClientCountQuery';
import type { GetSessionQuery as _gatewayworker_v1_GetSessionQuery, GetSessionQuery__Output as _gatewayworker_v1_GetSessionQuery__Output } from '../../gatewayworker/v1/GetSessionQuery';
import type { BindUidCommand as _gatewayworker_v1_BindUidCommand, BindUidCommand__Output as _gatewayworker_v1_BindUidCommand__Output } from '../../gatewayworker/v1/BindUidCommand';
import type { UnbindUidCommand as _gatewayworker_v1_UnbindUidCommand, UnbindUidCommand__Output as _gatewayworker_v1_UnbindUidCommand__Output } from '../../gatewayworker/v1/UnbindUidCommand';
import type { GroupMembershipCommand as _gatewayworker_v1_GroupMembershipCommand, GroupMembershipCommand__Output as _gatewayworker_v1_GroupMembershipCommand__Output } from '../../gatewayworker/v1/GroupMembershipCommand';
import type { UngroupCommand as _gatewayworker_v1_UngroupCommand, UngroupCommand__Output as _gatewayworker_v1_UngroupCommand__Output } from '../../gatewayworker/v1/UngroupCommand';
import type { SendToUidsCommand as _gatewayworker_v1_SendToUidsCommand, SendToUidsCommand__Output as _gatewayworker_v1_SendToUidsCommand__Output } from '../../gatewayworker/v1/SendToUidsCommand';
import type { SendToGroupsCommand as _gatewayworker_v1_SendToGroupsCommand, SendToGroupsCommand__Output as _gatewayworker_v1_SendToGroupsCommand__Output } from '../../gatewayworker/v1/SendToGroupsCommand';
import type { SelectQuery as _gatewayworker_v1_SelectQuery, SelectQuery__Output as _gatewayworker_v1_SelectQuery__Output } from '../../gatewayworker/v1/SelectQuery';
import type { GroupListQuery as _gatewayworker_v1_GroupListQuery, GroupListQuery__Output as _gatewayworker_v1_GroupListQuery__Output } from '../../gatewayworker/v1/GroupListQuery';

export interface Command {
  'request_id'?: (number);
  'send'?: (_gatewayworker_v1_SendCommand | null);
  'broadcast'?: (_gatewayworker_v1_BroadcastCommand | null);
  'close'?: (_gatewayworker_v1_CloseCommand | null);
  'session'?: (_gatewayworker_v1_SessionCommand | null);
  'is_online'?: (_gatewayworker_v1_IsOnlineQuery | null);
  'client_count'?: (_gatewayworker_v1_ClientCountQuery | null);
  'get_session'?: (_gatewayworker_v1_GetSessionQuery | null);
  'bind_uid'?: (_gatewayworker_v1_BindUidCommand | null);
  'unbind_uid'?: (_gatewayworker_v1_UnbindUidCommand | null);
  'join_group'?: (_gatewayworker_v1_GroupMembershipCommand | null);
  'leave_group'?: (_gatewayworker_v1_GroupMembershipCommand | null);
  'ungroup'?: (_gatewayworker_v1_UngroupCommand | null);
  'send_to_uids'?: (_gatewayworker_v1_SendToUidsCommand | null);
  'send_to_groups'?: (_gatewayworker_v1_SendToGroupsCommand | null);
  'select'?: (_gatewayworker_v1_SelectQuery | null);
  'group_list'?: (_gatewayworker_v1_GroupListQuery | null);
  'kind'?: "send"|"broadcast"|"close"|"session"|"is_online"|"client_count"|"get_session"|"bind_uid"|"unbind_uid"|"join_group"|"leave_group"|"ungroup"|"send_to_uids"|"send_to_groups"|"select"|"group_list";
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
  'bind_uid'?: (_gatewayworker_v1_BindUidCommand__Output);
  'unbind_uid'?: (_gatewayworker_v1_UnbindUidCommand__Output);
  'join_group'?: (_gatewayworker_v1_GroupMembershipCommand__Output);
  'leave_group'?: (_gatewayworker_v1_GroupMembershipCommand__Output);
  'ungroup'?: (_gatewayworker_v1_UngroupCommand__Output);
  'send_to_uids'?: (_gatewayworker_v1_SendToUidsCommand__Output);
  'send_to_groups'?: (_gatewayworker_v1_SendToGroupsCommand__Output);
  'select'?: (_gatewayworker_v1_SelectQuery__Output);
  'group_list'?: (_gatewayworker_v1_GroupListQuery__Output);
  'kind'?: "send"|"broadcast"|"close"|"session"|"is_online"|"client_count"|"get_session"|"bind_uid"|"unbind_uid"|"join_group"|"leave_group"|"ungroup"|"send_to_uids"|"send_to_groups"|"select"|"group_list";
}
