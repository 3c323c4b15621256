import * as http from 'node:http';
import * as net from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON. */
  json: Record<string, unknown>;
}

/** One request on its own connection (closed after), answered within `timeoutMs`. */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        try {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(text) as Record<string, unknown>,
          });
        } catch {
          reject(new Error(`${url} answered ${res.statusCode ?? '?'} with a body that is not JSON: ${text}`));
        }
      });
    });
    req.end(options.body);
  });
}

/** POSTs `body` (JSON-encoded unless a string) with Content-Type: application/json. */
export function postJson(
  url: string,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): Promise<HttpAnswer> {
  return httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A raw TCP connection to "host:port" that resolves with everything received once the server closes it. */
export async function rawConnection(
  address: string,
): Promise<{ socket: net.Socket; received: Promise<string>; closedAt: Promise<number> }> {
  const separator = address.lastIndexOf(':');
  const socket = net.connect(Number(address.slice(separator + 1)), address.slice(0, separator));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, received: closedAt.then(() => Buffer.concat(chunks).toString()), closedAt };
}
