import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { GatewayClient } from '../../src/api/gateway-client';
import { resolveGatewayOptions } from '../../src/gateway/options';
import { resolveRegisterOptions } from '../../src/register/options';
import { checkSecret } from '../../src/rpc/secret-key';
import { resolveBusinessWorkerOptions } from '../../src/worker/options';

/** Each role's options check, as a function of the two mesh options. */
const ROLES: Record<string, (mesh: object) => unknown> = {
  Register: (mesh) => resolveRegisterOptions(mesh),
  Gateway: (mesh) => resolveGatewayOptions(mesh),
  BusinessWorker: (mesh) => resolveBusinessWorkerOptions({ events: {}, ...mesh }),
  GatewayClient: (mesh) => new GatewayClient(mesh),
};

describe('mesh security options (secretKey, meshTls, introspection)', () => {
  for (const [role, resolve] of Object.entries(ROLES)) {
    it(`${role}: secretKey is a printable string, meshTls needs { ca, cert, key }`, () => {
      assert.doesNotThrow(() => resolve({ secretKey: 's3cret' }));
      assert.throws(() => resolve({ secretKey: 42 }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: "`secretKey` must be a string ('' = off), got number",
      });
      assert.throws(() => resolve({ secretKey: 'line\nbreak' }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: '`secretKey` must be printable ASCII (it travels as gRPC metadata)',
      });
      // (Files are read when the role first uses them: GatewayClient and BusinessWorker at construction.)
      assert.throws(() => resolve({ meshTls: 'certs/' }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: '`meshTls` must be an object { ca, cert, key } (PEM file paths)',
      });
      assert.throws(() => resolve({ meshTls: { ca: 'a', cert: 'b' } }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: '`meshTls.key` must be a non-empty string, got undefined',
      });
      assert.throws(() => resolve({ meshTls: { ca: 'a', cert: 'b', key: 'c', crt: 'd' } }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: /unknown option `crt` \(did you mean `cert`\?\)/,
      });
    });
  }

  it("Register and Gateway: introspection is 'open' (default) or 'secret'", () => {
    assert.equal(resolveRegisterOptions().introspection, 'open');
    assert.equal(resolveGatewayOptions({ introspection: 'secret' }).introspection, 'secret');
    assert.throws(() => resolveRegisterOptions({ introspection: 'closed' as 'open' }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: "`introspection` must be 'open' or 'secret', got \"closed\"",
    });
    assert.equal(resolveRegisterOptions().secretKey, '');
    assert.equal(resolveGatewayOptions().meshTls, undefined);
  });

  it('checkSecret: missing, wrong (any length, or two values), right', () => {
    const expected = createHash('sha256').update('key').digest();
    assert.equal(checkSecret(expected, []), 'missing');
    assert.equal(checkSecret(expected, ['key']), undefined);
    assert.equal(checkSecret(expected, [Buffer.from('key')]), undefined);
    for (const given of ['', 'ke', 'kex', 'key ', 'k'.repeat(1000)])
      assert.equal(checkSecret(expected, [given]), 'wrong', JSON.stringify(given));
    assert.equal(checkSecret(expected, ['key', 'key']), 'wrong');
  });
});
