// Starts the chat: Register + Gateway + two BusinessWorkers in this one process, plus the web page.
//   WS_PORT (default 7272): where browsers connect; REGISTER_PORT (default 1236);
//   HTTP_PORT (default 55151): serves the page at "/".
// Each port may be 0 (a free one). Prints a line with READY when the page and the chat are usable; SIGINT/SIGTERM stop it cleanly.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { BusinessWorker, Gateway, Register } from '../../src/index'; // in your project: from 'gatewayworker'
import { chatEvents } from './events';

// Read from the source tree (this file runs as dist/examples/chat/start.js; tsc does not copy HTML).
const PAGE = path.resolve(__dirname, '../../../examples/chat/web/index.html');

function waitAttached(worker: BusinessWorker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.attachedGateways().length > 0) resolve();
    else worker.once('attached', () => resolve());
  });
}

/** Serves the page at "/" with the WebSocket port filled in; everything else is 404. */
function servePage(port: number, wsPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    readFile(PAGE, 'utf8').then(
      (html) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html.replaceAll('__WS_PORT__', String(wsPort)));
      },
      (err: unknown) => {
        console.error(`cannot read ${PAGE}: ${String(err)}`);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('page missing\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

async function main(): Promise<void> {
  const wsPort = Number(process.env.WS_PORT ?? 7272);
  const httpPort = Number(process.env.HTTP_PORT ?? 55151);
  // REGISTER_PORT=0 picks a free port: the Register starts first and the others use what it bound.
  const registerRole = new Register({ listen: `127.0.0.1:${Number(process.env.REGISTER_PORT ?? 1236)}` });
  await registerRole.start();
  const register = registerRole.address();

  const gateway = new Gateway({ name: 'ChatGateway', listen: `ws://0.0.0.0:${wsPort}`, register });
  const workers = [0, 1].map(
    (index) => new BusinessWorker({ name: 'ChatBusinessWorker', index, register, events: chatEvents }),
  );
  const roles = [registerRole, gateway, ...workers];
  for (const role of roles.slice(1)) await role.start();
  await Promise.all(workers.map(waitAttached));

  // The page is told the port actually bound (WS_PORT=0 picks a free one).
  const boundWsPort = Number(new URL(gateway.address()).port);
  const http = await servePage(httpPort, boundWsPort);
  const boundHttpPort = (http.address() as AddressInfo).port;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise((resolve) => http.close(resolve));
    http.closeAllConnections(); // keep-alive browser connections would hold close() open
    await closed;
    for (const role of [...roles].reverse()) await role.stop();
    console.log('stopped');
  };
  // Handlers before READY: whoever reads READY may signal at once.
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.log(
    `READY ${JSON.stringify({ ws: gateway.address(), http: `http://127.0.0.1:${boundHttpPort}/`, register, pid: process.pid })}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
