import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import { listen } from '../util/listen';
import { STATUS_PAGE_HTML } from './status-page';

export interface OpsServerOptions {
  host: string;
  port: number;
  /** The Prometheus text of the whole cluster. */
  metrics: { readonly contentType: string; scrape(): Promise<string> };
  /** What `status --json` prints: the master's status rows. */
  status(): Promise<unknown>;
  logger: Logger;
}

export interface OpsServer {
  /** "host:port" it listens on (the port bound, when 0 was asked for). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * The master's HTTP server for operators: GET /metrics (Prometheus), GET /status.json (the
 * `status --json` rows) and GET / (the live status page, which polls /status.json). Nothing else.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((request, response) => {
    void answer(options, request, response);
  });
  // Scrapers and browsers keep connections alive; a stop must not wait for them.
  server.keepAliveTimeout = 5000;
  await listen(server, { port: options.port, host: options.host });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    address: `${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  options: OpsServerOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  try {
    switch (path) {
      case '/metrics': {
        const body = await options.metrics.scrape();
        send(response, 200, options.metrics.contentType, body);
        return;
      }
      case '/status.json':
        send(response, 200, 'application/json', JSON.stringify(await options.status()));
        return;
      case '/':
        send(response, 200, 'text/html; charset=utf-8', STATUS_PAGE_HTML);
        return;
      default:
        send(response, 404, 'text/plain', 'not found: try /, /status.json or /metrics\n');
    }
  } catch (err) {
    options.logger.error(`${path}: ${(err as Error).message}`);
    send(response, 500, 'text/plain', `${(err as Error).message}\n`);
  }
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
