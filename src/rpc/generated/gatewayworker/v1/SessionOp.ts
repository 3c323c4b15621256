// Original file: proto/gatewayworker/v1/commands.proto

export const SessionOp = {
  SESSION_OP_UNSPECIFIED: 'SESSION_OP_UNSPECIFIED',
  SESSION_OP_REPLACE: 'SESSION_OP_REPLACE',
  SESSION_OP_MERGE: 'SESSION_OP_MERGE',
  SESSION_OP_PATCH: 'SESSION_OP_PATCH',
} as const;

export type SessionOp =
  | 'SESSION_OP_UNSPECIFIED'
  | 0
  | 'SESSION_OP_REPLACE'
  | 1
  | 'SESSION_OP_MERGE'
  | 2
  | 'SESSION_OP_PATCH'
  | 3

export type SessionOp__Output = typeof SessionOp[keyof typeof SessionOp]
