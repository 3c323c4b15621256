import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { SECRET_METADATA_KEY } from '../../src/rpc/secret-key';
import { REPORT_PREFIX, type RoleSpec } from '../fixtures/role-process';
import { ConditionWaiters, within } from './wait';

const ROLE_SCRIPT = path.resolve(__dirname, '../fixtures/role-process.js');
const KEPT_LINES = 300;

export interface RoleProcessOptions {
  /** Shown in errors and summaries, e.g. "g1" or "worker 2". */
  name: string;
  spec: RoleSpec;
  /** Runs node under this command, e.g. ['ip', 'netns', 'exec', 'gwn123-g1']; it must exec node (same PID). */
  prefix?: string[];
  readyTimeoutMs?: number;
}

/**
 * A Register, Gateway or BusinessWorker in a process of its own (test/fixtures/role-process.ts),
 * started with its options as one JSON object. start() waits for its ready line and races its exit
 * (with its output in the error). The test keeps the PID, and kills only that.
 */
export class RoleProcess {
  readonly pid: number;
  /** Its last output lines (logs), for diagnostics and log assertions. */
  readonly lines: string[] = [];
  /** Every report line it printed ("GWTEST {json}"), parsed, in order. */
  readonly reports: Array<Record<string, unknown>> = [];
  /** Gateways a worker has a live stream to, from its attached/detached reports. */
  readonly attached = new Set<string>();
  ready?: Record<string, unknown>;
  exitStatus?: { code: number | null; signal: NodeJS.Signals | null };
  readonly exited: Promise<void>;
  private readonly waiters = new ConditionWaiters();

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new Error(`${name}: spawn failed`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        this.waiters.wake();
        resolve();
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
    child.stdin?.on('error', () => undefined);
  }

  static async start(options: RoleProcessOptions): Promise<RoleProcess> {
    const [command, ...args] = [...(options.prefix ?? []), process.execPath, ROLE_SCRIPT];
    const child = spawn(command as string, args, {
      env: { ...process.env, GW_ROLE_SPEC: JSON.stringify(options.spec) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const role = new RoleProcess(options.name, child);
    try {
      await role.until(() => role.ready !== undefined, options.readyTimeoutMs ?? 15_000, 'its ready line');
    } catch (err) {
      role.kill();
      throw err;
    }
    return role;
  }

  get isAlive(): boolean {
    return this.exitStatus === undefined;
  }

  /** Sends a signal to this PID (and nothing else) if it still runs. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.isAlive) this.child.kill(signal);
  }

  /** SIGTERM (a graceful stop), then SIGKILL if it has not exited within timeoutMs. */
  async stop(timeoutMs = 8000): Promise<void> {
    this.kill('SIGTERM');
    await within(this.exited, timeoutMs, `${this.name} to stop`).catch(() => this.kill('SIGKILL'));
    await this.exited;
  }

  /** Waits until this worker has a live stream to every one of `gateways`. */
  waitAttached(gateways: string[], timeoutMs = 10_000): Promise<void> {
    return this.until(
      () => gateways.every((g) => this.attached.has(g)),
      timeoutMs,
      `attached to ${gateways.join(', ')}`,
    );
  }

  hasLine(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  /** Resolves once `condition` holds (checked on every line and at exit); rejects at exit or timeout. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.waiters
      .until(condition, timeoutMs, `${this.name}: ${what}`, () =>
        this.isAlive ? undefined : `${this.name} exited (${this.describeExit()}) before ${what}`,
      )
      .catch((err: Error) => {
        err.message += `\n--- last output of ${this.name} (pid ${this.pid}):\n${this.lines.slice(-30).join('\n')}`;
        throw err;
      });
  }

  private describeExit(): string {
    const status = this.exitStatus;
    return status ? `code ${status.code}, signal ${status.signal}` : 'running';
  }

  private onLine(line: string): void {
    if (line.startsWith(REPORT_PREFIX)) {
      const report = JSON.parse(line.slice(REPORT_PREFIX.length)) as Record<string, unknown>;
      this.reports.push(report);
      if (report.event === 'ready') this.ready = report;
      else if (report.event === 'attached') this.attached.add(String(report.gateway));
      else if (report.event === 'detached') this.attached.delete(String(report.gateway));
    }
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    if (process.env.GW_TEST_LOGS === '1') process.stderr.write(`[${this.name}] ${line}\n`);
    this.waiters.wake();
  }
}

/** The Gateway addresses a Register lists now (its ListGateways RPC), sorted; rejects if it does not answer. */
export function listGateways(registerAddress: string, secretKey = '', timeoutMs = 1000): Promise<string[]> {
  const { proto } = loadProtos();
  const client = new proto.gatewayworker.v1.Register(
    registerAddress,
    grpc.credentials.createInsecure(),
    CLIENT_OPTIONS,
  );
  return new Promise<string[]>((resolve, reject) => {
    const metadata = new grpc.Metadata();
    if (secretKey) metadata.set(SECRET_METADATA_KEY, secretKey);
    client.ListGateways({}, metadata, { deadline: Date.now() + timeoutMs }, (err, response) => {
      if (err || !response) reject(err ?? new Error('no response'));
      else resolve((response.gateways ?? []).map((g) => g.address ?? '').sort());
    });
  }).finally(() => client.close());
}
