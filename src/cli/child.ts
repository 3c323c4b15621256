import { spawn } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { boundListeners, handListeners } from '../gateway/listeners/inherited';
import { describeError, createLogger } from '../logger';
import { reopenOnSignal } from '../log/reopen';
import { tokenMatches } from './control';
import {
  CHILD_ENV,
  childSocketPath,
  LISTENERS_ENV,
  SOCKET_ENV,
  TOKEN_ENV,
  type CertificateReload,
  type ChildMessage,
  type MasterMessage,
  type SiblingSpawn,
} from './ipc';
import { serveLines, type LineConnection } from './line-server';
import { sampleEverySecond } from '../util/rate-meter';
import { listen } from '../util/listen';
import { messagesOf, roleForProcess, statsOf, type Role } from './roles';

/** How long a new worker waits to attach to every listed Gateway before it reports ready anyway. */
const ATTACH_WAIT_MS = 5000;
/** How long a Gateway process waits for the listening sockets its sibling hands it. */
const HANDOVER_WAIT_MS = 10_000;

/** This process's part in the cluster, from the environment its master (or sibling) gave it. */
interface ChildEnv {
  roleIndex: number;
  processIndex: number;
  socketPrefix: string;
  token: string;
  listeners: number;
}

/** Reads the child's variables and removes them, so that processes the user's code starts do not inherit them. */
function takeChildEnv(): ChildEnv {
  const [roleIndex = 0, processIndex = 0] = (process.env[CHILD_ENV] ?? '').split(':').map(Number);
  const env: ChildEnv = {
    roleIndex,
    processIndex,
    socketPrefix: process.env[SOCKET_ENV] ?? '',
    token: process.env[TOKEN_ENV] ?? '',
    listeners: Number(process.env[LISTENERS_ENV] ?? 0),
  };
  for (const name of [CHILD_ENV, SOCKET_ENV, TOKEN_ENV, LISTENERS_ENV]) delete process.env[name];
  return env;
}

/**
 * A role process: starts the one role its environment names and serves its master on a unix socket
 * (status, reload, stop). It is detached from the master (its own process group) and keeps running
 * when the master dies, so clients stay connected; the next master connects to the same socket and
 * adopts it. Ctrl-C and a closed terminal's SIGHUP are the master's to act on.
 */
export async function runChild(roles: readonly Role[]): Promise<void> {
  const env = takeChildEnv();
  const template = roles[env.roleIndex];
  const log = createLogger('supervisor');
  // A foreground master's terminal may close; this process then writes its log lines to nowhere.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // The master sends it on `reopen-logs` (a process it starts later inherits the new file).
  reopenOnSignal(log);
  if (!template) {
    log.error(`no role #${env.roleIndex} in the start script`);
    process.exit(1);
  }
  const role = roleForProcess(template, env.processIndex);
  const startedAtMs = Date.now();
  const messageRate = sampleEverySecond(() => messagesOf(role));
  const stats = (): ReturnType<typeof statsOf> => statsOf(role, env.processIndex, startedAtMs, messageRate);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= role
      .stop()
      .catch((err: unknown) => log.error(`stop failed: ${describeError(err)}`))
      .finally(() => process.exit(0));
    return stopping;
  };
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.on('SIGTERM', () => void stop());

  const masters = new Set<LineConnection>();
  /** 'ready' or 'failed' once known: told to every master that connects later (a new master adopting). */
  let outcome: ChildMessage | undefined;
  const tellMasters = (message: ChildMessage): void => {
    outcome = message;
    for (const master of masters) master.send(message);
  };
  const answer = (master: LineConnection, message: MasterMessage): void => {
    switch (message.t) {
      case 'stats':
        master.send({ t: 'stats', id: message.id, stats: stats() });
        break;
      case 'connections':
        master.send({
          t: 'connections',
          id: message.id,
          connections: role.kind === 'gateway' ? role.connections(message.filter) : [],
        });
        break;
      case 'reload-certificates':
        void reloadCertificates(role).then((result) =>
          master.send({ t: 'reload-certificates', id: message.id, result }),
        );
        break;
      case 'metrics':
        // (A failed collection must not crash the process: the master counts it as unanswered.)
        void metricsOf(role, env.processIndex).then(
          (metrics) => master.send({ t: 'metrics', id: message.id, metrics }),
          (err: unknown) => log.warn(`metrics not collected: ${describeError(err)}`),
        );
        break;
      case 'spawn-sibling':
        master.send({ t: 'spawn-sibling', id: message.id, result: spawnSibling(env, message.index) });
        break;
      case 'shutdown':
        void stop();
        break;
      default: {
        const never: never = message;
        log.warn(`unknown message from the master: ${JSON.stringify(never)}`);
      }
    }
  };
  try {
    await serveMasters(env, (master, line) => {
      let message: (MasterMessage & { token?: undefined }) | { token: string };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        master.socket.destroy();
        return;
      }
      if (!masters.has(master)) {
        // The first line proves the caller is the master (the token is in its state file).
        if (!tokenMatches(message.token, env.token)) return void master.socket.destroy();
        master.trust();
        masters.add(master);
        master.socket.once('close', () => masters.delete(master));
        if (outcome) master.send(outcome);
        return;
      }
      answer(master, message as MasterMessage);
    });
    if (role.kind === 'gateway')
      handListeners(env.listeners > 0 ? await receiveListeners(env.listeners) : []);
    await role.start();
    if (role.kind === 'worker') await role.whenAttachedToAll(ATTACH_WAIT_MS);
    tellMasters({ t: 'ready', listen: stats().listen });
  } catch (err) {
    tellMasters({ t: 'failed', error: describeError(err) });
    log.error(`could not start: ${describeError(err)}`);
    // Slow down a crash loop (as Workerman does for a failing onWorkerStart).
    setTimeout(() => process.exit(1), 1000);
  }
}

/** Listens on this process's control socket (only the owner may connect). */
async function serveMasters(
  env: ChildEnv,
  onLine: (master: LineConnection, line: string) => void,
): Promise<void> {
  const socketPath = childSocketPath(env.socketPrefix, process.pid);
  rmSync(socketPath, { force: true });
  const server = net.createServer();
  serveLines(server, onLine);
  await listen(server, { path: socketPath });
  chmodSync(socketPath, 0o600);
  // (Referenced: a process stays up while its role starts, however long that takes.)
  process.on('exit', () => rmSync(socketPath, { force: true }));
}

/** The listening client sockets a sibling hands over the IPC channel, one message each, in `listen` order. */
function receiveListeners(count: number): Promise<net.Server[]> {
  return new Promise((resolve, reject) => {
    const servers: net.Server[] = [];
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(
        new Error(`no listening socket from the Gateway that started this one within ${HANDOVER_WAIT_MS} ms`),
      );
    }, HANDOVER_WAIT_MS);
    const onMessage = (message: { t?: string; index?: number }, handle?: unknown): void => {
      if (message.t !== 'listener' || !(handle instanceof net.Server)) return;
      servers[message.index ?? servers.length] = handle;
      if (servers.filter(Boolean).length < count) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      process.disconnect?.();
      resolve(servers);
    };
    process.on('message', onMessage);
    // Asked for only now that someone listens: a handle sent earlier could be lost.
    process.send?.({ t: 'send-listeners' });
  });
}

/**
 * Starts process #index of this Gateway's group with this process's listening client sockets: the
 * new process accepts on the same port without binding it (the port stays bound by the others).
 */
function spawnSibling(env: ChildEnv, index: number): SiblingSpawn {
  const servers = boundListeners();
  if (servers.length === 0) return { error: 'this process has no listening client socket to hand over' };
  try {
    const sibling = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        [CHILD_ENV]: `${env.roleIndex}:${index}`,
        [SOCKET_ENV]: env.socketPrefix,
        [TOKEN_ENV]: env.token,
        [LISTENERS_ENV]: String(servers.length),
      },
    });
    sibling.on('error', () => undefined);
    sibling.on('message', (message: { t?: string }) => {
      if (message.t !== 'send-listeners') return;
      servers.forEach((server, i) => sibling.send({ t: 'listener', index: i }, server));
    });
    // It is on its own once it has the sockets (or is gone); this process must not wait for it.
    sibling.once('disconnect', () => sibling.unref());
    sibling.channel?.unref();
    if (sibling.pid === undefined) return { error: 'spawn failed' };
    return { pid: sibling.pid };
  } catch (err) {
    return { error: describeError(err) };
  }
}

let registry: Promise<import('prom-client').Registry> | undefined;

/**
 * This process's metrics. Its registry (and prom-client) is loaded on the first scrape: a cluster
 * without the metrics option never loads it, and its workers time no handler.
 */
async function metricsOf(role: Role, index: number): Promise<object[]> {
  registry ??= import('../metrics/role-metrics').then((m) => m.createRoleRegistry(role, index));
  return (await registry).getMetricsAsJSON();
}

/** A Gateway with `tls` reads its certificate files again (it logs a failure itself). */
async function reloadCertificates(role: Role): Promise<CertificateReload> {
  if (role.kind !== 'gateway' || !role.options.tls) return { tls: false };
  try {
    await role.reloadCertificates();
    return { tls: true };
  } catch (err) {
    return { tls: true, error: (err as Error).message };
  }
}
