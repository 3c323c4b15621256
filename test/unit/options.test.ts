import { strict as assert } from 'node:assert';
import { resolveGatewayOptions } from '../../src/gateway/options';
import { resolveRegisterOptions } from '../../src/register/options';
import { nearestName } from '../../src/util/suggest';
import { validateEvents } from '../../src/worker/events';
import { GatewayClient } from '../../src/api/gateway-client';
import { resolveBusinessWorkerOptions } from '../../src/worker/options';

describe('options', () => {
  it('Register: defaults and a clear error naming the bad field', () => {
    assert.equal(resolveRegisterOptions().listen, '127.0.0.1:1236');
    assert.throws(() => resolveRegisterOptions({ listen: 'nowhere' }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: '`listen` must be a "host:port" string, got "nowhere"',
    });
    assert.throws(() => resolveRegisterOptions({ stopGraceMs: -1 }), {
      message: '`stopGraceMs` must be an integer >= 0, got -1',
    });
  });

  it('Gateway: listen takes a list of ws, text, frame and custom-protocol addresses', () => {
    const custom = { name: 'mine', input: () => 0, decode: (m: Buffer) => m, encode: (d: Buffer) => d };
    const resolved = resolveGatewayOptions({
      listen: [
        'text://127.0.0.1:0',
        'ws://[::1]:7272',
        'frame://0.0.0.0:9001',
        { url: 'tcp://0.0.0.0:9000', protocol: custom },
      ],
    });
    assert.deepEqual(
      resolved.listeners.map((l) => [l.url, l.host, l.port, l.protocol?.name]),
      [
        ['text://127.0.0.1:0', '127.0.0.1', 0, 'text'],
        ['ws://[::1]:7272', '::1', 7272, undefined],
        ['frame://0.0.0.0:9001', '0.0.0.0', 9001, 'frame'],
        ['tcp://0.0.0.0:9000', '0.0.0.0', 9000, 'mine'],
      ],
    );
    assert.equal(resolved.listen, 'text://127.0.0.1:0', 'the first address is `listen`');
    const bad: Array<[unknown, string]> = [
      [
        [],
        '`listen` must be "ws://host:port", "wss://host:port", "text://host:port", "frame://host:port" or { url: "tcp://host:port", protocol }, or a non-empty list of them',
      ],
      [
        'ws://x:70000',
        '`listen` must be "ws://host:port", "wss://host:port", "text://host:port", "frame://host:port" or { url: "tcp://host:port", protocol }, got "ws://x:70000"',
      ],
      [
        ['ws://x:1', 'tcp://x:2'],
        '`listen[1]` "tcp://" needs a protocol of your own: { url: "tcp://x:2", protocol }',
      ],
      [
        { url: 'ws://x:1', protocol: custom },
        '`listen` has a protocol object, so its url must start with "tcp://", got "ws://x:1"',
      ],
      [
        { url: 'tcp://x:1', protocol: { ...custom, name: 'Mine!' } },
        '`listen.protocol.name` must be lower-case letters, digits and "-", got "Mine!"',
      ],
      [
        { url: 'tcp://x:1', protocol: { ...custom, name: 'text' } },
        '`listen.protocol.name` must not be a built-in protocol\'s name, got "text"',
      ],
      [
        { url: 'tcp://x:1', protocol: { ...custom, decode: 1 } },
        '`listen.protocol.decode` must be a function, got 1',
      ],
      [
        { url: 'tcp://x:1', protcol: custom },
        '`listen` has unknown key(s) protcol (known: url, protocol, tls)',
      ],
      [['ws://x:1', 'text://x:1'], '`listen` has the same host and port twice (text://x:1)'],
    ];
    for (const [listen, message] of bad)
      assert.throws(() => resolveGatewayOptions({ listen: listen as string }), {
        code: 'GW_ERR_INVALID_OPTION',
        message,
      });
  });

  it('Gateway: listen URL, IPv4 lanHost, positive limits', () => {
    const resolved = resolveGatewayOptions({
      listen: 'ws://127.0.0.1:0',
      register: ['127.0.0.1:1', '127.0.0.1:2'],
    });
    assert.equal(resolved.listenHost, '127.0.0.1');
    assert.equal(resolved.listenPort, 0);
    assert.deepEqual(resolved.register, ['127.0.0.1:1', '127.0.0.1:2']);
    assert.throws(() => resolveGatewayOptions({ listen: 'http://x:1' }), {
      message: '`listen` has an unknown scheme "http://" (use ws, wss, text, frame, or tcp with a protocol)',
    });
    assert.equal(resolveGatewayOptions({ lanHost: 'gateway.local' }).lanHost, 'gateway.local');
    assert.deepEqual(resolveGatewayOptions({ innerBind: '0.0.0.0:2900' }).innerBind, {
      host: '0.0.0.0',
      port: 2900,
    });
    assert.equal(resolveGatewayOptions({}).innerBind, undefined);
    assert.throws(() => resolveGatewayOptions({ innerBind: '0.0.0.0' }), {
      message: '`innerBind` must be a "host:port" string, got "0.0.0.0"',
    });
    assert.throws(() => resolveGatewayOptions({ lanHost: 'ws://gateway.local' }), {
      message:
        '`lanHost` must be an IPv4 address or a hostname that resolves to one (client ids encode it), got "ws://gateway.local"',
    });
    assert.throws(() => resolveGatewayOptions({ workerWaitMs: 0 }), {
      message: '`workerWaitMs` must be a positive integer, got 0',
    });
    assert.throws(() => resolveGatewayOptions({ register: [] }), { code: 'GW_ERR_INVALID_OPTION' });
    assert.throws(() => resolveGatewayOptions({ router: 'fastest' as 'random' }), {
      message: '`router` must be a function, got "fastest"',
    });
  });

  it('BusinessWorker: events are required and checked', () => {
    assert.throws(() => resolveBusinessWorkerOptions({ events: undefined as never }), {
      code: 'GW_ERR_INVALID_EVENTS',
    });
    assert.equal(resolveBusinessWorkerOptions({ events: {} }).name, 'BusinessWorker');
    assert.equal(
      typeof resolveBusinessWorkerOptions({ events: () => ({}) }).events,
      'function',
      'a loader is kept for start()',
    );
  });
});

describe('unknown option names', () => {
  it('Gateway: a typo names the nearest option; a name with no near one lists them all', () => {
    assert.throws(() => resolveGatewayOptions({ listne: 'ws://127.0.0.1:0' } as never), {
      code: 'GW_ERR_INVALID_OPTION',
      message: 'unknown option `listne` (did you mean `listen`?)',
    });
    assert.throws(() => resolveGatewayOptions({ listne: 'ws://127.0.0.1:0', pingInterval: 10 } as never), {
      code: 'GW_ERR_INVALID_OPTION',
      message:
        'unknown options `listne` (did you mean `listen`?), `pingInterval` (did you mean `pingIntervalMs`?)',
    });
    assert.throws(() => resolveGatewayOptions({ workerWaitMS: 1 } as never), {
      message: 'unknown option `workerWaitMS` (did you mean `workerWaitMs`?)',
    });
  });

  it('Register, BusinessWorker and GatewayClient check their names the same way', () => {
    assert.throws(() => resolveRegisterOptions({ lisen: '127.0.0.1:0' } as never), {
      code: 'GW_ERR_INVALID_OPTION',
      message: 'unknown option `lisen` (did you mean `listen`?)',
    });
    assert.throws(() => resolveBusinessWorkerOptions({ events: {}, registers: '127.0.0.1:1' } as never), {
      code: 'GW_ERR_INVALID_OPTION',
      message: 'unknown option `registers` (did you mean `register`?)',
    });
    assert.throws(() => new GatewayClient({ queryTimeout: 10 } as never), {
      code: 'GW_ERR_INVALID_OPTION',
      message: 'unknown option `queryTimeout` (did you mean `queryTimeoutMs`?)',
    });
    assert.throws(() => resolveRegisterOptions('127.0.0.1:1236' as never), {
      message: '`options` must be an object, got "127.0.0.1:1236"',
    });
  });

  it('nearestName: swaps and case count as one edit; far names get no suggestion', () => {
    assert.equal(nearestName('listne', ['name', 'listen']), 'listen');
    assert.equal(nearestName('LanHost', ['lanHost', 'lanPort']), 'lanHost');
    assert.equal(nearestName('pingInterval', ['name', 'listen', 'router']), undefined);
    assert.equal(nearestName('x', ['index']), undefined);
  });
});

describe('validateEvents', () => {
  it('rejects unknown on* names such as a typo, naming the nearest handler', () => {
    assert.throws(() => validateEvents({ onMesage() {} }), {
      code: 'GW_ERR_INVALID_EVENTS',
      message: 'events.onMesage is not a known handler (did you mean `onMessage`?)',
    });
    assert.throws(() => validateEvents({ onRequest() {} }), {
      code: 'GW_ERR_INVALID_EVENTS',
      message:
        'events.onRequest is not a known handler; expected one of onWorkerStart, onConnect, ' +
        'onWebSocketConnect, onMessage, onClose, onWorkerStop, onGatewayLost',
    });
    assert.throws(() => validateEvents({ onGatewayLose() {} }), {
      message: 'events.onGatewayLose is not a known handler (did you mean `onGatewayLost`?)',
    });
  });

  it('rejects handlers that are not functions', () => {
    assert.throws(() => validateEvents({ onMessage: 'yes' }), {
      message: 'events.onMessage must be a function, got string',
    });
  });

  it('accepts plain objects and class instances with known handlers and helpers', () => {
    class ChatEvents {
      onMessage(): void {}
      helper(): void {}
    }
    validateEvents({ onConnect() {}, onClose: undefined, helperValue: 1 });
    validateEvents(new ChatEvents());
  });
});
