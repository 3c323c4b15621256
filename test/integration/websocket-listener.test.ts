import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { listenWebSocket } from '../../src/gateway/listeners/websocket';
import { MemoryLogger } from '../helpers/logs';

describe('WebSocket listener', () => {
  it('logs an error of its server after start instead of crashing the process', async () => {
    const logger = new MemoryLogger();
    const listener = await listenWebSocket({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 1024,
      sendBufferBytes: 1024,
      accept: () => ({ onMessage: () => undefined, onClose: () => undefined }),
      logger,
    });
    try {
      // The listener does not expose its server; find it among the open handles by port.
      const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
      const server = handles.find(
        (h): h is net.Server =>
          h instanceof net.Server && (h.address() as net.AddressInfo | null)?.port === listener.port,
      );
      assert.ok(server, 'the listening server');
      // What the server emits when accept() fails; ws passes it on to its WebSocketServer.
      server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
      assert.ok(logger.has(/ERROR client listener: .*accept EMFILE/), logger.lines.join('\n'));
    } finally {
      await listener.close();
    }
  });
});
