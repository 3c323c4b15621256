// Baseline for `npm run bench`: the benchmark protocol on one plain `ws` server in one process.
//   "bcast X" sends X to every connected client (sender included); anything else is echoed unchanged.
// WS_PORT (default 7373) on 127.0.0.1. Prints a line with READY when listening; SIGTERM/SIGINT stop it.
// Heartbeats as a Gateway's defaults do them (wsPingIntervalMs 20 s, wsPingMaxMissed 1): at each
// check a client that sent nothing since the last one gets a ping, and one silent at two checks in a
// row is dropped, so that the idle scenario compares like with like.
import { WebSocket, WebSocketServer } from 'ws';

const BCAST = 'bcast ';
const PING_INTERVAL_MS = Number(process.env.WS_PING_INTERVAL_MS ?? 20_000);
const MAX_MISSED = 1;

/** Checks in a row at which a client had sent nothing (any frame, pongs included, resets it). */
type Tracked = WebSocket & { silentChecks?: number };
/** Gives up on a graceful stop after this and exits anyway. */
const STOP_TIMEOUT_MS = 2000;

function broadcast(wss: WebSocketServer, text: string): void {
  // Encoded once, not once per client.
  const payload = Buffer.from(text);
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(payload, { binary: false });
  }
}

function serve(wss: WebSocketServer): void {
  wss.on('connection', (ws: Tracked) => {
    ws.silentChecks = 0;
    // A client that resets its connection must not crash the server.
    ws.on('error', () => undefined);
    ws.on('pong', () => (ws.silentChecks = 0));
    ws.on('message', (data, isBinary) => {
      ws.silentChecks = 0;
      if (isBinary) {
        ws.send(data, { binary: true });
        return;
      }
      const text = data.toString();
      if (text.startsWith(BCAST)) broadcast(wss, text.slice(BCAST.length));
      else ws.send(text);
    });
  });
}

function heartbeat(wss: WebSocketServer): void {
  if (PING_INTERVAL_MS <= 0) return;
  setInterval(() => {
    for (const client of wss.clients as Set<Tracked>) {
      const silent = (client.silentChecks ?? 0) + 1;
      client.silentChecks = silent;
      if (silent > MAX_MISSED + 1) client.terminate();
      else client.ping();
    }
  }, PING_INTERVAL_MS).unref();
}

function stopOnSignals(wss: WebSocketServer): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // wss.close() leaves open connections alone, so drop them first.
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
    setTimeout(() => process.exit(0), STOP_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function main(): void {
  const wsPort = Number(process.env.WS_PORT ?? 7373);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: wsPort, perMessageDeflate: false });
  wss.once('error', (err) => {
    console.error(err);
    process.exit(1);
  });
  wss.once('listening', () => console.log(`READY ${JSON.stringify({ ws: wsPort, pid: process.pid })}`));
  serve(wss);
  heartbeat(wss);
  stopOnSignals(wss);
}

main();
