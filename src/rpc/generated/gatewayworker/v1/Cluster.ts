// Original file: proto/gatewayworker/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BindUidRequest as _gatewayworker_v1_BindUidRequest, BindUidRequest__Output as _gatewayworker_v1_BindUidRequest__Output } from '../../gatewayworker/v1/BindUidRequest';
import type { BindUidResponse as _gatewayworker_v1_BindUidResponse, BindUidResponse__Output as _gatewayworker_v1_BindUidResponse__Output } from '../../gatewayworker/v1/BindUidResponse';
import type { CloseClientRequest as _gatewayworker_v1_CloseClientRequest, CloseClientRequest__Output as _gatewayworker_v1_CloseClientRequest__Output } from '../../gatewayworker/v1/CloseClientRequest';
import type { CloseClientResponse as _gatewayworker_v1_CloseClientResponse, CloseClientResponse__Output as _gatewayworker_v1_CloseClientResponse__Output } from '../../gatewayworker/v1/CloseClientResponse';
import type { DestroyClientRequest as _gatewayworker_v1_DestroyClientRequest, DestroyClientRequest__Output as _gatewayworker_v1_DestroyClientRequest__Output } from '../../gatewayworker/v1/DestroyClientRequest';
import type { DestroyClientResponse as _gatewayworker_v1_DestroyClientResponse, DestroyClientResponse__Output as _gatewayworker_v1_DestroyClientResponse__Output } from '../../gatewayworker/v1/DestroyClientResponse';
import type { GetAllClientCountRequest as _gatewayworker_v1_GetAllClientCountRequest, GetAllClientCountRequest__Output as _gatewayworker_v1_GetAllClientCountRequest__Output } from '../../gatewayworker/v1/GetAllClientCountRequest';
import type { GetAllClientCountResponse as _gatewayworker_v1_GetAllClientCountResponse, GetAllClientCountResponse__Output as _gatewayworker_v1_GetAllClientCountResponse__Output } from '../../gatewayworker/v1/GetAllClientCountResponse';
import type { GetAllClientIdListRequest as _gatewayworker_v1_GetAllClientIdListRequest, GetAllClientIdListRequest__Output as _gatewayworker_v1_GetAllClientIdListRequest__Output } from '../../gatewayworker/v1/GetAllClientIdListRequest';
import type { GetAllClientIdListResponse as _gatewayworker_v1_GetAllClientIdListResponse, GetAllClientIdListResponse__Output as _gatewayworker_v1_GetAllClientIdListResponse__Output } from '../../gatewayworker/v1/GetAllClientIdListResponse';
import type { GetAllClientSessionsRequest as _gatewayworker_v1_GetAllClientSessionsRequest, GetAllClientSessionsRequest__Output as _gatewayworker_v1_GetAllClientSessionsRequest__Output } from '../../gatewayworker/v1/GetAllClientSessionsRequest';
import type { GetAllClientSessionsResponse as _gatewayworker_v1_GetAllClientSessionsResponse, GetAllClientSessionsResponse__Output as _gatewayworker_v1_GetAllClientSessionsResponse__Output } from '../../gatewayworker/v1/GetAllClientSessionsResponse';
import type { GetAllGroupClientIdCountRequest as _gatewayworker_v1_GetAllGroupClientIdCountRequest, GetAllGroupClientIdCountRequest__Output as _gatewayworker_v1_GetAllGroupClientIdCountRequest__Output } from '../../gatewayworker/v1/GetAllGroupClientIdCountRequest';
import type { GetAllGroupClientIdCountResponse as _gatewayworker_v1_GetAllGroupClientIdCountResponse, GetAllGroupClientIdCountResponse__Output as _gatewayworker_v1_GetAllGroupClientIdCountResponse__Output } from '../../gatewayworker/v1/GetAllGroupClientIdCountResponse';
import type { GetAllGroupClientIdListRequest as _gatewayworker_v1_GetAllGroupClientIdListRequest, GetAllGroupClientIdListRequest__Output as _gatewayworker_v1_GetAllGroupClientIdListRequest__Output } from '../../gatewayworker/v1/GetAllGroupClientIdListRequest';
import type { GetAllGroupClientIdListResponse as _gatewayworker_v1_GetAllGroupClientIdListResponse, GetAllGroupClientIdListResponse__Output as _gatewayworker_v1_GetAllGroupClientIdListResponse__Output } from '../../gatewayworker/v1/GetAllGroupClientIdListResponse';
import type { GetAllGroupIdListRequest as _gatewayworker_v1_GetAllGroupIdListRequest, GetAllGroupIdListRequest__Output as _gatewayworker_v1_GetAllGroupIdListRequest__Output } from '../../gatewayworker/v1/GetAllGroupIdListRequest';
import type { GetAllGroupIdListResponse as _gatewayworker_v1_GetAllGroupIdListResponse, GetAllGroupIdListResponse__Output as _gatewayworker_v1_GetAllGroupIdListResponse__Output } from '../../gatewayworker/v1/GetAllGroupIdListResponse';
import type { GetAllGroupUidCountRequest as _gatewayworker_v1_GetAllGroupUidCountRequest, GetAllGroupUidCountRequest__Output as _gatewayworker_v1_GetAllGroupUidCountRequest__Output } from '../../gatewayworker/v1/GetAllGroupUidCountRequest';
import type { GetAllGroupUidCountResponse as _gatewayworker_v1_GetAllGroupUidCountResponse, GetAllGroupUidCountResponse__Output as _gatewayworker_v1_GetAllGroupUidCountResponse__Output } from '../../gatewayworker/v1/GetAllGroupUidCountResponse';
import type { GetAllGroupUidListRequest as _gatewayworker_v1_GetAllGroupUidListRequest, GetAllGroupUidListRequest__Output as _gatewayworker_v1_GetAllGroupUidListRequest__Output } from '../../gatewayworker/v1/GetAllGroupUidListRequest';
import type { GetAllGroupUidListResponse as _gatewayworker_v1_GetAllGroupUidListResponse, GetAllGroupUidListResponse__Output as _gatewayworker_v1_GetAllGroupUidListResponse__Output } from '../../gatewayworker/v1/GetAllGroupUidListResponse';
import type { GetAllUidCountRequest as _gatewayworker_v1_GetAllUidCountRequest, GetAllUidCountRequest__Output as _gatewayworker_v1_GetAllUidCountRequest__Output } from '../../gatewayworker/v1/GetAllUidCountRequest';
import type { GetAllUidCountResponse as _gatewayworker_v1_GetAllUidCountResponse, GetAllUidCountResponse__Output as _gatewayworker_v1_GetAllUidCountResponse__Output } from '../../gatewayworker/v1/GetAllUidCountResponse';
import type { GetAllUidListRequest as _gatewayworker_v1_GetAllUidListRequest, GetAllUidListRequest__Output as _gatewayworker_v1_GetAllUidListRequest__Output } from '../../gatewayworker/v1/GetAllUidListRequest';
import type { GetAllUidListResponse as _gatewayworker_v1_GetAllUidListResponse, GetAllUidListResponse__Output as _gatewayworker_v1_GetAllUidListResponse__Output } from '../../gatewayworker/v1/GetAllUidListResponse';
import type { GetClientCountByGroupRequest as _gatewayworker_v1_GetClientCountByGroupRequest, GetClientCountByGroupRequest__Output as _gatewayworker_v1_GetClientCountByGroupRequest__Output } from '../../gatewayworker/v1/GetClientCountByGroupRequest';
import type { GetClientCountByGroupResponse as _gatewayworker_v1_GetClientCountByGroupResponse, GetClientCountByGroupResponse__Output as _gatewayworker_v1_GetClientCountByGroupResponse__Output } from '../../gatewayworker/v1/GetClientCountByGroupResponse';
import type { GetClientIdByUidRequest as _gatewayworker_v1_GetClientIdByUidRequest, GetClientIdByUidRequest__Output as _gatewayworker_v1_GetClientIdByUidRequest__Output } from '../../gatewayworker/v1/GetClientIdByUidRequest';
import type { GetClientIdByUidResponse as _gatewayworker_v1_GetClientIdByUidResponse, GetClientIdByUidResponse__Output as _gatewayworker_v1_GetClientIdByUidResponse__Output } from '../../gatewayworker/v1/GetClientIdByUidResponse';
import type { GetClientIdListByGroupRequest as _gatewayworker_v1_GetClientIdListByGroupRequest, GetClientIdListByGroupRequest__Output as _gatewayworker_v1_GetClientIdListByGroupRequest__Output } from '../../gatewayworker/v1/GetClientIdListByGroupRequest';
import type { GetClientIdListByGroupResponse as _gatewayworker_v1_GetClientIdListByGroupResponse, GetClientIdListByGroupResponse__Output as _gatewayworker_v1_GetClientIdListByGroupResponse__Output } from '../../gatewayworker/v1/GetClientIdListByGroupResponse';
import type { GetClientSessionsByGroupRequest as _gatewayworker_v1_GetClientSessionsByGroupRequest, GetClientSessionsByGroupRequest__Output as _gatewayworker_v1_GetClientSessionsByGroupRequest__Output } from '../../gatewayworker/v1/GetClientSessionsByGroupRequest';
import type { GetClientSessionsByGroupResponse as _gatewayworker_v1_GetClientSessionsByGroupResponse, GetClientSessionsByGroupResponse__Output as _gatewayworker_v1_GetClientSessionsByGroupResponse__Output } from '../../gatewayworker/v1/GetClientSessionsByGroupResponse';
import type { GetSessionRequest as _gatewayworker_v1_GetSessionRequest, GetSessionRequest__Output as _gatewayworker_v1_GetSessionRequest__Output } from '../../gatewayworker/v1/GetSessionRequest';
import type { GetSessionResponse as _gatewayworker_v1_GetSessionResponse, GetSessionResponse__Output as _gatewayworker_v1_GetSessionResponse__Output } from '../../gatewayworker/v1/GetSessionResponse';
import type { GetUidByClientIdRequest as _gatewayworker_v1_GetUidByClientIdRequest, GetUidByClientIdRequest__Output as _gatewayworker_v1_GetUidByClientIdRequest__Output } from '../../gatewayworker/v1/GetUidByClientIdRequest';
import type { GetUidByClientIdResponse as _gatewayworker_v1_GetUidByClientIdResponse, GetUidByClientIdResponse__Output as _gatewayworker_v1_GetUidByClientIdResponse__Output } from '../../gatewayworker/v1/GetUidByClientIdResponse';
import type { GetUidCountByGroupRequest as _gatewayworker_v1_GetUidCountByGroupRequest, GetUidCountByGroupRequest__Output as _gatewayworker_v1_GetUidCountByGroupRequest__Output } from '../../gatewayworker/v1/GetUidCountByGroupRequest';
import type { GetUidCountByGroupResponse as _gatewayworker_v1_GetUidCountByGroupResponse, GetUidCountByGroupResponse__Output as _gatewayworker_v1_GetUidCountByGroupResponse__Output } from '../../gatewayworker/v1/GetUidCountByGroupResponse';
import type { GetUidListByGroupRequest as _gatewayworker_v1_GetUidListByGroupRequest, GetUidListByGroupRequest__Output as _gatewayworker_v1_GetUidListByGroupRequest__Output } from '../../gatewayworker/v1/GetUidListByGroupRequest';
import type { GetUidListByGroupResponse as _gatewayworker_v1_GetUidListByGroupResponse, GetUidListByGroupResponse__Output as _gatewayworker_v1_GetUidListByGroupResponse__Output } from '../../gatewayworker/v1/GetUidListByGroupResponse';
import type { IsOnlineRequest as _gatewayworker_v1_IsOnlineRequest, IsOnlineRequest__Output as _gatewayworker_v1_IsOnlineRequest__Output } from '../../gatewayworker/v1/IsOnlineRequest';
import type { IsOnlineResponse as _gatewayworker_v1_IsOnlineResponse, IsOnlineResponse__Output as _gatewayworker_v1_IsOnlineResponse__Output } from '../../gatewayworker/v1/IsOnlineResponse';
import type { IsUidOnlineRequest as _gatewayworker_v1_IsUidOnlineRequest, IsUidOnlineRequest__Output as _gatewayworker_v1_IsUidOnlineRequest__Output } from '../../gatewayworker/v1/IsUidOnlineRequest';
import type { IsUidOnlineResponse as _gatewayworker_v1_IsUidOnlineResponse, IsUidOnlineResponse__Output as _gatewayworker_v1_IsUidOnlineResponse__Output } from '../../gatewayworker/v1/IsUidOnlineResponse';
import type { JoinGroupRequest as _gatewayworker_v1_JoinGroupRequest, JoinGroupRequest__Output as _gatewayworker_v1_JoinGroupRequest__Output } from '../../gatewayworker/v1/JoinGroupRequest';
import type { JoinGroupResponse as _gatewayworker_v1_JoinGroupResponse, JoinGroupResponse__Output as _gatewayworker_v1_JoinGroupResponse__Output } from '../../gatewayworker/v1/JoinGroupResponse';
import type { LeaveGroupRequest as _gatewayworker_v1_LeaveGroupRequest, LeaveGroupRequest__Output as _gatewayworker_v1_LeaveGroupRequest__Output } from '../../gatewayworker/v1/LeaveGroupRequest';
import type { LeaveGroupResponse as _gatewayworker_v1_LeaveGroupResponse, LeaveGroupResponse__Output as _gatewayworker_v1_LeaveGroupResponse__Output } from '../../gatewayworker/v1/LeaveGroupResponse';
import type { SendToAllRequest as _gatewayworker_v1_SendToAllRequest, SendToAllRequest__Output as _gatewayworker_v1_SendToAllRequest__Output } from '../../gatewayworker/v1/SendToAllRequest';
import type { SendToAllResponse as _gatewayworker_v1_SendToAllResponse, SendToAllResponse__Output as _gatewayworker_v1_SendToAllResponse__Output } from '../../gatewayworker/v1/SendToAllResponse';
import type { SendToClientRequest as _gatewayworker_v1_SendToClientRequest, SendToClientRequest__Output as _gatewayworker_v1_SendToClientRequest__Output } from '../../gatewayworker/v1/SendToClientRequest';
import type { SendToClientResponse as _gatewayworker_v1_SendToClientResponse, SendToClientResponse__Output as _gatewayworker_v1_SendToClientResponse__Output } from '../../gatewayworker/v1/SendToClientResponse';
import type { SendToGroupRequest as _gatewayworker_v1_SendToGroupRequest, SendToGroupRequest__Output as _gatewayworker_v1_SendToGroupRequest__Output } from '../../gatewayworker/v1/SendToGroupRequest';
import type { SendToGroupResponse as _gatewayworker_v1_SendToGroupResponse, SendToGroupResponse__Output as _gatewayworker_v1_SendToGroupResponse__Output } from '../../gatewayworker/v1/SendToGroupResponse';
import type { SendToUidRequest as _gatewayworker_v1_SendToUidRequest, SendToUidRequest__Output as _gatewayworker_v1_SendToUidRequest__Output } from '../../gatewayworker/v1/SendToUidRequest';
import type { SendToUidResponse as _gatewayworker_v1_SendToUidResponse, SendToUidResponse__Output as _gatewayworker_v1_SendToUidResponse__Output } from '../../gatewayworker/v1/SendToUidResponse';
import type { SetSessionRequest as _gatewayworker_v1_SetSessionRequest, SetSessionRequest__Output as _gatewayworker_v1_SetSessionRequest__Output } from '../../gatewayworker/v1/SetSessionRequest';
import type { SetSessionResponse as _gatewayworker_v1_SetSessionResponse, SetSessionResponse__Output as _gatewayworker_v1_SetSessionResponse__Output } from '../../gatewayworker/v1/SetSessionResponse';
import type { UnbindUidRequest as _gatewayworker_v1_UnbindUidRequest, UnbindUidRequest__Output as _gatewayworker_v1_UnbindUidRequest__Output } from '../../gatewayworker/v1/UnbindUidRequest';
import type { UnbindUidResponse as _gatewayworker_v1_UnbindUidResponse, UnbindUidResponse__Output as _gatewayworker_v1_UnbindUidResponse__Output } from '../../gatewayworker/v1/UnbindUidResponse';
import type { UngroupRequest as _gatewayworker_v1_UngroupRequest, UngroupRequest__Output as _gatewayworker_v1_UngroupRequest__Output } from '../../gatewayworker/v1/UngroupRequest';
import type { UngroupResponse as _gatewayworker_v1_UngroupResponse, UngroupResponse__Output as _gatewayworker_v1_UngroupResponse__Output } from '../../gatewayworker/v1/UngroupResponse';
import type { UpdateSessionRequest as _gatewayworker_v1_UpdateSessionRequest, UpdateSessionRequest__Output as _gatewayworker_v1_UpdateSessionRequest__Output } from '../../gatewayworker/v1/UpdateSessionRequest';
import type { UpdateSessionResponse as _gatewayworker_v1_UpdateSessionResponse, UpdateSessionResponse__Output as _gatewayworker_v1_UpdateSessionResponse__Output } from '../../gatewayworker/v1/UpdateSessionResponse';

export interface ClusterClient extends grpc.Client {
  BindUid(argument: _gatewayworker_v1_BindUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  BindUid(argument: _gatewayworker_v1_BindUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  BindUid(argument: _gatewayworker_v1_BindUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  BindUid(argument: _gatewayworker_v1_BindUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  bindUid(argument: _gatewayworker_v1_BindUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  bindUid(argument: _gatewayworker_v1_BindUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  bindUid(argument: _gatewayworker_v1_BindUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  bindUid(argument: _gatewayworker_v1_BindUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_BindUidResponse__Output>): grpc.ClientUnaryCall;
  
  CloseClient(argument: _gatewayworker_v1_CloseClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  CloseClient(argument: _gatewayworker_v1_CloseClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  CloseClient(argument: _gatewayworker_v1_CloseClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  CloseClient(argument: _gatewayworker_v1_CloseClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  closeClient(argument: _gatewayworker_v1_CloseClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  closeClient(argument: _gatewayworker_v1_CloseClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  closeClient(argument: _gatewayworker_v1_CloseClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  closeClient(argument: _gatewayworker_v1_CloseClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_CloseClientResponse__Output>): grpc.ClientUnaryCall;
  
  DestroyClient(argument: _gatewayworker_v1_DestroyClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  DestroyClient(argument: _gatewayworker_v1_DestroyClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  DestroyClient(argument: _gatewayworker_v1_DestroyClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  DestroyClient(argument: _gatewayworker_v1_DestroyClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  destroyClient(argument: _gatewayworker_v1_DestroyClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  destroyClient(argument: _gatewayworker_v1_DestroyClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  destroyClient(argument: _gatewayworker_v1_DestroyClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  destroyClient(argument: _gatewayworker_v1_DestroyClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_DestroyClientResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  getAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  getAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  getAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  getAllClientCount(argument: _gatewayworker_v1_GetAllClientCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientCountResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllClientIdList(argument: _gatewayworker_v1_GetAllClientIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientIdListResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  GetAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  getAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  getAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  getAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  getAllClientSessions(argument: _gatewayworker_v1_GetAllClientSessionsRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllClientSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdCount(argument: _gatewayworker_v1_GetAllGroupClientIdCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupClientIdList(argument: _gatewayworker_v1_GetAllGroupClientIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupClientIdListResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupIdList(argument: _gatewayworker_v1_GetAllGroupIdListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupIdListResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidCount(argument: _gatewayworker_v1_GetAllGroupUidCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidCountResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllGroupUidList(argument: _gatewayworker_v1_GetAllGroupUidListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllGroupUidListResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  getAllUidCount(argument: _gatewayworker_v1_GetAllUidCountRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidCountResponse__Output>): grpc.ClientUnaryCall;
  
  GetAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  GetAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  getAllUidList(argument: _gatewayworker_v1_GetAllUidListRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetAllUidListResponse__Output>): grpc.ClientUnaryCall;
  
  GetClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientCountByGroup(argument: _gatewayworker_v1_GetClientCountByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  
  GetClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  getClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  getClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  getClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  getClientIdByUid(argument: _gatewayworker_v1_GetClientIdByUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdByUidResponse__Output>): grpc.ClientUnaryCall;
  
  GetClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientIdListByGroup(argument: _gatewayworker_v1_GetClientIdListByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientIdListByGroupResponse__Output>): grpc.ClientUnaryCall;
  
  GetClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  getClientSessionsByGroup(argument: _gatewayworker_v1_GetClientSessionsByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetClientSessionsByGroupResponse__Output>): grpc.ClientUnaryCall;
  
  GetSession(argument: _gatewayworker_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _gatewayworker_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _gatewayworker_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _gatewayworker_v1_GetSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  getSession(argument: _gatewayworker_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  getSession(argument: _gatewayworker_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  getSession(argument: _gatewayworker_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  getSession(argument: _gatewayworker_v1_GetSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
  
  GetUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  GetUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  GetUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  GetUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  getUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  getUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  getUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  getUidByClientId(argument: _gatewayworker_v1_GetUidByClientIdRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidByClientIdResponse__Output>): grpc.ClientUnaryCall;
  
  GetUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidCountByGroup(argument: _gatewayworker_v1_GetUidCountByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidCountByGroupResponse__Output>): grpc.ClientUnaryCall;
  
  GetUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  GetUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  getUidListByGroup(argument: _gatewayworker_v1_GetUidListByGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_GetUidListByGroupResponse__Output>): grpc.ClientUnaryCall;
  
  IsOnline(argument: _gatewayworker_v1_IsOnlineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsOnline(argument: _gatewayworker_v1_IsOnlineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsOnline(argument: _gatewayworker_v1_IsOnlineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsOnline(argument: _gatewayworker_v1_IsOnlineRequest, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  isOnline(argument: _gatewayworker_v1_IsOnlineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  isOnline(argument: _gatewayworker_v1_IsOnlineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  isOnline(argument: _gatewayworker_v1_IsOnlineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  isOnline(argument: _gatewayworker_v1_IsOnlineRequest, callback: grpc.requestCallback<_gatewayworker_v1_IsOnlineResponse__Output>): grpc.ClientUnaryCall;
  
  IsUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  IsUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  isUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  isUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  isUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  isUidOnline(argument: _gatewayworker_v1_IsUidOnlineRequest, callback: grpc.requestCallback<_gatewayworker_v1_IsUidOnlineResponse__Output>): grpc.ClientUnaryCall;
  
  JoinGroup(argument: _gatewayworker_v1_JoinGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _gatewayworker_v1_JoinGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _gatewayworker_v1_JoinGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  JoinGroup(argument: _gatewayworker_v1_JoinGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _gatewayworker_v1_JoinGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _gatewayworker_v1_JoinGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _gatewayworker_v1_JoinGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  joinGroup(argument: _gatewayworker_v1_JoinGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_JoinGroupResponse__Output>): grpc.ClientUnaryCall;
  
  LeaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  LeaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  leaveGroup(argument: _gatewayworker_v1_LeaveGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_LeaveGroupResponse__Output>): grpc.ClientUnaryCall;
  
  SendToAll(argument: _gatewayworker_v1_SendToAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  SendToAll(argument: _gatewayworker_v1_SendToAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  SendToAll(argument: _gatewayworker_v1_SendToAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  SendToAll(argument: _gatewayworker_v1_SendToAllRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  sendToAll(argument: _gatewayworker_v1_SendToAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  sendToAll(argument: _gatewayworker_v1_SendToAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  sendToAll(argument: _gatewayworker_v1_SendToAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  sendToAll(argument: _gatewayworker_v1_SendToAllRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToAllResponse__Output>): grpc.ClientUnaryCall;
  
  SendToClient(argument: _gatewayworker_v1_SendToClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  SendToClient(argument: _gatewayworker_v1_SendToClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  SendToClient(argument: _gatewayworker_v1_SendToClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  SendToClient(argument: _gatewayworker_v1_SendToClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  sendToClient(argument: _gatewayworker_v1_SendToClientRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  sendToClient(argument: _gatewayworker_v1_SendToClientRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  sendToClient(argument: _gatewayworker_v1_SendToClientRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  sendToClient(argument: _gatewayworker_v1_SendToClientRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToClientResponse__Output>): grpc.ClientUnaryCall;
  
  SendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  SendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  SendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  SendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  sendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  sendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  sendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  sendToGroup(argument: _gatewayworker_v1_SendToGroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToGroupResponse__Output>): grpc.ClientUnaryCall;
  
  SendToUid(argument: _gatewayworker_v1_SendToUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  SendToUid(argument: _gatewayworker_v1_SendToUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  SendToUid(argument: _gatewayworker_v1_SendToUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  SendToUid(argument: _gatewayworker_v1_SendToUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  sendToUid(argument: _gatewayworker_v1_SendToUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  sendToUid(argument: _gatewayworker_v1_SendToUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  sendToUid(argument: _gatewayworker_v1_SendToUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  sendToUid(argument: _gatewayworker_v1_SendToUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_SendToUidResponse__Output>): grpc.ClientUnaryCall;
  
  SetSession(argument: _gatewayworker_v1_SetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  SetSession(argument: _gatewayworker_v1_SetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  SetSession(argument: _gatewayworker_v1_SetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  SetSession(argument: _gatewayworker_v1_SetSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  setSession(argument: _gatewayworker_v1_SetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  setSession(argument: _gatewayworker_v1_SetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  setSession(argument: _gatewayworker_v1_SetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  setSession(argument: _gatewayworker_v1_SetSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_SetSessionResponse__Output>): grpc.ClientUnaryCall;
  
  UnbindUid(argument: _gatewayworker_v1_UnbindUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  UnbindUid(argument: _gatewayworker_v1_UnbindUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  UnbindUid(argument: _gatewayworker_v1_UnbindUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  UnbindUid(argument: _gatewayworker_v1_UnbindUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  unbindUid(argument: _gatewayworker_v1_UnbindUidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  unbindUid(argument: _gatewayworker_v1_UnbindUidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  unbindUid(argument: _gatewayworker_v1_UnbindUidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  unbindUid(argument: _gatewayworker_v1_UnbindUidRequest, callback: grpc.requestCallback<_gatewayworker_v1_UnbindUidResponse__Output>): grpc.ClientUnaryCall;
  
  Ungroup(argument: _gatewayworker_v1_UngroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  Ungroup(argument: _gatewayworker_v1_UngroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  Ungroup(argument: _gatewayworker_v1_UngroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  Ungroup(argument: _gatewayworker_v1_UngroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  ungroup(argument: _gatewayworker_v1_UngroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  ungroup(argument: _gatewayworker_v1_UngroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  ungroup(argument: _gatewayworker_v1_UngroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  ungroup(argument: _gatewayworker_v1_UngroupRequest, callback: grpc.requestCallback<_gatewayworker_v1_UngroupResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateSession(argument: _gatewayworker_v1_UpdateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  UpdateSession(argument: _gatewayworker_v1_UpdateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  UpdateSession(argument: _gatewayworker_v1_UpdateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  UpdateSession(argument: _gatewayworker_v1_UpdateSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  updateSession(argument: _gatewayworker_v1_UpdateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  updateSession(argument: _gatewayworker_v1_UpdateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  updateSession(argument: _gatewayworker_v1_UpdateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  updateSession(argument: _gatewayworker_v1_UpdateSessionRequest, callback: grpc.requestCallback<_gatewayworker_v1_UpdateSessionResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ClusterHandlers extends grpc.UntypedServiceImplementation {
  BindUid: grpc.handleUnaryCall<_gatewayworker_v1_BindUidRequest__Output, _gatewayworker_v1_BindUidResponse>;
  
  CloseClient: grpc.handleUnaryCall<_gatewayworker_v1_CloseClientRequest__Output, _gatewayworker_v1_CloseClientResponse>;
  
  DestroyClient: grpc.handleUnaryCall<_gatewayworker_v1_DestroyClientRequest__Output, _gatewayworker_v1_DestroyClientResponse>;
  
  GetAllClientCount: grpc.handleUnaryCall<_gatewayworker_v1_GetAllClientCountRequest__Output, _gatewayworker_v1_GetAllClientCountResponse>;
  
  GetAllClientIdList: grpc.handleUnaryCall<_gatewayworker_v1_GetAllClientIdListRequest__Output, _gatewayworker_v1_GetAllClientIdListResponse>;
  
  GetAllClientSessions: grpc.handleUnaryCall<_gatewayworker_v1_GetAllClientSessionsRequest__Output, _gatewayworker_v1_GetAllClientSessionsResponse>;
  
  GetAllGroupClientIdCount: grpc.handleUnaryCall<_gatewayworker_v1_GetAllGroupClientIdCountRequest__Output, _gatewayworker_v1_GetAllGroupClientIdCountResponse>;
  
  GetAllGroupClientIdList: grpc.handleUnaryCall<_gatewayworker_v1_GetAllGroupClientIdListRequest__Output, _gatewayworker_v1_GetAllGroupClientIdListResponse>;
  
  GetAllGroupIdList: grpc.handleUnaryCall<_gatewayworker_v1_GetAllGroupIdListRequest__Output, _gatewayworker_v1_GetAllGroupIdListResponse>;
  
  GetAllGroupUidCount: grpc.handleUnaryCall<_gatewayworker_v1_GetAllGroupUidCountRequest__Output, _gatewayworker_v1_GetAllGroupUidCountResponse>;
  
  GetAllGroupUidList: grpc.handleUnaryCall<_gatewayworker_v1_GetAllGroupUidListRequest__Output, _gatewayworker_v1_GetAllGroupUidListResponse>;
  
  GetAllUidCount: grpc.handleUnaryCall<_gatewayworker_v1_GetAllUidCountRequest__Output, _gatewayworker_v1_GetAllUidCountResponse>;
  
  GetAllUidList: grpc.handleUnaryCall<_gatewayworker_v1_GetAllUidListRequest__Output, _gatewayworker_v1_GetAllUidListResponse>;
  
  GetClientCountByGroup: grpc.handleUnaryCall<_gatewayworker_v1_GetClientCountByGroupRequest__Output, _gatewayworker_v1_GetClientCountByGroupResponse>;
  
  GetClientIdByUid: grpc.handleUnaryCall<_gatewayworker_v1_GetClientIdByUidRequest__Output, _gatewayworker_v1_GetClientIdByUidResponse>;
  
  GetClientIdListByGroup: grpc.handleUnaryCall<_gatewayworker_v1_GetClientIdListByGroupRequest__Output, _gatewayworker_v1_GetClientIdListByGroupResponse>;
  
  GetClientSessionsByGroup: grpc.handleUnaryCall<_gatewayworker_v1_GetClientSessionsByGroupRequest__Output, _gatewayworker_v1_GetClientSessionsByGroupResponse>;
  
  GetSession: grpc.handleUnaryCall<_gatewayworker_v1_GetSessionRequest__Output, _gatewayworker_v1_GetSessionResponse>;
  
  GetUidByClientId: grpc.handleUnaryCall<_gatewayworker_v1_GetUidByClientIdRequest__Output, _gatewayworker_v1_GetUidByClientIdResponse>;
  
  GetUidCountByGroup: grpc.handleUnaryCall<_gatewayworker_v1_GetUidCountByGroupRequest__Output, _gatewayworker_v1_GetUidCountByGroupResponse>;
  
  GetUidListByGroup: grpc.handleUnaryCall<_gatewayworker_v1_GetUidListByGroupRequest__Output, _gatewayworker_v1_GetUidListByGroupResponse>;
  
  IsOnline: grpc.handleUnaryCall<_gatewayworker_v1_IsOnlineRequest__Output, _gatewayworker_v1_IsOnlineResponse>;
  
  IsUidOnline: grpc.handleUnaryCall<_gatewayworker_v1_IsUidOnlineRequest__Output, _gatewayworker_v1_IsUidOnlineResponse>;
  
  JoinGroup: grpc.handleUnaryCall<_gatewayworker_v1_JoinGroupRequest__Output, _gatewayworker_v1_JoinGroupResponse>;
  
  LeaveGroup: grpc.handleUnaryCall<_gatewayworker_v1_LeaveGroupRequest__Output, _gatewayworker_v1_LeaveGroupResponse>;
  
  SendToAll: grpc.handleUnaryCall<_gatewayworker_v1_SendToAllRequest__Output, _gatewayworker_v1_SendToAllResponse>;
  
  SendToClient: grpc.handleUnaryCall<_gatewayworker_v1_SendToClientRequest__Output, _gatewayworker_v1_SendToClientResponse>;
  
  SendToGroup: grpc.handleUnaryCall<_gatewayworker_v1_SendToGroupRequest__Output, _gatewayworker_v1_SendToGroupResponse>;
  
  SendToUid: grpc.handleUnaryCall<_gatewayworker_v1_SendToUidRequest__Output, _gatewayworker_v1_SendToUidResponse>;
  
  SetSession: grpc.handleUnaryCall<_gatewayworker_v1_SetSessionRequest__Output, _gatewayworker_v1_SetSessionResponse>;
  
  UnbindUid: grpc.handleUnaryCall<_gatewayworker_v1_UnbindUidRequest__Output, _gatewayworker_v1_UnbindUidResponse>;
  
  Ungroup: grpc.handleUnaryCall<_gatewayworker_v1_UngroupRequest__Output, _gatewayworker_v1_UngroupResponse>;
  
  UpdateSession: grpc.handleUnaryCall<_gatewayworker_v1_UpdateSessionRequest__Output, _gatewayworker_v1_UpdateSessionResponse>;
  
}

export interface ClusterDefinition extends grpc.ServiceDefinition {
  BindUid: MethodDefinition<_gatewayworker_v1_BindUidRequest, _gatewayworker_v1_BindUidResponse, _gatewayworker_v1_BindUidRequest__Output, _gatewayworker_v1_BindUidResponse__Output>
  CloseClient: MethodDefinition<_gatewayworker_v1_CloseClientRequest, _gatewayworker_v1_CloseClientResponse, _gatewayworker_v1_CloseClientRequest__Output, _gatewayworker_v1_CloseClientResponse__Output>
  DestroyClient: MethodDefinition<_gatewayworker_v1_DestroyClientRequest, _gatewayworker_v1_DestroyClientResponse, _gatewayworker_v1_DestroyClientRequest__Output, _gatewayworker_v1_DestroyClientResponse__Output>
  GetAllClientCount: MethodDefinition<_gatewayworker_v1_GetAllClientCountRequest, _gatewayworker_v1_GetAllClientCountResponse, _gatewayworker_v1_GetAllClientCountRequest__Output, _gatewayworker_v1_GetAllClientCountResponse__Output>
  GetAllClientIdList: MethodDefinition<_gatewayworker_v1_GetAllClientIdListRequest, _gatewayworker_v1_GetAllClientIdListResponse, _gatewayworker_v1_GetAllClientIdListRequest__Output, _gatewayworker_v1_GetAllClientIdListResponse__Output>
  GetAllClientSessions: MethodDefinition<_gatewayworker_v1_GetAllClientSessionsRequest, _gatewayworker_v1_GetAllClientSessionsResponse, _gatewayworker_v1_GetAllClientSessionsRequest__Output, _gatewayworker_v1_GetAllClientSessionsResponse__Output>
  GetAllGroupClientIdCount: MethodDefinition<_gatewayworker_v1_GetAllGroupClientIdCountRequest, _gatewayworker_v1_GetAllGroupClientIdCountResponse, _gatewayworker_v1_GetAllGroupClientIdCountRequest__Output, _gatewayworker_v1_GetAllGroupClientIdCountResponse__Output>
  GetAllGroupClientIdList: MethodDefinition<_gatewayworker_v1_GetAllGroupClientIdListRequest, _gatewayworker_v1_GetAllGroupClientIdListResponse, _gatewayworker_v1_GetAllGroupClientIdListRequest__Output, _gatewayworker_v1_GetAllGroupClientIdListResponse__Output>
  GetAllGroupIdList: MethodDefinition<_gatewayworker_v1_GetAllGroupIdListRequest, _gatewayworker_v1_GetAllGroupIdListResponse, _gatewayworker_v1_GetAllGroupIdListRequest__Output, _gatewayworker_v1_GetAllGroupIdListResponse__Output>
  GetAllGroupUidCount: MethodDefinition<_gatewayworker_v1_GetAllGroupUidCountRequest, _gatewayworker_v1_GetAllGroupUidCountResponse, _gatewayworker_v1_GetAllGroupUidCountRequest__Output, _gatewayworker_v1_GetAllGroupUidCountResponse__Output>
  GetAllGroupUidList: MethodDefinition<_gatewayworker_v1_GetAllGroupUidListRequest, _gatewayworker_v1_GetAllGroupUidListResponse, _gatewayworker_v1_GetAllGroupUidListRequest__Output, _gatewayworker_v1_GetAllGroupUidListResponse__Output>
  GetAllUidCount: MethodDefinition<_gatewayworker_v1_GetAllUidCountRequest, _gatewayworker_v1_GetAllUidCountResponse, _gatewayworker_v1_GetAllUidCountRequest__Output, _gatewayworker_v1_GetAllUidCountResponse__Output>
  GetAllUidList: MethodDefinition<_gatewayworker_v1_GetAllUidListRequest, _gatewayworker_v1_GetAllUidListResponse, _gatewayworker_v1_GetAllUidListRequest__Output, _gatewayworker_v1_GetAllUidListResponse__Output>
  GetClientCountByGroup: MethodDefinition<_gatewayworker_v1_GetClientCountByGroupRequest, _gatewayworker_v1_GetClientCountByGroupResponse, _gatewayworker_v1_GetClientCountByGroupRequest__Output, _gatewayworker_v1_GetClientCountByGroupResponse__Output>
  GetClientIdByUid: MethodDefinition<_gatewayworker_v1_GetClientIdByUidRequest, _gatewayworker_v1_GetClientIdByUidResponse, _gatewayworker_v1_GetClientIdByUidRequest__Output, _gatewayworker_v1_GetClientIdByUidResponse__Output>
  GetClientIdListByGroup: MethodDefinition<_gatewayworker_v1_GetClientIdListByGroupRequest, _gatewayworker_v1_GetClientIdListByGroupResponse, _gatewayworker_v1_GetClientIdListByGroupRequest__Output, _gatewayworker_v1_GetClientIdListByGroupResponse__Output>
  GetClientSessionsByGroup: MethodDefinition<_gatewayworker_v1_GetClientSessionsByGroupRequest, _gatewayworker_v1_GetClientSessionsByGroupResponse, _gatewayworker_v1_GetClientSessionsByGroupRequest__Output, _gatewayworker_v1_GetClientSessionsByGroupResponse__Output>
  GetSession: MethodDefinition<_gatewayworker_v1_GetSessionRequest, _gatewayworker_v1_GetSessionResponse, _gatewayworker_v1_GetSessionRequest__Output, _gatewayworker_v1_GetSessionResponse__Output>
  GetUidByClientId: MethodDefinition<_gatewayworker_v1_GetUidByClientIdRequest, _gatewayworker_v1_GetUidByClientIdResponse, _gatewayworker_v1_GetUidByClientIdRequest__Output, _gatewayworker_v1_GetUidByClientIdResponse__Output>
  GetUidCountByGroup: MethodDefinition<_gatewayworker_v1_GetUidCountByGroupRequest, _gatewayworker_v1_GetUidCountByGroupResponse, _gatewayworker_v1_GetUidCountByGroupRequest__Output, _gatewayworker_v1_GetUidCountByGroupResponse__Output>
  GetUidListByGroup: MethodDefinition<_gatewayworker_v1_GetUidListByGroupRequest, _gatewayworker_v1_GetUidListByGroupResponse, _gatewayworker_v1_GetUidListByGroupRequest__Output, _gatewayworker_v1_GetUidListByGroupResponse__Output>
  IsOnline: MethodDefinition<_gatewayworker_v1_IsOnlineRequest, _gatewayworker_v1_IsOnlineResponse, _gatewayworker_v1_IsOnlineRequest__Output, _gatewayworker_v1_IsOnlineResponse__Output>
  IsUidOnline: MethodDefinition<_gatewayworker_v1_IsUidOnlineRequest, _gatewayworker_v1_IsUidOnlineResponse, _gatewayworker_v1_IsUidOnlineRequest__Output, _gatewayworker_v1_IsUidOnlineResponse__Output>
  JoinGroup: MethodDefinition<_gatewayworker_v1_JoinGroupRequest, _gatewayworker_v1_JoinGroupResponse, _gatewayworker_v1_JoinGroupRequest__Output, _gatewayworker_v1_JoinGroupResponse__Output>
  LeaveGroup: MethodDefinition<_gatewayworker_v1_LeaveGroupRequest, _gatewayworker_v1_LeaveGroupResponse, _gatewayworker_v1_LeaveGroupRequest__Output, _gatewayworker_v1_LeaveGroupResponse__Output>
  SendToAll: MethodDefinition<_gatewayworker_v1_SendToAllRequest, _gatewayworker_v1_SendToAllResponse, _gatewayworker_v1_SendToAllRequest__Output, _gatewayworker_v1_SendToAllResponse__Output>
  SendToClient: MethodDefinition<_gatewayworker_v1_SendToClientRequest, _gatewayworker_v1_SendToClientResponse, _gatewayworker_v1_SendToClientRequest__Output, _gatewayworker_v1_SendToClientResponse__Output>
  SendToGroup: MethodDefinition<_gatewayworker_v1_SendToGroupRequest, _gatewayworker_v1_SendToGroupResponse, _gatewayworker_v1_SendToGroupRequest__Output, _gatewayworker_v1_SendToGroupResponse__Output>
  SendToUid: MethodDefinition<_gatewayworker_v1_SendToUidRequest, _gatewayworker_v1_SendToUidResponse, _gatewayworker_v1_SendToUidRequest__Output, _gatewayworker_v1_SendToUidResponse__Output>
  SetSession: MethodDefinition<_gatewayworker_v1_SetSessionRequest, _gatewayworker_v1_SetSessionResponse, _gatewayworker_v1_SetSessionRequest__Output, _gatewayworker_v1_SetSessionResponse__Output>
  UnbindUid: MethodDefinition<_gatewayworker_v1_UnbindUidRequest, _gatewayworker_v1_UnbindUidResponse, _gatewayworker_v1_UnbindUidRequest__Output, _gatewayworker_v1_UnbindUidResponse__Output>
  Ungroup: MethodDefinition<_gatewayworker_v1_UngroupRequest, _gatewayworker_v1_UngroupResponse, _gatewayworker_v1_UngroupRequest__Output, _gatewayworker_v1_UngroupResponse__Output>
  UpdateSession: MethodDefinition<_gatewayworker_v1_UpdateSessionRequest, _gatewayworker_v1_UpdateSessionResponse, _gatewayworker_v1_UpdateSessionRequest__Output, _gatewayworker_v1_UpdateSessionResponse__Output>
}
