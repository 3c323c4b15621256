// Original file: proto/gatewayworker/v1/register.proto


export interface ListGatewaysRequest {
}

export interface ListGatewaysRequest__Output {
}
