import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkHttpApi } from '../../src/api/http-api-options';
import {
  describeOperation,
  HttpApiError,
  missingFieldOf,
  operationSchemas,
  parseJsonBody,
  readRequest,
  type OperationSchema,
} from '../../src/api/http-request';
import { OPERATIONS } from '../../src/api/operations';
import { resolveRegisterOptions } from '../../src/register/options';

const ID = '7f00000108fc00000001';
const schema = (name: string): OperationSchema => operationSchemas().get(name)!;
/** The refusal readRequest throws, as the HTTP API would answer it. */
function refusal(
  name: string,
  body: unknown,
): { status: number; code: string; field?: string; message: string } {
  try {
    readRequest(schema(name), body);
  } catch (err) {
    const { status, code, field, message } = err as {
      status: number;
      code: string;
      field?: string;
      message: string;
    };
    return { status, code, field, message };
  }
  assert.fail(`${name} accepted ${JSON.stringify(body)}`);
}

describe('HTTP API requests (read from the operation table and the Cluster protos)', () => {
  it('has one route per operation of the table, with the fields of its unary request', () => {
    assert.deepEqual([...operationSchemas().keys()], Object.keys(OPERATIONS));
    assert.deepEqual(describeOperation(schema('sendToGroup')), {
      name: 'sendToGroup',
      method: 'POST',
      path: '/v1/sendToGroup',
      kind: 'command',
      scope: 'all',
      fields: {
        groups: 'string[]',
        text: 'string (one of text, binary)',
        binary: 'base64 (one of text, binary)',
        exclude_client_ids: 'string[]',
      },
      result: {},
    });
    assert.deepEqual((describeOperation(schema('getAllGroupClientIdCount')) as { result: object }).result, {
      groups: 'object[]',
    });
    assert.deepEqual((describeOperation(schema('getClientCountByGroup')) as { result: object }).result, {
      count: 'number',
    });
  });

  it('decodes a body as gRPC decodes the request: oneof chosen, base64 as bytes, numbers as strings', () => {
    assert.deepEqual(readRequest(schema('sendToUid'), { uids: [42, 'bob'], text: 'hi' }), {
      uids: ['42', 'bob'],
      text: 'hi',
      message: 'text',
    });
    assert.deepEqual(readRequest(schema('sendToClient'), { client_id: ID, binary: 'AAEC/w==' }), {
      client_id: ID,
      binary: Buffer.from([0, 1, 2, 255]),
      message: 'binary',
    });
    // null is a field left out (proto3 JSON); an empty body is {}.
    assert.deepEqual(readRequest(schema('getClientCountByGroup'), { group: null }), {});
    assert.deepEqual(parseJsonBody(' '), {});
  });

  it('refuses a body that is not a JSON object', () => {
    assert.throws(() => parseJsonBody('{"uids": ['), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      message: /^the body is not valid JSON: /,
    });
    assert.deepEqual(refusal('sendToAll', ['hi']), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: undefined,
      message: "the body must be a JSON object of sendToAll's fields",
    });
  });

  it('names an unknown field, with the nearest known one or the list', () => {
    assert.deepEqual(refusal('sendToUid', { uid: ['42'], text: 'hi' }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'uid',
      message: 'unknown field `uid` for sendToUid (did you mean `uids`?)',
    });
    assert.equal(
      refusal('sendToUid', { message: 'hi' }).message,
      'unknown field `message` for sendToUid; its fields are uids, text, binary',
    );
    assert.equal(
      refusal('getAllClientCount', { group: 'x' }).message,
      'unknown field `group` for getAllClientCount; it takes no fields',
    );
  });

  it('names a left-out message or target list; an explicit empty list or text is still a request', () => {
    assert.deepEqual(refusal('sendToUid', { text: 'hi' }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'uids',
      message: '`uids` is required for sendToUid',
    });
    assert.deepEqual(refusal('sendToUid', { uids: ['42'] }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'text',
      message: '`text` or `binary` is required for sendToUid',
    });
    assert.equal(refusal('sendToAll', { text: null }).field, 'text');
    assert.equal(refusal('sendToClient', { client_id: '7f00000108fc00000001' }).field, 'text');
    assert.equal(refusal('sendToGroup', { text: 'hi' }).field, 'groups');
    assert.equal(refusal('getUidListByGroup', {}).message, '`groups` is required for getUidListByGroup');
    assert.equal(
      refusal('getUidCountByGroup', {}).message,
      '`group` or `groups` is required for getUidCountByGroup',
    );
    // Given, though empty: read as on gRPC (nobody, an empty message), not refused.
    assert.equal((readRequest(schema('sendToUid'), { uids: [], text: '' }) as { text?: string }).text, '');
    assert.doesNotThrow(() => readRequest(schema('getUidCountByGroup'), { group: 'room' }));
    assert.doesNotThrow(() => readRequest(schema('sendToAll'), { binary: 'aGk=' }));
  });

  it('names a field of the wrong type, and the list item', () => {
    assert.deepEqual(refusal('sendToUid', { uids: '42', text: 'hi' }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'uids',
      message: '`uids` must be a list of strings, got "42"',
    });
    assert.equal(refusal('sendToAll', { text: { a: 1 } }).message, '`text` must be a string, got an object');
    // Deeply nested input is described, never stringified (which would overflow the stack).
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    assert.equal(refusal('sendToAll', { text: deep }).message, '`text` must be a string, got a list');
    assert.equal(refusal('sendToUid', { uids: [deep] }).message, '`uids[0]` must be a string, got a list');
    assert.equal(refusal('sendToGroup', { groups: ['a', true] }).field, 'groups[1]');
    assert.equal(refusal('sendToAll', { text: 1.5 }).field, 'text');
    assert.deepEqual(refusal('sendToAll', { binary: 'not base64!' }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'binary',
      message: '`binary` must be a base64 string, got "not base64!"',
    });
  });

  it('checks values the table would refuse, naming the field: client ids, empty names, sessions', () => {
    assert.deepEqual(refusal('sendToAll', { text: 'x', exclude_client_ids: [ID, 'abc'] }), {
      status: 400,
      code: 'GW_ERR_INVALID_CLIENT_ID',
      field: 'exclude_client_ids[1]',
      message: '`exclude_client_ids[1]` must be a client id (20 lowercase hex characters), got "abc"',
    });
    assert.equal(refusal('isOnline', { client_id: '' }).field, 'client_id');
    assert.deepEqual(refusal('sendToGroup', { groups: ['room', ''], text: 'x' }), {
      status: 400,
      code: 'GW_ERR_INVALID_ARGUMENT',
      field: 'groups[1]',
      message: '`groups[1]` must not be empty',
    });
    assert.deepEqual(refusal('setSession', { client_id: ID, session_json: '[1]' }), {
      status: 400,
      code: 'GW_ERR_INVALID_ARGUMENT',
      field: 'session_json',
      message: '`session_json`: session must be a JSON object',
    });
  });

  it('takes one member of a oneof only', () => {
    assert.deepEqual(refusal('sendToClient', { client_id: ID, text: 'a', binary: 'YQ==' }), {
      status: 400,
      code: 'GW_ERR_INVALID_REQUEST',
      field: 'binary',
      message: 'give `text` or `binary`, not both',
    });
  });

  it('names the singular field left out when the table refuses the arguments', () => {
    const bind = schema('bindUid');
    assert.equal(missingFieldOf(bind, readRequest(bind, { client_id: ID })), 'uid');
    assert.equal(missingFieldOf(bind, readRequest(bind, { client_id: ID, uid: '' })), 'uid');
    const online = schema('isOnline');
    assert.equal(missingFieldOf(online, readRequest(online, {})), 'client_id');
  });
});

describe('HTTP API requests: any JSON body', () => {
  it('is read or refused with a 400 naming a field, never anything else (seeded)', () => {
    const names = [...operationSchemas().keys()];
    const fieldNames = [
      ...new Set([...operationSchemas().values()].flatMap((s) => s.fields.map((f) => f.name))),
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(ID, 'AAEC/w==', '{"a":1}', '', 42, [ID, ''], ['room']),
    );
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom(...fieldNames, 'uid', 'message'), value, { maxKeys: 4 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), body, (name, candidate) => {
        try {
          readRequest(schema(name), candidate);
        } catch (err) {
          assert.ok(err instanceof HttpApiError, String(err));
          assert.equal(err.status, 400);
          const isObject = typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
          assert.equal(err.field === undefined, !isObject, err.message);
        }
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});

describe('httpApi option (Register)', () => {
  it('is off by default; a bare port listens on loopback', () => {
    assert.equal(resolveRegisterOptions().httpApi, undefined);
    assert.deepEqual(resolveRegisterOptions({ httpApi: { listen: 8080 } }).httpApi, {
      listen: '127.0.0.1:8080',
      maxBodyBytes: 1048576,
      requestTimeoutMs: 10000,
      maxConnections: 1000,
    });
    assert.equal(checkHttpApi({ listen: '8080' })?.listen, '127.0.0.1:8080');
    assert.equal(checkHttpApi({ listen: '0.0.0.0:80' })?.listen, '0.0.0.0:80');
  });

  it('refuses bad values and unknown names, naming them', () => {
    assert.throws(() => resolveRegisterOptions({ httpApi: { listen: 'nowhere' } }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: '`httpApi.listen` must be a "host:port" string, got "nowhere"',
    });
    assert.throws(() => resolveRegisterOptions({ httpApi: { listen: 0, maxBodyBytes: 0 } }), {
      message: '`httpApi.maxBodyBytes` must be a positive integer, got 0',
    });
    assert.throws(() => resolveRegisterOptions({ httpApi: { listen: 0, maxBodyByte: 5 } as never }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: 'unknown option `maxBodyByte` (did you mean `maxBodyBytes`?)',
    });
    assert.throws(() => resolveRegisterOptions({ httpApi: 8080 as never }), {
      message: '`httpApi` must be an object such as { listen: 8080 }',
    });
  });
});
