import type { MethodDefinition } from '@grpc/proto-loader';
import { isClientId } from '../client-id';
import { GatewayWorkerError, type ErrorCode } from '../errors';
import { parseSession } from '../session';
import { loadProtos } from '../rpc/load';
import { nearestName } from '../util/suggest';
import { CLUSTER_SERVICE } from './cluster-service';
import { OPERATIONS, type OperationName } from './operations';

/**
 * The HTTP API's requests, read from the same protos as gatewayworker.v1.Cluster: the JSON body of
 * `POST /v1/<operation>` is the operation's unary request in its proto field names (what grpcurl
 * takes), checked field by field so that a refusal names the field. Pure: no sockets.
 */

/** A refusal the HTTP API answers with `status` and `{ error: { code, message, field? } }`. */
export class HttpApiError extends GatewayWorkerError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(code, message);
  }
}

/** The scalar kinds request fields use (others would need a reader before the API starts). */
type FieldKind = 'string' | 'bytes' | 'bool' | 'uint32';
const KIND_OF_PROTO_TYPE: Record<string, FieldKind> = {
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_BOOL: 'bool',
  TYPE_UINT32: 'uint32',
};
const KIND_DESCRIPTION: Record<FieldKind, { one: string; list: string }> = {
  string: { one: 'a string', list: 'a list of strings' },
  bytes: { one: 'a base64 string', list: 'a list of base64 strings' },
  bool: { one: 'true or false', list: 'a list of booleans' },
  uint32: { one: 'an integer from 0 to 4294967295', list: 'a list of integers' },
};

interface FieldSchema {
  name: string;
  kind: FieldKind;
  repeated: boolean;
  /** Its oneof, when it is one of several alternatives (`text` or `binary`). */
  oneof?: string;
}

export interface OperationSchema {
  name: OperationName;
  kind: 'command' | 'query';
  scope: 'client' | 'all';
  fields: FieldSchema[];
  /** Fields of the response, with a short type ('number', 'string[]', 'object[]'...). */
  result: Record<string, string>;
  method: MethodDefinition<object, object>;
}

interface DescriptorField {
  name: string;
  label: string;
  type: string;
  typeName: string;
}

/** Every operation's schema, by name; built once (throws at start if a request uses another kind). */
export function operationSchemas(): ReadonlyMap<string, OperationSchema> {
  schemas ??= buildSchemas();
  return schemas;
}
let schemas: Map<string, OperationSchema> | undefined;

function buildSchemas(): Map<string, OperationSchema> {
  const service = loadProtos().definition[CLUSTER_SERVICE] as Record<
    string,
    MethodDefinition<object, object>
  >;
  const result = new Map<string, OperationSchema>();
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const { rpc, kind, scope } = OPERATIONS[name];
    const method = service[rpc];
    if (!method) throw new Error(`${CLUSTER_SERVICE} has no method ${rpc} for the HTTP API`);
    const fields = descriptorFields(method.requestType).map((f) => requestField(rpc, f));
    for (const field of fields) field.oneof = oneofOf(method, field);
    const response = Object.fromEntries(
      descriptorFields(method.responseType).map((f) => [f.name, describeType(f)]),
    );
    result.set(name, { name, kind, scope, fields, result: response, method });
  }
  return result;
}

function descriptorFields(type: { type: object }): DescriptorField[] {
  return (type.type as { field: DescriptorField[] }).field;
}

function requestField(rpc: string, field: DescriptorField): FieldSchema {
  const kind = KIND_OF_PROTO_TYPE[field.type];
  if (!kind) throw new Error(`the HTTP API cannot read ${rpc} field ${field.name} (${field.type})`);
  return { name: field.name, kind, repeated: field.label === 'LABEL_REPEATED' };
}

/**
 * The oneof a singular field belongs to, found by a round trip through the codec: the loader's
 * descriptors give every field oneofIndex 0, so they cannot say.
 */
function oneofOf(method: MethodDefinition<object, object>, field: FieldSchema): string | undefined {
  if (field.repeated) return undefined;
  const sample = { string: 'x', bytes: 'eA==', bool: true, uint32: 1 }[field.kind];
  const decoded = method.requestDeserialize(method.requestSerialize({ [field.name]: sample })) as Record<
    string,
    unknown
  >;
  return Object.keys(decoded).find((key) => key !== field.name && decoded[key] === field.name);
}

function describeType(field: DescriptorField): string {
  const base =
    KIND_OF_PROTO_TYPE[field.type] === 'uint32' ? 'number' : (KIND_OF_PROTO_TYPE[field.type] ?? 'object');
  return field.label === 'LABEL_REPEATED' ? `${base}[]` : base;
}

/** What `GET /v1` lists for one operation. */
export function describeOperation(schema: OperationSchema): object {
  return {
    name: schema.name,
    method: 'POST',
    path: `/v1/${schema.name}`,
    kind: schema.kind,
    scope: schema.scope,
    fields: Object.fromEntries(
      schema.fields.map((f) => [
        f.name,
        `${f.kind === 'bytes' ? 'base64' : f.kind === 'uint32' ? 'number' : f.kind}${f.repeated ? '[]' : ''}` +
          (f.oneof ? ` (one of ${oneofMembers(schema, f.oneof).join(', ')})` : ''),
      ]),
    ),
    result: schema.result,
  };
}

function oneofMembers(schema: OperationSchema, oneof: string): string[] {
  return schema.fields.filter((f) => f.oneof === oneof).map((f) => f.name);
}

const invalid = (message: string, field?: string, code: ErrorCode = 'GW_ERR_INVALID_REQUEST'): HttpApiError =>
  new HttpApiError(400, code, message, field);

/** The body's text as JSON (empty = `{}`). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(`the body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The body as the operation's unary request, decoded as gRPC would decode it; throws HttpApiError
 * naming the first bad field. `null` is the same as a field left out (proto3 JSON).
 */
/**
 * What a request must give beyond the fields the operation table refuses empty (`client_id`,
 * `uid`): one field of each set. A send needs its message, a send or query by uids or groups its
 * list (an explicit `[]` still means nobody, as on gRPC). Over HTTP a field left out is a typo or
 * a caller's bug far more often than a wish to send nothing to nobody.
 */
const MESSAGE = ['text', 'binary'];
const REQUIRED: Partial<Record<OperationName, readonly (readonly string[])[]>> = {
  sendToClient: [MESSAGE],
  sendToUid: [['uids'], MESSAGE],
  sendToGroup: [['groups'], MESSAGE],
  sendToAll: [MESSAGE],
  getClientIdListByGroup: [['groups']],
  getUidListByGroup: [['groups']],
  getUidCountByGroup: [['group', 'groups']],
};

function checkRequired(schema: OperationSchema, body: Record<string, unknown>): void {
  for (const names of REQUIRED[schema.name] ?? []) {
    if (names.some((name) => body[name] !== undefined && body[name] !== null)) continue;
    const wanted = names.map((name) => `\`${name}\``).join(' or ');
    throw invalid(`${wanted} is required for ${schema.name}`, names[0]);
  }
}

export function readRequest(schema: OperationSchema, body: unknown): object {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid(`the body must be a JSON object of ${schema.name}'s fields`);
  const request: Record<string, unknown> = {};
  const chosen = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    const field = schema.fields.find((f) => f.name === key);
    if (!field) throw unknownField(schema, key);
    if (value === null) continue;
    if (field.oneof) {
      const other = chosen.get(field.oneof);
      if (other) throw invalid(`give \`${other}\` or \`${key}\`, not both`, key);
      chosen.set(field.oneof, key);
    }
    request[key] = field.repeated ? readList(field, value) : readScalar(field, value, key);
  }
  checkRequired(schema, body as Record<string, unknown>);
  return schema.method.requestDeserialize(schema.method.requestSerialize(request));
}

function unknownField(schema: OperationSchema, key: string): HttpApiError {
  const names = schema.fields.map((f) => f.name);
  const nearest = nearestName(key, names);
  const hint = nearest
    ? ` (did you mean \`${nearest}\`?)`
    : names.length > 0
      ? `; its fields are ${names.join(', ')}`
      : '; it takes no fields';
  return invalid(`unknown field \`${key}\` for ${schema.name}${hint}`, key);
}

function readList(field: FieldSchema, value: unknown): unknown[] {
  if (!Array.isArray(value))
    throw invalid(
      `\`${field.name}\` must be ${KIND_DESCRIPTION[field.kind].list}, got ${describeJson(value)}`,
      field.name,
    );
  return value.map((item, i) => {
    const path = `${field.name}[${i}]`;
    const read = readScalar(field, item, path);
    // List items are uids, groups and client ids: an empty one is a mistake, never "nobody".
    if (read === '') throw invalid(`\`${path}\` must not be empty`, path, 'GW_ERR_INVALID_ARGUMENT');
    return read;
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** One value; `path` names it in errors (`groups[2]`). */
function readScalar(field: FieldSchema, value: unknown, path: string): unknown {
  const wrongType = (): HttpApiError =>
    invalid(`\`${path}\` must be ${KIND_DESCRIPTION[field.kind].one}, got ${describeJson(value)}`, path);
  switch (field.kind) {
    case 'string': {
      // A number means its decimal string, as in the TypeScript API (uid 42 ≡ "42").
      const text = Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string') throw wrongType();
      checkStringValue(field.name, text, path);
      return text;
    }
    case 'bytes':
      if (typeof value !== 'string' || !BASE64.test(value)) throw wrongType();
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw wrongType();
      return value;
    case 'uint32':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 0xffffffff)
        throw wrongType();
      return value;
  }
}

/** Checks the table would make later, made here so that the error can name the field. */
function checkStringValue(name: string, text: string, path: string): void {
  if ((name.endsWith('client_id') || name.endsWith('client_ids')) && !isClientId(text))
    throw invalid(
      `\`${path}\` must be a client id (20 lowercase hex characters), got ${describeJson(text)}`,
      path,
      'GW_ERR_INVALID_CLIENT_ID',
    );
  if (name.endsWith('_json')) {
    try {
      parseSession(text);
    } catch (err) {
      const { code, message } = err as GatewayWorkerError;
      throw invalid(`\`${path}\`: ${message}`, path, code);
    }
  }
}

/** A short account of a JSON value for an error (never a stringify of it: it may be nested deep). */
function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}

/**
 * The field an argument error of the table is about: every given value passed the checks above,
 * so it is the first singular field left out or empty (`uid` of bindUid, `client_id` of isOnline).
 */
export function missingFieldOf(schema: OperationSchema, request: object): string | undefined {
  const given = request as Record<string, unknown>;
  return schema.fields.find((f) => !f.repeated && !f.oneof && !given[f.name])?.name;
}
