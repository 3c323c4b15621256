import * as grpc from '@grpc/grpc-js';
import { describeError, type Logger } from '../logger';
import { protocolVersionProblem } from '../rpc/protocol';
import { endCallWithError } from '../rpc/status';
import type { Command__Output } from '../rpc/generated/gatewayworker/v1/Command';
import type { ConnectRequest__Output } from '../rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse } from '../rpc/generated/gatewayworker/v1/ConnectResponse';
import type { GatewayWelcome } from '../rpc/generated/gatewayworker/v1/GatewayWelcome';
import type { ClientHub } from './client-hub';
import { errorReply, executeCommand } from './commands';
import { WorkerLink } from './worker-link';

export type ConnectCall = grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>;

const HELLO_TIMEOUT_MS = 10_000;

/** Commands applied per event-loop turn (our workers send at most 256 per frame). */
const COMMANDS_PER_TURN = 4096;

/** Longest worker name or instance id: they are in every log line about the worker. */
const MAX_HELLO_FIELD_CHARS = 256;

/** Rejected commands of one stream: the first ones are all logged, then one every REJECTION_LOG_EVERY. */
const REJECTIONS_ALL_LOGGED = 10;
const REJECTION_LOG_EVERY = 1000;

/**
 * Serves Gateway.Connect: one worker stream. The first message must carry `hello`; then every
 * message's commands are applied in order and queries answered on the same stream.
 */
export class WorkerService {
  private attachCount = 0;
  readonly links = new Set<WorkerLink>();

  constructor(
    private readonly hub: ClientHub,
    private readonly welcome: () => GatewayWelcome,
    private readonly logger: Logger,
  ) {}

  readonly handleConnect = (call: ConnectCall): void => {
    const peer = call.getPeer();
    let link: WorkerLink | undefined;
    const helloTimer = setTimeout(() => {
      if (!link)
        endCallWithError(call, grpc.status.DEADLINE_EXCEEDED, `no hello within ${HELLO_TIMEOUT_MS} ms`);
    }, HELLO_TIMEOUT_MS);
    helloTimer.unref();

    call.on('data', (frame: ConnectRequest__Output) => {
      if (!link) {
        link = this.attach(call, frame, peer);
        if (!link) return;
      }
      this.applyFrame(call, link, frame, 0);
    });

    let detached = false;
    /** `flush`: the worker only half-closed; what is queued for it (its replies) is still written. */
    const detach = (why: string, flush = false): void => {
      if (detached) return;
      detached = true;
      clearTimeout(helloTimer);
      if (!link) return;
      if (flush) link.end();
      else link.close();
      this.links.delete(link);
      this.hub.detachWorker(link);
      this.logger.info(`worker ${link.key} detached (${why}); ${this.hub.workerCount} worker(s) left`);
    };
    // The worker sent its last command: no more events go to it, its replies are written, then OK.
    call.on('end', () => {
      if (link) detach('stream ended', true);
      else {
        detach('stream ended');
        call.end();
      }
    });
    call.on('cancelled', () => detach('cancelled'));
    call.on('error', (err) => detach(`stream error: ${describeError(err).split('\n')[0]}`));
    call.on('close', () => detach('closed'));
  };

  private attach(call: ConnectCall, frame: ConnectRequest__Output, peer: string): WorkerLink | undefined {
    const hello = frame.hello;
    if (!hello) {
      this.logger.warn(`worker stream from ${peer} rejected: first message has no hello`);
      endCallWithError(call, grpc.status.INVALID_ARGUMENT, 'the first ConnectRequest must carry hello');
      return undefined;
    }
    const longField = (['worker_name', 'instance_id'] as const).find(
      (field) => (hello[field]?.length ?? 0) > MAX_HELLO_FIELD_CHARS,
    );
    if (longField) {
      const problem = `hello.${longField} is over ${MAX_HELLO_FIELD_CHARS} characters`;
      this.logger.warn(`worker stream from ${peer} rejected: ${problem}`);
      endCallWithError(call, grpc.status.INVALID_ARGUMENT, problem);
      return undefined;
    }
    const versionProblem = protocolVersionProblem(hello.protocol_version);
    if (versionProblem) {
      this.logger.warn(`worker stream from ${peer} rejected: ${versionProblem}`);
      endCallWithError(call, grpc.status.FAILED_PRECONDITION, versionProblem);
      return undefined;
    }
    call.write({ welcome: this.welcome() });
    const key = `${hello.worker_name ?? ''}:${hello.worker_index ?? 0}`;
    const instanceId = hello.instance_id ?? '';
    // Newest wins for a reconnect of the same worker process (a half-open old stream).
    for (const old of this.links) {
      if (old.key === key && old.instanceId === instanceId && instanceId !== '') {
        this.logger.warn(`worker ${key} reconnected; dropping its previous stream`);
        this.links.delete(old);
        old.close();
        this.hub.detachWorker(old);
      }
    }
    const link = new WorkerLink(
      key,
      instanceId,
      this.attachCount++,
      hello.api_only ?? false,
      call,
      (l, congested) => this.hub.onWorkerCongestion(l, congested),
      (l, why) => this.onOverflow(call, l, why),
    );
    this.links.add(link);
    this.hub.attachWorker(link);
    this.logger.info(`${link.apiOnly ? 'api client' : 'worker'} ${key} attached from ${peer}`);
    return link;
  }

  /**
   * The worker reads nothing (or floods queries whose answers it does not read): its stream is cut
   * with RESOURCE_EXHAUSTED. Ended on the next turn: this runs inside a batch of commands or events.
   */
  private onOverflow(call: ConnectCall, link: WorkerLink, why: string): void {
    const details = `worker ${link.key} does not read its stream: ${why}`;
    this.logger.warn(`${details}; cutting the stream`);
    setImmediate(() => endCallWithError(call, grpc.status.RESOURCE_EXHAUSTED, details));
  }

  /**
   * Applies a frame's commands from `from` on, at most COMMANDS_PER_TURN per event-loop turn, so that
   * a huge frame cannot stall every client. Reading the stream waits meanwhile: order is kept.
   */
  private applyFrame(call: ConnectCall, link: WorkerLink, frame: ConnectRequest__Output, from: number): void {
    const commands = frame.commands ?? [];
    const to = Math.min(commands.length, from + COMMANDS_PER_TURN);
    if (to > from) this.hub.applyBatch(() => this.executeAll(link, commands, from, to));
    if (to < commands.length && !link.isClosed) {
      if (from === 0) call.pause();
      setImmediate(() => this.applyFrame(call, link, frame, to));
      return;
    }
    if (from > 0) call.resume();
    if (frame.drain) this.hub.drainWorker(link);
  }

  private executeAll(link: WorkerLink, commands: Command__Output[], from: number, to: number): void {
    for (let i = from; i < to; i += 1) {
      if (link.isClosed) return; // cut mid-batch (onOverflow): the rest is not applied
      this.execute(link, commands[i] as Command__Output);
    }
  }

  private execute(link: WorkerLink, command: Command__Output): void {
    try {
      const reply = executeCommand(this.hub, command, link);
      if (reply) link.pushReply(reply);
    } catch (err) {
      const requestId = command.request_id ?? 0;
      if (requestId > 0) link.pushReply(errorReply(requestId, err));
      // A worker sending bad commands in a loop must not flood the log.
      link.rejectedCommands += 1;
      const count = link.rejectedCommands;
      if (count <= REJECTIONS_ALL_LOGGED || count % REJECTION_LOG_EVERY === 0) {
        this.logger.warn(
          `command ${command.kind ?? '(none)'} from worker ${link.key} rejected: ${(err as Error).message}` +
            (count > REJECTIONS_ALL_LOGGED ? ` (${count} rejected so far)` : ''),
        );
      }
    }
  }
}
