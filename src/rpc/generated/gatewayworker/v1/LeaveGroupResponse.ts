// Original file: proto/gatewayworker/v1/api.proto


export interface LeaveGroupResponse {
}

export interface LeaveGroupResponse__Output {
}
