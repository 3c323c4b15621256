import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayWorkerError, type ErrorCode } from '../errors';
import { describeError, type Logger } from '../logger';
import { listen } from '../util/listen';
import { checkSecret, secretDigest, type SecretRefusal } from '../rpc/secret-key';
import { nearestName } from '../util/suggest';
import { SeenOnce } from '../util/seen-once';
import type { GatewayApi } from './gateway-api';
import type { ResolvedHttpApiOptions } from './http-api-options';
import {
  describeOperation,
  HttpApiError,
  missingFieldOf,
  operationSchemas,
  parseJsonBody,
  readRequest,
  type OperationSchema,
} from './http-request';
import { callOperation } from './unary';

/** The HTTP status of a failed call, by our error code (the HTTP API's own refusals carry theirs). */
const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  GW_ERR_INVALID_OPTION: 500,
  GW_ERR_INVALID_EVENTS: 500,
  GW_ERR_INVALID_CLIENT_ID: 400,
  GW_ERR_WRONG_GATEWAY: 400,
  GW_ERR_INVALID_ARGUMENT: 400,
  GW_ERR_INVALID_REQUEST: 400,
  GW_ERR_REGISTER_UNAVAILABLE: 503,
  GW_ERR_GATEWAY_UNAVAILABLE: 503,
  GW_ERR_GATEWAY_TIMEOUT: 504,
  GW_ERR_QUERY_FAILED: 502,
  GW_ERR_STOPPED: 503,
  GW_ERR_PROTOCOL: 502,
  // The caller's key was accepted: a Gateway refused the Register's own call (a misconfigured mesh).
  GW_ERR_UNAUTHENTICATED: 502,
  GW_ERR_INTERNAL: 500,
};

const REFUSALS: Record<SecretRefusal, string> = {
  missing: 'missing secret key (send the Register\'s secretKey as "Authorization: Bearer <key>")',
  wrong:
    'wrong secret key (the Authorization: Bearer or X-Gatewayworker-Secret header does not match the secretKey)',
};

export interface HttpApiSettings {
  options: ResolvedHttpApiOptions;
  /** The Register's secretKey ('' = no check). */
  secretKey: string;
  /** The cluster-wide API (the Register's Cluster service client). */
  api: () => GatewayApi;
  logger: Logger;
  /** For log lines ("Register HTTP API listening on ..."). */
  name: string;
}

/**
 * The HTTP/JSON push API: `POST /v1/<operation>` with the operation's unary request as JSON runs it
 * on the whole cluster; `GET /v1` lists the operations. Every route comes from the operation table.
 */
export class HttpApi {
  private server?: http.Server;
  private boundAddress?: string;
  private readonly expectedSecret?: Buffer;
  private readonly refusalsLogged = new SeenOnce();
  private readonly schemas = operationSchemas();

  constructor(private readonly settings: HttpApiSettings) {
    if (settings.secretKey !== '') this.expectedSecret = secretDigest(settings.secretKey);
  }

  async start(): Promise<void> {
    const { options, logger, name } = this.settings;
    const server = http.createServer({
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.requestTimeoutMs,
      // How often the two timeouts above are checked (30 s by default would let slow clients linger).
      connectionsCheckingInterval: Math.min(1000, options.requestTimeoutMs),
    });
    server.maxConnections = options.maxConnections;
    server.on('request', (req, res) => this.handle(req, res));
    // `Expect: 100-continue` (curl, for large bodies): no "go on" for a body that will be refused.
    server.on('checkContinue', (req, res) => {
      if (Number(req.headers['content-length'] ?? 0) <= options.maxBodyBytes) res.writeContinue();
      this.handle(req, res);
    });
    this.server = server;
    const separator = options.listen.lastIndexOf(':');
    const host = options.listen.slice(0, separator).replace(/^\[|\]$/g, '');
    await listen(server, { port: Number(options.listen.slice(separator + 1)), host });
    // Accept failures (EMFILE under a flood) must not end the Register.
    server.on('error', (err) => logger.warn(`${name} HTTP API: ${describeError(err)}`));
    const { port } = server.address() as AddressInfo;
    this.boundAddress = `${options.listen.slice(0, separator)}:${port}`;
    logger.info(`${name} HTTP API listening on http://${this.boundAddress}/v1`);
  }

  /** The bound "host:port" (after start()). */
  address(): string | undefined {
    return this.boundAddress;
  }

  /** Stops accepting, lets requests in progress finish for up to `graceMs`, then closes every connection. */
  async stop(graceMs: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
  }

  /**
   * Requests answered, by operation (`list` for GET /v1, `unknown` for any other path: a bounded
   * set) and HTTP status, for the Register's metrics.
   */
  readonly answered = new Map<string, Map<number, number>>();

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.route(req)
      .then((body) => send(res, 200, body))
      .catch((err: unknown) => this.fail(req, res, err))
      .finally(() => this.count(this.operationLabel(req), res.statusCode));
  }

  private count(operation: string, status: number): void {
    const byStatus = this.answered.get(operation) ?? new Map<number, number>();
    this.answered.set(operation, byStatus);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  private operationLabel(req: http.IncomingMessage): string {
    const path = pathOf(req).replace(/\/+$/, '');
    if (path === '/v1') return 'list';
    const name = path.startsWith('/v1/') ? path.slice(4) : '';
    return this.schemas.has(name) ? name : 'unknown';
  }

  /** The answer to one request, or a throw of the refusal (HttpApiError) or the call's error. */
  private async route(req: http.IncomingMessage): Promise<object> {
    this.authenticate(req);
    const path = pathOf(req).replace(/\/+$/, '');
    if (path === '/v1') {
      allowOnly(req, 'GET');
      return { operations: [...this.schemas.values()].map(describeOperation) };
    }
    const name = path.startsWith('/v1/') ? path.slice(4) : undefined;
    const schema = name === undefined ? undefined : this.schemas.get(name);
    if (!schema) throw notFound(path, name, [...this.schemas.keys()]);
    allowOnly(req, 'POST');
    return this.call(schema, await readBody(req, this.settings.options.maxBodyBytes));
  }

  private async call(schema: OperationSchema, text: string): Promise<object> {
    const request = readRequest(schema, parseJsonBody(text));
    try {
      return (await callOperation(this.settings.api(), schema.name, request)) as object;
    } catch (err) {
      // The table checks arguments too: with every given field valid, the culprit is a missing one.
      if (err instanceof GatewayWorkerError && HTTP_STATUS_BY_CODE[err.code] === 400) {
        const field = missingFieldOf(schema, request);
        const what = field ? `\`${field}\` is missing or empty: ` : '';
        throw new HttpApiError(400, err.code, `${what}${err.message}`, field);
      }
      throw err;
    }
  }

  /** Checks the caller's key when the Register has one, in constant time (as the gRPC services do). */
  private authenticate(req: http.IncomingMessage): void {
    if (!this.expectedSecret) return;
    const given = [
      ...(req.headersDistinct.authorization ?? [])
        .filter((value) => /^bearer /i.test(value))
        .map((value) => value.slice('bearer '.length).trim()),
      ...(req.headersDistinct['x-gatewayworker-secret'] ?? []),
    ];
    const refusal = checkSecret(this.expectedSecret, given);
    if (refusal === undefined) return;
    const host = req.socket.remoteAddress ?? '?';
    if (this.refusalsLogged.note(`${host} ${refusal}`))
      this.settings.logger.warn(
        `HTTP API refused ${req.method ?? '?'} ${pathOf(req)} from ${host}: ${refusal} secret key ` +
          '(further refusals of this host for this reason are not logged)',
      );
    throw new HttpApiError(401, 'GW_ERR_UNAUTHENTICATED', REFUSALS[refusal]);
  }

  private fail(req: http.IncomingMessage, res: http.ServerResponse, err: unknown): void {
    if (err instanceof HttpApiError) {
      const headers: http.OutgoingHttpHeaders = err instanceof MethodNotAllowed ? { allow: err.allowed } : {};
      if (err.status === 401) headers['www-authenticate'] = 'Bearer';
      if (!req.complete) {
        // Refused before its body was read (too large, or no need): drop the rest, and the connection
        // after the answer, so that the rest is never read as the next request.
        headers.connection = 'close';
        req.resume();
      }
      send(res, err.status, errorBody(err.code, err.message, err.field), headers);
      return;
    }
    if (err instanceof GatewayWorkerError) {
      send(res, HTTP_STATUS_BY_CODE[err.code], errorBody(err.code, err.message));
      return;
    }
    this.settings.logger.error(`HTTP API ${req.method ?? '?'} ${pathOf(req)} failed: ${describeError(err)}`);
    send(res, 500, errorBody('GW_ERR_INTERNAL', 'internal error (the Register logged it)'));
  }
}

/** A 405 names the allowed method in its Allow header. */
class MethodNotAllowed extends HttpApiError {
  constructor(
    readonly allowed: string,
    method: string,
  ) {
    super(405, 'GW_ERR_INVALID_REQUEST', `method ${method} is not allowed here; use ${allowed}`);
  }
}

function allowOnly(req: http.IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new MethodNotAllowed(method, req.method ?? '?');
  if (method === 'POST' && !isJson(req.headers['content-type']))
    // Browsers cannot send application/json across origins without asking first (CORS), which this
    // server never allows: a web page cannot make a visitor's browser push into the cluster.
    throw new HttpApiError(
      415,
      'GW_ERR_INVALID_REQUEST',
      `the body must be JSON with Content-Type: application/json, got ${req.headers['content-type'] ?? 'none'}`,
    );
}

/** The request's path, without the query: a key put in a query by mistake must not reach the log. */
function pathOf(req: http.IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!.slice(0, 200);
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

function notFound(path: string, name: string | undefined, names: string[]): HttpApiError {
  if (name === undefined)
    return new HttpApiError(404, 'GW_ERR_INVALID_REQUEST', `no route ${path}: the API is under /v1`);
  const nearest = nearestName(name, names);
  const hint = nearest ? ` (did you mean ${nearest}?)` : '; GET /v1 lists them';
  return new HttpApiError(404, 'GW_ERR_INVALID_REQUEST', `unknown operation ${JSON.stringify(name)}${hint}`);
}

/** The body as text, refusing one over `maxBytes` (413) before reading more of it than that. */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = (): HttpApiError =>
    new HttpApiError(
      413,
      'GW_ERR_INVALID_REQUEST',
      `the body is larger than ${maxBytes} bytes (httpApi.maxBodyBytes)`,
    );
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString()));
    // The client went away mid-body: nobody to answer, nothing to log.
    const aborted = (): void =>
      reject(new HttpApiError(400, 'GW_ERR_INVALID_REQUEST', 'the request was aborted before its end'));
    req.once('error', aborted);
    req.once('close', () => {
      if (!req.complete) aborted();
    });
  });
}

function errorBody(code: ErrorCode, message: string, field?: string): object {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

function send(
  res: http.ServerResponse,
  status: number,
  body: object,
  headers: http.OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  });
  res.end(json);
}
