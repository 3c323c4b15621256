import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BindUidRequest as _gatewayworker_v1_BindUidRequest, BindUidRequest__Output as _gatewayworker_v1_BindUidRequest__Output } from './gatewayworker/v1/BindUidRequest';
import type { BindUidResponse as _gatewayworker_v1_BindUidResponse, BindUidResponse__Output as _gatewayworker_v1_BindUidResponse__Output } from './gatewayworker/v1/BindUidResponse';
import type { ClientSession as _gatewayworker_v1_ClientSession, ClientSession__Output as _gatewayworker_v1_ClientSession__Output } from './gatewayworker/v1/ClientSession';
import type { CloseClientRequest as _gatewayworker_v1_CloseClientRequest, CloseClientRequest__Output as _gatewayworker_v1_CloseClientRequest__Output } from './gatewayworker/v1/CloseClientRequest';
import type { CloseClientResponse as _gatewayworker_v1_CloseClientResponse, CloseClientResponse__Output as _gatewayworker_v1_CloseClientResponse__Output } from './gatewayworker/v1/CloseClientResponse';
import type { ClusterClient as _gatewayworker_v1_ClusterClient, ClusterDefinition as _gatewayworker_v1_ClusterDefinition } from './gatewayworker/v1/Cluster';
import type { DestroyClientRequest as _gatewayworker_v1_DestroyClientRequest, DestroyClientRequest__Output as _gatewayworker_v1_DestroyClientRequest__Output } from './gatewayworker/v1/DestroyClientRequest';
import type { DestroyClientResponse as _gatewayworker_v1_DestroyClientResponse, DestroyClientResponse__Output as _gatewayworker_v1_DestroyClientResponse__Output } from './gatewayworker/v1/DestroyClientResponse';
import type { GetAllClientCountRequest as _gatewayworker_v1_GetAllClientCountRequest, GetAllClientCountRequest__Output as _gatewayworker_v1_GetAllClientCountRequest__Output } from './gatewayworker/v1/GetAllClientCountRequest';
import type { GetAllClientCountResponse as _gatewayworker_v1_GetAllClientCountResponse, GetAllClientCountResponse__Output as _gatewayworker_v1_GetAllClientCountResponse__Output } from './gatewayworker/v1/GetAllClientCountResponse';
import type { GetAllClientIdListRequest as _gatewayworker_v1_GetAllClientIdListRequest, GetAllClientIdListRequest__Output as _gatewayworker_v1_GetAllClientIdListRequest__Output } from './gatewayworker/v1/GetAllClientIdListRequest';
import type { GetAllClientIdListResponse as _gatewayworker_v1_GetAllClientIdListResponse, GetAllClientIdListResponse__Output as _gatewayworker_v1_GetAllClientIdListResponse__Output } from './gatewayworker/v1/GetAllClientIdListResponse';
import type { GetAllClientSessionsRequest as _gatewayworker_v1_GetAllClientSessionsRequest, GetAllClientSessionsRequest__Output as _gatewayworker_v1_GetAllClientSessionsRequest__Output } from './gatewayworker/v1/GetAllClientSessionsRequest';
import type { GetAllClientSessionsResponse as _gatewayworker_v1_GetAllClientSessionsResponse, GetAllClientSessionsResponse__Output as _gatewayworker_v1_GetAllClientSessionsResponse__Output } from './gatewayworker/v1/GetAllClientSessionsResponse';
import type { GetAllGroupClientIdCountRequest as _gatewayworker_v1_GetAllGroupClientIdCountRequest, GetAllGroupClientIdCountRequest__Output as _gatewayworker_v1_GetAllGroupClientIdCountRequest__Output } from './gatewayworker/v1/GetAllGroupClientIdCountRequest';
import type { GetAllGroupClientIdCountResponse as _gatewayworker_v1_GetAllGroupClientIdCountResponse, GetAllGroupClientIdCountResponse__Output as _gatewayworker_v1_GetAllGroupClientIdCountResponse__Output } from './gatewayworker/v1/GetAllGroupClientIdCountResponse';
import type { GetAllGroupClientIdListRequest as _gatewayworker_v1_GetAllGroupClientIdListRequest, GetAllGroupClientIdListRequest__Output as _gatewayworker_v1_GetAllGroupClientIdListRequest__Output } from './gatewayworker/v1/GetAllGroupClientIdListRequest';
import type { GetAllGroupClientIdListResponse as _gatewayworker_v1_GetAllGroupClientIdListResponse, GetAllGroupClientIdListResponse__Output as _gatewayworker_v1_GetAllGroupClientIdListResponse__Output } from './gatewayworker/v1/GetAllGroupClientIdListResponse';
import type { GetAllGroupIdListRequest as _gatewayworker_v1_GetAllGroupIdListRequest, GetAllGroupIdListRequest__Output as _gatewayworker_v1_GetAllGroupIdListRequest__Output } from './gatewayworker/v1/GetAllGroupIdListRequest';
import type { GetAllGroupIdListResponse as _gatewayworker_v1_GetAllGroupIdListResponse, GetAllGroupIdListResponse__Output as _gatewayworker_v1_GetAllGroupIdListResponse__Output } from './gatewayworker/v1/GetAllGroupIdListResponse';
import type { GetAllGroupUidCountRequest as _gatewayworker_v1_GetAllGroupUidCountRequest, GetAllGroupUidCountRequest__Output as _gatewayworker_v1_GetAllGroupUidCountRequest__Output } from './gatewayworker/v1/GetAllGroupUidCountRequest';
import type { GetAllGroupUidCountResponse as _gatewayworker_v1_GetAllGroupUidCountResponse, GetAllGroupUidCountResponse__Output as _gatewayworker_v1_GetAllGroupUidCountResponse__Output } from './gatewayworker/v1/GetAllGroupUidCountResponse';
import type { GetAllGroupUidListRequest as _gatewayworker_v1_GetAllGroupUidListRequest, GetAllGroupUidListRequest__Output as _gatewayworker_v1_GetAllGroupUidListRequest__Output } from './gatewayworker/v1/GetAllGroupUidListRequest';
import type { GetAllGroupUidListResponse as _gatewayworker_v1_GetAllGroupUidListResponse, GetAllGroupUidListResponse__Output as _gatewayworker_v1_GetAllGroupUidListResponse__Output } from './gatewayworker/v1/GetAllGroupUidListResponse';
import type { GetAllUidCountRequest as _gatewayworker_v1_GetAllUidCountRequest, GetAllUidCountRequest__Output as _gatewayworker_v1_GetAllUidCountRequest__Output } from './gatewayworker/v1/GetAllUidCountRequest';
import type { GetAllUidCountResponse as _gatewayworker_v1_GetAllUidCountResponse, GetAllUidCountResponse__Output as _gatewayworker_v1_GetAllUidCountResponse__Output } from './gatewayworker/v1/GetAllUidCountResponse';
import type { GetAllUidListRequest as _gatewayworker_v1_GetAllUidListRequest, GetAllUidListRequest__Output as _gatewayworker_v1_GetAllUidListRequest__Output } from './gatewayworker/v1/GetAllUidListRequest';
import type { GetAllUidListResponse as _gatewayworker_v1_GetAllUidListResponse, GetAllUidListResponse__Output as _gatewayworker_v1_GetAllUidListResponse__Output } from './gatewayworker/v1/GetAllUidListResponse';
import type { GetClientCountByGroupRequest as _gatewayworker_v1_GetClientCountByGroupRequest, GetClientCountByGroupRequest__Output as _gatewayworker_v1_GetClientCountByGroupRequest__Output } from './gatewayworker/v1/GetClientCountByGroupRequest';
import type { GetClientCountByGroupResponse as _gatewayworker_v1_GetClientCountByGroupResponse, GetClientCountByGroupResponse__Output as _gatewayworker_v1_GetClientCountByGroupResponse__Output } from './gatewayworker/v1/GetClientCountByGroupResponse';
import type { GetClientIdByUidRequest as _gatewayworker_v1_GetClientIdByUidRequest, GetClientIdByUidRequest__Output as _gatewayworker_v1_GetClientIdByUidRequest__Output } from './gatewayworker/v1/GetClientIdByUidRequest';
import type { GetClientIdByUidResponse as _gatewayworker_v1_GetClientIdByUidResponse, GetClientIdByUidResponse__Output as _gatewayworker_v1_GetClientIdByUidResponse__Output } from './gatewayworker/v1/GetClientIdByUidResponse';
import type { GetClientIdListByGroupRequest as _gatewayworker_v1_GetClientIdListByGroupRequest, GetClientIdListByGroupRequest__Output as _gatewayworker_v1_GetClientIdListByGroupRequest__Output } from './gatewayworker/v1/GetClientIdListByGroupRequest';
import type { GetClientIdListByGroupResponse as _gatewayworker_v1_GetClientIdListByGroupResponse, GetClientIdListByGroupResponse__Output as _gatewayworker_v1_GetClientIdListByGroupResponse__Output } from './gatewayworker/v1/GetClientIdListByGroupResponse';
import type { GetClientSessionsByGroupRequest as _gatewayworker_v1_GetClientSessionsByGroupRequest, GetClientSessionsByGroupRequest__Output as _gatewayworker_v1_GetClientSessionsByGroupRequest__Output } from './gatewayworker/v1/GetClientSessionsByGroupRequest';
import type { GetClientSessionsByGroupResponse as _gatewayworker_v1_GetClientSessionsByGroupResponse, GetClientSessionsByGroupResponse__Output as _gatewayworker_v1_GetClientSessionsByGroupResponse__Output } from './gatewayworker/v1/GetClientSessionsByGroupResponse';
import type { GetSessionRequest as _gatewayworker_v1_GetSessionRequest, GetSessionRequest__Output as _gatewayworker_v1_GetSessionRequest__Output } from './gatewayworker/v1/GetSessionRequest';
import type { GetSessionResponse as _gatewayworker_v1_GetSessionResponse, GetSessionResponse__Output as _gatewayworker_v1_GetSessionResponse__Output } from './gatewayworker/v1/GetSessionResponse';
import type { GetUidByClientIdRequest as _gatewayworker_v1_GetUidByClientIdRequest, GetUidByClientIdRequest__Output as _gatewayworker_v1_GetUidByClientIdRequest__Output } from './gatewayworker/v1/GetUidByClientIdRequest';
import type { GetUidByClientIdResponse as _gatewayworker_v1_GetUidByClientIdResponse, GetUidByClientIdResponse__Output as _gatewayworker_v1_GetUidByClientIdResponse__Output } from './gatewayworker/v1/GetUidByClientIdResponse';
import type { GetUidCountByGroupRequest as _gatewayworker_v1_GetUidCountByGroupRequest, GetUidCountByGroupRequest__Output as _gatewayworker_v1_GetUidCountByGroupRequest__Output } from './gatewayworker/v1/GetUidCountByGroupRequest';
import type { GetUidCountByGroupResponse as _gatewayworker_v1_GetUidCountByGroupResponse, GetUidCountByGroupResponse__Output as _gatewayworker_v1_GetUidCountByGroupResponse__Output } from './gatewayworker/v1/GetUidCountByGroupResponse';
import type { GetUidListByGroupRequest as _gatewayworker_v1_GetUidListByGroupRequest, GetUidListByGroupRequest__Output as _gatewayworker_v1_GetUidListByGroupRequest__Output } from './gatewayworker/v1/GetUidListByGroupRequest';
import type { GetUidListByGroupResponse as _gatewayworker_v1_GetUidListByGroupResponse, GetUidListByGroupResponse__Output as _gatewayworker_v1_GetUidListByGroupResponse__Output } from './gatewayworker/v1/GetUidListByGroupResponse';
import type { GroupClientIds as _gatewayworker_v1_GroupClientIds, GroupClientIds__Output as _gatewayworker_v1_GroupClientIds__Output } from './gatewayworker/v1/GroupClientIds';
import type { GroupCount as _gatewayworker_v1_GroupCount, GroupCount__Output as _gatewayworker_v1_GroupCount__Output } from './gatewayworker/v1/GroupCount';
import type { GroupUids as _gatewayworker_v1_GroupUids, GroupUids__Output as _gatewayworker_v1_GroupUids__Output } from './gatewayworker/v1/GroupUids';
import type { IsOnlineRequest as _gatewayworker_v1_IsOnlineRequest, IsOnlineRequest__Output as _gatewayworker_v1_IsOnlineRequest__Output } from './gatewayworker/v1/IsOnlineRequest';
import type { IsOnlineResponse as _gatewayworker_v1_IsOnlineResponse, IsOnlineResponse__Output as _gatewayworker_v1_IsOnlineResponse__Output } from './gatewayworker/v1/IsOnlineResponse';
import type { IsUidOnlineRequest as _gatewayworker_v1_IsUidOnlineRequest, IsUidOnlineRequest__Output as _gatewayworker_v1_IsUidOnlineRequest__Output } from './gatewayworker/v1/IsUidOnlineRequest';
import type { IsUidOnlineResponse as _gatewayworker_v1_IsUidOnlineResponse, IsUidOnlineResponse__Output as _gatewayworker_v1_IsUidOnlineResponse__Output } from './gatewayworker/v1/IsUidOnlineResponse';
import type { JoinGroupRequest as _gatewayworker_v1_JoinGroupRequest, JoinGroupRequest__Output as _gatewayworker_v1_JoinGroupRequest__Output } from './gatewayworker/v1/JoinGroupRequest';
import type { JoinGroupResponse as _gatewayworker_v1_JoinGroupResponse, JoinGroupResponse__Output as _gatewayworker_v1_JoinGroupResponse__Output } from './gatewayworker/v1/JoinGroupResponse';
import type { LeaveGroupRequest as _gatewayworker_v1_LeaveGroupRequest, LeaveGroupRequest__Output as _gatewayworker_v1_LeaveGroupRequest__Output } from './gatewayworker/v1/LeaveGroupRequest';
import type { LeaveGroupResponse as _gatewayworker_v1_LeaveGroupResponse, LeaveGroupResponse__Output as _gatewayworker_v1_LeaveGroupResponse__Output } from './gatewayworker/v1/LeaveGroupResponse';
import type { SendToAllRequest as _gatewayworker_v1_SendToAllRequest, SendToAllRequest__Output as _gatewayworker_v1_SendToAllRequest__Output } from './gatewayworker/v1/SendToAllRequest';
import type { SendToAllResponse as _gatewayworker_v1_SendToAllResponse, SendToAllResponse__Output as _gatewayworker_v1_SendToAllResponse__Output } from './gatewayworker/v1/SendToAllResponse';
import type { SendToClientRequest as _gatewayworker_v1_SendToClientRequest, SendToClientRequest__Output as _gatewayworker_v1_SendToClientRequest__Output } from './gatewayworker/v1/SendToClientRequest';
import type { SendToClientResponse as _gatewayworker_v1_SendToClientResponse, SendToClientResponse__Output as _gatewayworker_v1_SendToClientResponse__Output } from './gatewayworker/v1/SendToClientResponse';
import type { SendToGroupRequest as _gatewayworker_v1_SendToGroupRequest, SendToGroupRequest__Output as _gatewayworker_v1_SendToGroupRequest__Output } from './gatewayworker/v1/SendToGroupRequest';
import type { SendToGroupResponse as _gatewayworker_v1_SendToGroupResponse, SendToGroupResponse__Output as _gatewayworker_v1_SendToGroupResponse__Output } from './gatewayworker/v1/SendToGroupResponse';
import type { SendToUidRequest as _gatewayworker_v1_SendToUidRequest, SendToUidRequest__Output as _gatewayworker_v1_SendToUidRequest__Output } from './gatewayworker/v1/SendToUidRequest';
import type { SendToUidResponse as _gatewayworker_v1_SendToUidResponse, SendToUidResponse__Output as _gatewayworker_v1_SendToUidResponse__Output } from './gatewayworker/v1/SendToUidResponse';
import type { SetSessionRequest as _gatewayworker_v1_SetSessionRequest, SetSessionRequest__Output as _gatewayworker_v1_SetSessionRequest__Output } from './gatewayworker/v1/SetSessionRequest';
import type { SetSessionResponse as _gatewayworker_v1_SetSessionResponse, SetSessionResponse__Output as _gatewayworker_v1_SetSessionResponse__Output } from './gatewayworker/v1/SetSessionResponse';
import type { UnbindUidRequest as _gatewayworker_v1_UnbindUidRequest, UnbindUidRequest__Output as _gatewayworker_v1_UnbindUidRequest__Output } from './gatewayworker/v1/UnbindUidRequest';
import type { UnbindUidResponse as _gatewayworker_v1_UnbindUidResponse, UnbindUidResponse__Output as _gatewayworker_v1_UnbindUidResponse__Output } from './gatewayworker/v1/UnbindUidResponse';
import type { UngroupRequest as _gatewayworker_v1_UngroupRequest, UngroupRequest__Output as _gatewayworker_v1_UngroupRequest__Output } from './gatewayworker/v1/UngroupRequest';
import type { UngroupResponse as _gatewayworker_v1_UngroupResponse, UngroupResponse__Output as _gatewayworker_v1_UngroupResponse__Output } from './gatewayworker/v1/UngroupResponse';
import type { UpdateSessionRequest as _gatewayworker_v1_UpdateSessionRequest, UpdateSessionRequest__Output as _gatewayworker_v1_UpdateSessionRequest__Output } from './gatewayworker/v1/UpdateSessionRequest';
import type { UpdateSessionResponse as _gatewayworker_v1_UpdateSessionResponse, UpdateSessionResponse__Output as _gatewayworker_v1_UpdateSessionResponse__Output } from './gatewayworker/v1/UpdateSessionResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  gatewayworker: {
    v1: {
      BindUidRequest: MessageTypeDefinition<_gatewayworker_v1_BindUidRequest, _gatewayworker_v1_BindUidRequest__Output>
      BindUidResponse: MessageTypeDefinition<_gatewayworker_v1_BindUidResponse, _gatewayworker_v1_BindUidResponse__Output>
      ClientSession: MessageTypeDefinition<_gatewayworker_v1_ClientSession, _gatewayworker_v1_ClientSession__Output>
      CloseClientRequest: MessageTypeDefinition<_gatewayworker_v1_CloseClientRequest, _gatewayworker_v1_CloseClientRequest__Output>
      CloseClientResponse: MessageTypeDefinition<_gatewayworker_v1_CloseClientResponse, _gatewayworker_v1_CloseClientResponse__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _gatewayworker_v1_ClusterClient> & { service: _gatewayworker_v1_ClusterDefinition }
      DestroyClientRequest: MessageTypeDefinition<_gatewayworker_v1_DestroyClientRequest, _gatewayworker_v1_DestroyClientRequest__Output>
      DestroyClientResponse: MessageTypeDefinition<_gatewayworker_v1_DestroyClientResponse, _gatewayworker_v1_DestroyClientResponse__Output>
      GetAllClientCountRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllClientCountRequest, _gatewayworker_v1_GetAllClientCountRequest__Output>
      GetAllClientCountResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllClientCountResponse, _gatewayworker_v1_GetAllClientCountResponse__Output>
      GetAllClientIdListRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllClientIdListRequest, _gatewayworker_v1_GetAllClientIdListRequest__Output>
      GetAllClientIdListResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllClientIdListResponse, _gatewayworker_v1_GetAllClientIdListResponse__Output>
      GetAllClientSessionsRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllClientSessionsRequest, _gatewayworker_v1_GetAllClientSessionsRequest__Output>
      GetAllClientSessionsResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllClientSessionsResponse, _gatewayworker_v1_GetAllClientSessionsResponse__Output>
      GetAllGroupClientIdCountRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupClientIdCountRequest, _gatewayworker_v1_GetAllGroupClientIdCountRequest__Output>
      GetAllGroupClientIdCountResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupClientIdCountResponse, _gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>
      GetAllGroupClientIdListRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupClientIdListRequest, _gatewayworker_v1_GetAllGroupClientIdListRequest__Output>
      GetAllGroupClientIdListResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupClientIdListResponse, _gatewayworker_v1_GetAllGroupClientIdListResponse__Output>
      GetAllGroupIdListRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupIdListRequest, _gatewayworker_v1_GetAllGroupIdListRequest__Output>
      GetAllGroupIdListResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupIdListResponse, _gatewayworker_v1_GetAllGroupIdListResponse__Output>
      GetAllGroupUidCountRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupUidCountRequest, _gatewayworker_v1_GetAllGroupUidCountRequest__Output>
      GetAllGroupUidCountResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupUidCountResponse, _gatewayworker_v1_GetAllGroupUidCountResponse__Output>
      GetAllGroupUidListRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupUidListRequest, _gatewayworker_v1_GetAllGroupUidListRequest__Output>
      GetAllGroupUidListResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllGroupUidListResponse, _gatewayworker_v1_GetAllGroupUidListResponse__Output>
      GetAllUidCountRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllUidCountRequest, _gatewayworker_v1_GetAllUidCountRequest__Output>
      GetAllUidCountResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllUidCountResponse, _gatewayworker_v1_GetAllUidCountResponse__Output>
      GetAllUidListRequest: MessageTypeDefinition<_gatewayworker_v1_GetAllUidListRequest, _gatewayworker_v1_GetAllUidListRequest__Output>
      GetAllUidListResponse: MessageTypeDefinition<_gatewayworker_v1_GetAllUidListResponse, _gatewayworker_v1_GetAllUidListResponse__Output>
      GetClientCountByGroupRequest: MessageTypeDefinition<_gatewayworker_v1_GetClientCountByGroupRequest, _gatewayworker_v1_GetClientCountByGroupRequest__Output>
      GetClientCountByGroupResponse: MessageTypeDefinition<_gatewayworker_v1_GetClientCountByGroupResponse, _gatewayworker_v1_GetClientCountByGroupResponse__Output>
      GetClientIdByUidRequest: MessageTypeDefinition<_gatewayworker_v1_GetClientIdByUidRequest, _gatewayworker_v1_GetClientIdByUidRequest__Output>
      GetClientIdByUidResponse: MessageTypeDefinition<_gatewayworker_v1_GetClientIdByUidResponse, _gatewayworker_v1_GetClientIdByUidResponse__Output>
      GetClientIdListByGroupRequest: MessageTypeDefinition<_gatewayworker_v1_GetClientIdListByGroupRequest, _gatewayworker_v1_GetClientIdListByGroupRequest__Output>
      GetClientIdListByGroupResponse: MessageTypeDefinition<_gatewayworker_v1_GetClientIdListByGroupResponse, _gatewayworker_v1_GetClientIdListByGroupResponse__Output>
      GetClientSessionsByGroupRequest: MessageTypeDefinition<_gatewayworker_v1_GetClientSessionsByGroupRequest, _gatewayworker_v1_GetClientSessionsByGroupRequest__Output>
      GetClientSessionsByGroupResponse: MessageTypeDefinition<_gatewayworker_v1_GetClientSessionsByGroupResponse, _gatewayworker_v1_GetClientSessionsByGroupResponse__Output>
      GetSessionRequest: MessageTypeDefinition<_gatewayworker_v1_GetSessionRequest, _gatewayworker_v1_GetSessionRequest__Output>
      GetSessionResponse: MessageTypeDefinition<_gatewayworker_v1_GetSessionResponse, _gatewayworker_v1_GetSessionResponse__Output>
      GetUidByClientIdRequest: MessageTypeDefinition<_gatewayworker_v1_GetUidByClientIdRequest, _gatewayworker_v1_GetUidByClientIdRequest__Output>
      GetUidByClientIdResponse: MessageTypeDefinition<_gatewayworker_v1_GetUidByClientIdResponse, _gatewayworker_v1_GetUidByClientIdResponse__Output>
      GetUidCountByGroupRequest: MessageTypeDefinition<_gatewayworker_v1_GetUidCountByGroupRequest, _gatewayworker_v1_GetUidCountByGroupRequest__Output>
      GetUidCountByGroupResponse: MessageTypeDefinition<_gatewayworker_v1_GetUidCountByGroupResponse, _gatewayworker_v1_GetUidCountByGroupResponse__Output>
      GetUidListByGroupRequest: MessageTypeDefinition<_gatewayworker_v1_GetUidListByGroupRequest, _gatewayworker_v1_GetUidListByGroupRequest__Output>
      GetUidListByGroupResponse: MessageTypeDefinition<_gatewayworker_v1_GetUidListByGroupResponse, _gatewayworker_v1_GetUidListByGroupResponse__Output>
      GroupClientIds: MessageTypeDefinition<_gatewayworker_v1_GroupClientIds, _gatewayworker_v1_GroupClientIds__Output>
      GroupCount: MessageTypeDefinition<_gatewayworker_v1_GroupCount, _gatewayworker_v1_GroupCount__Output>
      GroupUids: MessageTypeDefinition<_gatewayworker_v1_GroupUids, _gatewayworker_v1_GroupUids__Output>
      IsOnlineRequest: MessageTypeDefinition<_gatewayworker_v1_IsOnlineRequest, _gatewayworker_v1_IsOnlineRequest__Output>
      IsOnlineResponse: MessageTypeDefinition<_gatewayworker_v1_IsOnlineResponse, _gatewayworker_v1_IsOnlineResponse__Output>
      IsUidOnlineRequest: MessageTypeDefinition<_gatewayworker_v1_IsUidOnlineRequest, _gatewayworker_v1_IsUidOnlineRequest__Output>
      IsUidOnlineResponse: MessageTypeDefinition<_gatewayworker_v1_IsUidOnlineResponse, _gatewayworker_v1_IsUidOnlineResponse__Output>
      JoinGroupRequest: MessageTypeDefinition<_gatewayworker_v1_JoinGroupRequest, _gatewayworker_v1_JoinGroupRequest__Output>
      JoinGroupResponse: MessageTypeDefinition<_gatewayworker_v1_JoinGroupResponse, _gatewayworker_v1_JoinGroupResponse__Output>
      LeaveGroupRequest: MessageTypeDefinition<_gatewayworker_v1_LeaveGroupRequest, _gatewayworker_v1_LeaveGroupRequest__Output>
      LeaveGroupResponse: MessageTypeDefinition<_gatewayworker_v1_LeaveGroupResponse, _gatewayworker_v1_LeaveGroupResponse__Output>
      SendToAllRequest: MessageTypeDefinition<_gatewayworker_v1_SendToAllRequest, _gatewayworker_v1_SendToAllRequest__Output>
      SendToAllResponse: MessageTypeDefinition<_gatewayworker_v1_SendToAllResponse, _gatewayworker_v1_SendToAllResponse__Output>
      SendToClientRequest: MessageTypeDefinition<_gatewayworker_v1_SendToClientRequest, _gatewayworker_v1_SendToClientRequest__Output>
      SendToClientResponse: MessageTypeDefinition<_gatewayworker_v1_SendToClientResponse, _gatewayworker_v1_SendToClientResponse__Output>
      SendToGroupRequest: MessageTypeDefinition<_gatewayworker_v1_SendToGroupRequest, _gatewayworker_v1_SendToGroupRequest__Output>
      SendToGroupResponse: MessageTypeDefinition<_gatewayworker_v1_SendToGroupResponse, _gatewayworker_v1_SendToGroupResponse__Output>
      SendToUidRequest: MessageTypeDefinition<_gatewayworker_v1_SendToUidRequest, _gatewayworker_v1_SendToUidRequest__Output>
      SendToUidResponse: MessageTypeDefinition<_gatewayworker_v1_SendToUidResponse, _gatewayworker_v1_SendToUidResponse__Output>
      SetSessionRequest: MessageTypeDefinition<_gatewayworker_v1_SetSessionRequest, _gatewayworker_v1_SetSessionRequest__Output>
      SetSessionResponse: MessageTypeDefinition<_gatewayworker_v1_SetSessionResponse, _gatewayworker_v1_SetSessionResponse__Output>
      UnbindUidRequest: MessageTypeDefinition<_gatewayworker_v1_UnbindUidRequest, _gatewayworker_v1_UnbindUidRequest__Output>
      UnbindUidResponse: MessageTypeDefinition<_gatewayworker_v1_UnbindUidResponse, _gatewayworker_v1_UnbindUidResponse__Output>
      UngroupRequest: MessageTypeDefinition<_gatewayworker_v1_UngroupRequest, _gatewayworker_v1_UngroupRequest__Output>
      UngroupResponse: MessageTypeDefinition<_gatewayworker_v1_UngroupResponse, _gatewayworker_v1_UngroupResponse__Output>
      UpdateSessionRequest: MessageTypeDefinition<_gatewayworker_v1_UpdateSessionRequest, _gatewayworker_v1_UpdateSessionRequest__Output>
      UpdateSessionResponse: MessageTypeDefinition<_gatewayworker_v1_UpdateSessionResponse, _gatewayworker_v1_UpdateSessionResponse__Output>
    }
  }
}

