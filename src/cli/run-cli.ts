import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLogger, setLogFormat, type Logger } from '../logger';
import { resolveLogOptions, type LogOptions } from '../log/options';
import { LOG_FILE_ENV, REOPEN_SIGNAL, reopenLogFile, reopenOnSignal } from '../log/reopen';
import { MasterCounters } from '../metrics/master-counters';
import { resolveMetricsOptions, type MetricsOptions, type ResolvedMetricsOptions } from '../metrics/options';
import type { OpsServer } from '../metrics/ops-server';
import { checkOptionNames } from '../util/validate';
import { runChild } from './child';
import {
  callControl,
  liveChildren,
  masterIsAlive,
  newToken,
  readState,
  removeState,
  serveControl,
  writeState,
  type ChildRecord,
  type ControlCommand,
  type MasterState,
} from './control';
import { isAlive, isSameProcess, startTimeOf } from './identity';
import { CHILD_ENV, childSocketPath, SOCKET_ENV, TOKEN_ENV } from './ipc';
import { RoleProcess } from './role-process';
import { table } from './format';
import { parseConnectionsFlags, parseStatusFlags } from './command-flags';
import { connectionFilterOf } from './connection-filter';
import { runLiveStatus } from './live-status';
import { failureLines, statusSummary, statusTable } from './status-table';
import { runPaths, type RunPaths } from './paths';
import { signalProcess } from './signal';
import { describeRole, type Role } from './roles';
import {
  Supervisor,
  type AdoptedProcess,
  type CertificateReloadResult,
  type ReloadResult,
  type StatusRow,
} from './supervisor';

export interface CliOptions {
  /** The command line; default process.argv.slice(2). */
  argv?: string[];
  /** Where the state and log files go. @default '<start script dir>/runtime' (or $GATEWAYWORKER_RUN_DIR) */
  runDir?: string;
  /** How long stop waits for each phase before SIGKILL. @default 10000 */
  stopTimeoutMs?: number;
  /** How long a process may take to report READY; past it, start fails (and a reload stops). @default 30000 */
  readyTimeoutMs?: number;
  /** Base name of the state and log files. @default the start script's name */
  name?: string;
  /** Log format (text or JSON lines) and the daemon's log file. */
  log?: LogOptions;
  /**
   * Serve Prometheus metrics (/metrics) and the live status page (/, /status.json) from the
   * master, e.g. `{ listen: '127.0.0.1:9090' }` or `{ listen: 9090 }` (loopback). @default off
   */
  metrics?: MetricsOptions;
}

/** Settings of a master, from the options. */
interface MasterSettings {
  stopTimeoutMs: number;
  readyTimeoutMs: number;
  metrics?: ResolvedMetricsOptions;
}

/** Every option name, so that a typo is an error rather than a default used in silence. */
const CLI_OPTION_NAMES = {
  argv: true,
  runDir: true,
  stopTimeoutMs: true,
  readyTimeoutMs: true,
  name: true,
  log: true,
  metrics: true,
} satisfies Record<keyof CliOptions, true>;

/** While the gatewayworker bin loads start files, runCli only collects their roles here. */
export const ROLE_COLLECTOR = Symbol.for('gatewayworker.roleCollector');
type Collector = Role[][];

const USAGE = `Usage: node <start script> <command> [options]

Commands:
  start            start in the foreground (Ctrl-C stops)
  start -d         start as a daemon; returns once every process is ready. If one fails, both
                   forms print its error, stop what they started and exit with code 1
  stop             stop gracefully (clients get a close frame)
  restart [-d]     stop, then start
  reload           replace the BusinessWorker processes one at a time with the current code;
                   clients stay connected, no event is lost. Gateways with \`tls\` read their
                   certificate files again first (kill -HUP <master pid> does only that)
  status [--json]  one row per process: role, pid, memory, connections, messages in, msgs/s,
                   messages out, dropped, timers, uptime, restarts, state (ok, busy, starting,
                   restarting, crash-looping, stopping, down)
  status -d        the same, redrawn every second until Ctrl-C (also --live)
  connections [--json] [--uid U] [--group G] [--gateway NAME]
                   the clients of each Gateway: id, address, uid, groups; only those bound to
                   uid U, in group G, of Gateway NAME (or process NAME:index), all given
  reopen-logs      every process reopens the log file (after logrotate moved it);
                   kill -WINCH <master pid> does the same`;

/**
 * The entry point of a start script: `void runCli([register, gateway, worker])`.
 * In the master it reads the command line; in a role process (forked by the master) it runs that role.
 */
export async function runCli(roles: readonly Role[], options: CliOptions = {}): Promise<void> {
  const collector = (globalThis as Record<symbol, Collector | undefined>)[ROLE_COLLECTOR];
  if (collector) {
    collector.push([...roles]);
    return;
  }
  // A mistyped option is the start script's bug: say so before anything starts.
  let log: Readonly<LogOptions>;
  let metrics: ResolvedMetricsOptions | undefined;
  try {
    checkOptionNames(options, CLI_OPTION_NAMES);
    log = resolveLogOptions(options.log);
    metrics = options.metrics === undefined ? undefined : resolveMetricsOptions(options.metrics);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
    return;
  }
  if (log.format) setLogFormat(log.format);
  if (process.env[CHILD_ENV] !== undefined) return runChild(roles);
  const argv = options.argv ?? process.argv.slice(2);
  const [command = '', ...flags] = argv;
  // Arguments the daemon must get again (the gatewayworker bin's start files).
  const passthrough = flags.filter((arg) => !arg.startsWith('-'));
  const script = path.resolve(process.argv[1] ?? 'start');
  const paths = runPaths(script, options.runDir, options.name, log.file);
  const settings: MasterSettings = {
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    metrics,
  };
  const daemon = flags.includes('-d');
  try {
    switch (command) {
      case 'start':
        if (flags.includes('--daemonized')) return await runMaster(roles, paths, settings, true);
        return daemon
          ? await startDaemon(paths, passthrough, settings)
          : await runMaster(roles, paths, settings, false);
      case 'stop':
        await stopRunning(paths, settings.stopTimeoutMs);
        return;
      case 'restart':
        await stopRunning(paths, settings.stopTimeoutMs);
        return daemon
          ? await startDaemon(paths, passthrough, settings)
          : await runMaster(roles, paths, settings, false);
      case 'reload':
        await reloadRunning(paths);
        return;
      case 'status': {
        const asked = parseStatusFlags(flags);
        if (asked.live) {
          process.exitCode = await liveStatus(paths, asked.json);
          return;
        }
        const { state, result } = await askMaster(paths, 'status');
        printStatus(result as StatusRow[], asked.json, state, paths);
        return;
      }
      case 'connections': {
        const asked = parseConnectionsFlags(flags);
        const { result } = await askMaster(paths, 'connections', asked.filter);
        printConnections(result as ConnectionsReply, asked.json, Object.keys(asked.filter).length > 0);
        return;
      }
      case 'reopen-logs': {
        const { file, processes } = (await askMaster(paths, 'reopen-logs')).result as ReopenReply;
        console.log(`${file} reopened by the master and ${processes} processes`);
        return;
      }
      default:
        console.log(USAGE);
        process.exitCode = command === '' || command === 'help' || command === '--help' ? 0 : 1;
    }
  } catch (err) {
    console.error((err as Error).message ?? String(err));
    process.exitCode = 1;
  }
}

type ConnectionsReply = Awaited<ReturnType<Supervisor['connections']>>;

/**
 * The state of the running master: its pid names the very process that wrote it (a pid reused by
 * another process after a crash or a reboot is not it). A stale file is removed, unless it still
 * lists role processes that outlived their master: `start` adopts them and `stop` stops them.
 */
async function runningState(paths: RunPaths): Promise<MasterState | undefined> {
  const state = readState(paths.stateFile);
  if (state && masterIsAlive(state)) return state;
  // A state file of an older version has no start time: a master that knows its token is ours.
  if (state && state.startTime === undefined && isAlive(state.pid)) {
    const answers = await callControl(state, 'status', 2000).then(
      () => true,
      () => false,
    );
    if (answers) return state;
  }
  if (state && liveChildren(state).length === 0) removeState(paths.stateFile);
  return undefined;
}

/** "<name> is not running", and where that was looked for: the state directory depends on the launcher. */
function notRunning(paths: RunPaths): string {
  const orphans = liveChildren(readState(paths.stateFile));
  if (orphans.length > 0)
    return `${paths.name}'s master is gone, but ${orphans.length} of its processes still run (pids ${orphans
      .map((c) => c.pid)
      .join(', ')}): "start" takes them over, "stop" stops them`;
  return `${paths.name} is not running (no master listed in ${paths.stateFile})`;
}

async function askMaster(
  paths: RunPaths,
  command: ControlCommand,
  args?: unknown,
): Promise<{ state: MasterState; result: unknown }> {
  const state = await runningState(paths);
  if (!state) throw new Error(notRunning(paths));
  return { state, result: await callControl(state, command, undefined, args) };
}

/** Where a running master's processes write their log lines, for messages that point there. */
function logHint(state: MasterState): string {
  return state.logFile
    ? `Log: ${state.logFile}`
    : `Log: the output of the master (pid ${state.pid}), which runs in the foreground`;
}

/** The master: supervises the role processes until stopped. */
async function runMaster(
  roles: readonly Role[],
  paths: RunPaths,
  settings: MasterSettings,
  daemonized: boolean,
): Promise<void> {
  const existing = await runningState(paths);
  if (existing) throw new Error(`${paths.name} is already running (pid ${existing.pid})`);
  mkdirSync(paths.runDir, { recursive: true });
  const logger = createLogger('master');
  // Only a daemon writes to a log file (startDaemon names it); a foreground master's processes inherit its output.
  if (!daemonized) delete process.env[LOG_FILE_ENV];
  // The processes of a master that died keep serving; this master takes them over.
  const previous = readState(paths.stateFile);
  const orphans = liveChildren(previous);
  const childToken = orphans.length > 0 && previous?.childToken ? previous.childToken : newToken();
  const link = (
    pid: number,
    startTime: string | undefined,
    spawned?: ReturnType<typeof spawn>,
  ): RoleProcess =>
    new RoleProcess(pid, childSocketPath(paths.socketPrefix, pid), childToken, startTime, spawned);
  let saveState = (): void => undefined;
  const { metrics: metricsListen, ...supervisorSettings } = settings;
  const supervisor = new Supervisor(roles, {
    logger,
    ...supervisorSettings,
    fork: (env) => {
      const child = spawnRole(env, paths, childToken);
      return link(child.pid as number, startTimeOf(child.pid), child);
    },
    attach: (pid) => link(pid, startTimeOf(pid)),
    onChange: () => saveState(),
  });
  const adopted: AdoptedProcess[] = orphans.map((record) => ({
    slot: record.slot,
    child: link(record.pid, record.startTime),
  }));
  if (adopted.length > 0)
    logger.info(
      `taking over ${adopted.length} processes of the previous master (pid ${previous?.pid}): ${orphans
        .map((c) => c.pid)
        .join(', ')}`,
    );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const startedAt = Date.now();
      logger.info('stopping');
      await supervisor.stop();
      control.close();
      await ops?.close();
      saveState = () => undefined;
      removeState(paths.stateFile);
      logger.info(`stopped in ${Date.now() - startedAt} ms`);
    })();
    return stopping;
  };
  const reloadCertificates = async (): Promise<CertificateReloadResult[]> => {
    const results = await supervisor.reloadCertificates();
    for (const r of results) {
      if (r.error === undefined) logger.info(`${r.slot}: certificates reloaded`);
      else logger.error(`${r.slot}: certificate reload failed, the old certificate stays: ${r.error}`);
    }
    return results;
  };
  const masterCounters = new MasterCounters();
  const reloadAll = async (): Promise<ReloadReply> => {
    const certificates = await reloadCertificates();
    logger.info('reloading BusinessWorkers');
    return { certificates, workers: await masterCounters.countReload(supervisor.reload()) };
  };
  let ops: OpsServer | undefined;
  if (metricsListen) {
    try {
      // Loaded only here: role processes and a master without metrics never load prom-client.
      const [{ startOpsServer }, { ClusterMetrics }] = await Promise.all([
        import('../metrics/ops-server'),
        import('../metrics/master-metrics'),
      ]);
      ops = await startOpsServer({
        ...metricsListen,
        metrics: new ClusterMetrics(
          paths.name,
          () => supervisor.slots,
          masterCounters,
          () => supervisor.metrics(),
        ),
        status: () => supervisor.status(),
        logger,
      });
    } catch (err) {
      const message = `${paths.name} did not start: \`metrics.listen\` ${metricsListen.host}:${metricsListen.port}: ${(err as Error).message}`;
      if (!daemonized) throw new Error(message);
      logger.error(message);
      await tellParent({ t: 'failed', error: message });
      process.exitCode = 1;
      return;
    }
  }
  const control = await serveControl(async (command, args) => {
    switch (command) {
      case 'status':
        return supervisor.status();
      case 'connections':
        return supervisor.connections(connectionFilterOf(args));
      case 'reload':
        return reloadAll();
      case 'reopen-logs':
        return reopenLogs(paths, logger, supervisor);
      case 'stop':
        setImmediate(() => void stop().then(() => process.exit(0)));
        return 'stopping';
      default: {
        const never: never = command;
        throw new Error(`unknown command ${String(never)}`);
      }
    }
  });
  const startedAt = Date.now();
  const startTime = startTimeOf(process.pid);
  saveState = () =>
    writeState(paths.stateFile, {
      pid: process.pid,
      startTime,
      control: control.address,
      token: control.token,
      startedAt,
      logFile: daemonized ? paths.logFile : undefined,
      childToken,
      metrics: ops?.address,
      children: supervisor.processes().map(({ kind, slot, child }): ChildRecord => ({
        kind,
        slot,
        pid: child.process.pid as number,
        startTime: child.startTime,
      })),
    });
  saveState();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void stop().then(() => process.exit(0)));
  // kill -USR1 (or -USR2) <master pid> reloads, as Workerman's reload signals do.
  for (const signal of ['SIGUSR1', 'SIGUSR2'] as const)
    process.on(
      signal,
      // (A failed reload has logged why.)
      () => void reloadAll().catch(() => undefined),
    );
  reopenOnSignal(logger, () => tellReopen(supervisor));
  // kill -HUP <master pid> reloads only the certificates, as for nginx. Without TLS, SIGHUP stops
  // everything (a closed terminal ends a foreground master and, as before, its detached children).
  if (roles.some((role) => role.kind === 'gateway' && role.options.tls))
    process.on('SIGHUP', () => void reloadCertificates());
  else process.on('SIGHUP', () => void stop().then(() => process.exit(0)));

  try {
    await supervisor.start(adopted);
  } catch (err) {
    // Never a half-started cluster: stop what did start, then fail with the process's own error.
    await stop();
    const where = daemonized ? `\nLog: ${paths.logFile}` : '';
    const message = `${paths.name} did not start: ${(err as Error).message}\nEverything it had started is stopped.${where}`;
    if (!daemonized) throw new Error(message);
    logger.error(message);
    await tellParent({ t: 'failed', error: message });
    process.exitCode = 1;
    return;
  }
  const banner = startBanner(roles, supervisor, paths, daemonized, ops?.address);
  if (daemonized) {
    await tellParent({ t: 'started', banner });
  } else {
    console.log(banner);
    console.log('Press Ctrl+C to stop.');
  }
}

/** What a daemonized master tells the `start -d` that spawned it, once, before it lets go. */
type DaemonMessage = { t: 'started'; banner: string } | { t: 'failed'; error: string };

function tellParent(message: DaemonMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => {
      process.disconnect?.();
      resolve();
    });
  });
}

function startBanner(
  roles: readonly Role[],
  supervisor: Supervisor,
  paths: RunPaths,
  daemonized: boolean,
  opsAddress?: string,
): string {
  const rows = roles.map((role, roleIndex) => {
    const spec = describeRole(role);
    const slots = supervisor.slots.filter((s) => s.roleIndex === roleIndex);
    const ready = slots.filter((s) => s.state === 'ready').length;
    return [
      spec.kind,
      spec.name,
      slots[0]?.listen ?? spec.listen,
      spec.processes,
      ready === slots.length ? '[OK]' : `[${ready}/${slots.length} ready]`,
    ];
  });
  // The bin's files are named "gatewayworker" already: say it once.
  const title = paths.name === 'gatewayworker' ? 'gatewayworker' : `gatewayworker ${paths.name}`;
  const lines = [
    `${title} (master pid ${process.pid}, state in ${paths.runDir})`,
    table(['role', 'name', 'listen', 'processes', 'state'], rows),
  ];
  if (opsAddress) lines.push(`Status page: http://${opsAddress}/  Metrics: http://${opsAddress}/metrics`);
  if (daemonized)
    lines.push(`Started as a daemon. Log: ${paths.logFile}. Stop it with the same command and "stop".`);
  return lines.join('\n');
}

/**
 * start -d: runs the master detached, logging to the log file. Returns once every process is
 * ready; otherwise fails with the process's error and the log path, with nothing left running.
 */
async function startDaemon(paths: RunPaths, passthrough: string[], settings: MasterSettings): Promise<void> {
  const existing = await runningState(paths);
  if (existing) throw new Error(`${paths.name} is already running (pid ${existing.pid})`);
  mkdirSync(paths.runDir, { recursive: true });
  mkdirSync(path.dirname(paths.logFile), { recursive: true });
  const log = openSync(paths.logFile, 'a');
  const master = spawn(
    process.execPath,
    [...process.execArgv, paths.script, 'start', ...passthrough, '--daemonized'],
    {
      detached: true,
      stdio: ['ignore', log, log, 'ipc'],
      // Every process of the daemon inherits the path, to reopen it (reopen-logs).
      env: { ...process.env, [LOG_FILE_ENV]: paths.logFile },
    },
  );
  // The master starts the Register, the Gateways and the workers in turn (each within
  // readyTimeoutMs) and, when one fails, stops them in turn (each within stopTimeoutMs).
  const stopMs = 3 * settings.stopTimeoutMs + 5000;
  const deadlineMs = 3 * settings.readyTimeoutMs + stopMs;
  const exited = new Promise<string>((resolve) =>
    master.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );
  const outcome = await new Promise<DaemonMessage | { t: 'exited'; how: string } | { t: 'timeout' }>(
    (resolve) => {
      const timer = setTimeout(() => resolve({ t: 'timeout' }), deadlineMs);
      master.once('message', (message: DaemonMessage) => {
        clearTimeout(timer);
        resolve(message);
      });
      void exited.then((how) => {
        clearTimeout(timer);
        resolve({ t: 'exited', how });
      });
    },
  );
  switch (outcome.t) {
    case 'started':
      master.removeAllListeners();
      master.unref();
      master.disconnect();
      console.log(outcome.banner);
      return;
    case 'failed':
      // It has stopped its processes; wait for it to exit too.
      await stopMaster(master, exited, stopMs);
      throw new Error(outcome.error);
    case 'exited':
      throw new Error(
        `${paths.name} did not start: its master exited with ${outcome.how}:\n${tail(paths.logFile)}\nLog: ${paths.logFile}`,
      );
    case 'timeout':
      await stopMaster(master, exited, stopMs, 'SIGTERM');
      throw new Error(
        `${paths.name} did not start within ${deadlineMs} ms; stopped it:\n${tail(paths.logFile)}\nLog: ${paths.logFile}`,
      );
    default: {
      const never: never = outcome;
      throw new Error(`unexpected message from the master: ${JSON.stringify(never)}`);
    }
  }
}

/** Waits up to `waitMs` for a daemon master to exit (after `signal`, if given), then SIGKILLs it. */
async function stopMaster(
  master: ReturnType<typeof spawn>,
  exited: Promise<string>,
  waitMs: number,
  signal?: NodeJS.Signals,
): Promise<void> {
  if (master.exitCode !== null || master.signalCode !== null) return;
  if (signal) signalProcess(master.pid, signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  // (A master killed here leaves its processes listed in the state file: `stop` stops them.)
  if ((await Promise.race([exited, late])) === 'late') signalProcess(master.pid, 'SIGKILL');
  clearTimeout(timer);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** stop: asks the master to stop and waits for it to exit. */
async function stopRunning(paths: RunPaths, stopTimeoutMs: number): Promise<void> {
  const state = await runningState(paths);
  const name = paths.name;
  if (!state) {
    const orphans = liveChildren(readState(paths.stateFile));
    if (orphans.length > 0) return stopOrphans(paths, orphans, stopTimeoutMs);
    console.log(notRunning(paths));
    return;
  }
  const startedAt = Date.now();
  console.log(`${name} (pid ${state.pid}) is stopping...`);
  await callControl(state, 'stop').catch(() => signalProcess(state.pid, 'SIGTERM'));
  // Workers, Gateways and the Register each get stopTimeoutMs, plus a margin.
  const deadline = Date.now() + 3 * stopTimeoutMs + 5000;
  // The master removes its state file once every process has stopped, then exits. (A daemon's exit
  // alone is not enough: where nobody reaps orphans, it lingers as a zombie that still "exists".)
  const running = (): boolean => masterIsAlive(state) && readState(paths.stateFile)?.pid === state.pid;
  while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (running()) {
    signalProcess(state.pid, 'SIGKILL');
    throw new Error(`${name} did not stop within ${Date.now() - startedAt} ms: killed`);
  }
  removeState(paths.stateFile);
  console.log(`${name} stopped in ${Date.now() - startedAt} ms`);
}

/**
 * stop without a master: SIGTERMs the processes it left (workers, then Gateways, then the Register),
 * each only while its pid still names the process the state file recorded, and SIGKILLs those
 * still there after stopTimeoutMs.
 */
async function stopOrphans(paths: RunPaths, orphans: ChildRecord[], stopTimeoutMs: number): Promise<void> {
  const startedAt = Date.now();
  console.log(`${paths.name}'s master is gone; stopping its ${orphans.length} processes...`);
  const alive = (c: ChildRecord): boolean => isSameProcess(c.pid, c.startTime);
  for (const kind of ['worker', 'gateway', 'register'] as const) {
    const group = orphans.filter((c) => c.kind === kind);
    for (const c of group.filter(alive)) signalProcess(c.pid, 'SIGTERM');
    const deadline = Date.now() + stopTimeoutMs;
    while (group.some(alive) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    for (const c of group.filter(alive)) signalProcess(c.pid, 'SIGKILL');
  }
  removeState(paths.stateFile);
  console.log(`${paths.name} stopped in ${Date.now() - startedAt} ms`);
}

/**
 * Starts one role process, detached (its own process group, so Ctrl-C and a dying master leave it
 * alone): it runs the same start script, and its environment says which role and where to listen
 * for its master.
 */
function spawnRole(env: Record<string, string>, paths: RunPaths, token: string): ReturnType<typeof spawn> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env, [SOCKET_ENV]: paths.socketPrefix, [TOKEN_ENV]: token },
  });
  child.on('error', () => undefined);
  return child;
}

/** What `reopen-logs` answers: the file, and how many role processes were told. */
interface ReopenReply {
  file: string;
  processes: number;
}

/** reopen-logs in the master: its own stdout and stderr first (a failure goes back to the caller), then every process. */
function reopenLogs(paths: RunPaths, logger: Logger, supervisor: Supervisor): ReopenReply {
  const file = reopenLogFile(logger);
  if (file === undefined)
    throw new Error(
      `${paths.name} runs in the foreground: its processes write to the master's output, not to a log file`,
    );
  return { file, processes: tellReopen(supervisor) };
}

/** Sends REOPEN_SIGNAL to every live role process; a process started later inherits the reopened file. */
function tellReopen(supervisor: Supervisor): number {
  return supervisor.processes().filter(({ child }) => child.process.kill(REOPEN_SIGNAL)).length;
}

/** What `reload` answers: the Gateways that serve TLS, then the replaced BusinessWorkers. */
interface ReloadReply {
  certificates: CertificateReloadResult[];
  workers: ReloadResult[];
}

function printReload({ certificates, workers: results }: ReloadReply): void {
  for (const r of certificates) {
    if (r.error === undefined) console.log(`${r.slot} (pid ${r.pid ?? '-'}): certificates reloaded`);
    else
      console.log(
        `${r.slot} (pid ${r.pid ?? '-'}): certificate reload failed, the old certificate stays: ${r.error}`,
      );
  }
  if (results.length === 0) {
    console.log('nothing to reload (no BusinessWorker, or a reload or stop is already under way)');
    return;
  }
  console.log(
    table(
      ['worker', 'old pid', 'new pid', 'took'],
      results.map((r) => [r.slot, r.oldPid ?? '-', r.newPid, `${r.ms} ms`]),
    ),
  );
  console.log('reloaded');
}

function printStatus(rows: StatusRow[], json: boolean, state: MasterState, paths: RunPaths): void {
  console.log(json ? JSON.stringify(rows, null, 2) : statusText(rows, state, paths));
}

/** The `status` table under a line naming the master, then why each process that is not up is not. */
function statusText(rows: StatusRow[], state: MasterState, paths: RunPaths, title = ''): string {
  const failures = failureLines(rows);
  return [
    `${paths.name}: master pid ${state.pid}, state in ${paths.runDir}${title}`,
    statusSummary(rows),
    statusTable(rows),
    ...failures,
    ...(failures.length > 0 ? [logHint(state)] : []),
  ].join('\n');
}

/** status -d: the table (or, with --json, one line of JSON) every second until Ctrl-C. */
async function liveStatus(paths: RunPaths, json: boolean): Promise<number> {
  const state = await runningState(paths);
  if (!state) throw new Error(notRunning(paths));
  return runLiveStatus({
    frame: async () => {
      const rows = (await callControl(state, 'status', 5000)) as StatusRow[];
      if (json) return JSON.stringify(rows);
      const time = new Date().toTimeString().slice(0, 8);
      return statusText(rows, state, paths, ` (${time}, every 1 s; Ctrl-C quits)`);
    },
    masterIsAlive: () => masterIsAlive(state),
    goneMessage: `${paths.name}'s master (pid ${state.pid}) is gone`,
    out: process.stdout,
    err: process.stderr,
    inPlace: !json && process.stdout.isTTY === true,
  });
}

/** reload: a failure names the process, its error and where the log is. */
async function reloadRunning(paths: RunPaths): Promise<void> {
  const state = await runningState(paths);
  if (!state) throw new Error(notRunning(paths));
  const results = await callControl(state, 'reload').catch((err: Error) => {
    throw new Error(`${err.message}\n${logHint(state)}`);
  });
  const reply = results as ReloadReply;
  printReload(reply);
  // (Printed above; the exit code tells a renewal hook that a Gateway kept its old certificate.)
  const failed = reply.certificates.filter((r) => r.error !== undefined).map((r) => r.slot);
  if (failed.length > 0)
    throw new Error(`certificate reload failed on ${failed.join(', ')}\n${logHint(state)}`);
}

function printConnections(reply: ConnectionsReply, json: boolean, filtered: boolean): void {
  if (json) {
    console.log(JSON.stringify(reply, null, 2));
    return;
  }
  const rows = reply.flatMap((g) =>
    g.connections.map((c) => [
      g.gateway,
      c.clientId,
      `${c.remoteAddress}:${c.remotePort}`,
      c.uid ?? '',
      c.groups.join(','),
    ]),
  );
  if (rows.length === 0) console.log(filtered ? 'no client matches' : 'no clients');
  else console.log(table(['gateway', 'client id', 'address', 'uid', 'groups'], rows));
}
