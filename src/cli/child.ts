import { describeError, createLogger } from '../logger';
import { CHILD_ENV, type CertificateReload, type ChildMessage, type MasterMessage } from './ipc';
import { roleForProcess, statsOf, type Role } from './roles';

/** How long a new worker waits to attach to every listed Gateway before it reports ready anyway. */
const ATTACH_WAIT_MS = 5000;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * A role process: starts the one role its environment names, reports READY to the master, answers
 * its questions, and stops gracefully on 'shutdown' or SIGTERM. Ctrl-C (and a closed terminal's
 * SIGHUP) reaches every process of the group; children ignore it and let the master act.
 */
export async function runChild(roles: readonly Role[]): Promise<void> {
  const [roleIndex = 0, processIndex = 0] = (process.env[CHILD_ENV] ?? '').split(':').map(Number);
  const template = roles[roleIndex];
  const log = createLogger('supervisor');
  if (!template) {
    send({ t: 'failed', error: `no role #${roleIndex} in the start script` });
    process.exit(1);
  }
  const role = roleForProcess(template, processIndex);
  const startedAtMs = Date.now();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= role
      .stop()
      .catch((err: unknown) => log.error(`stop failed: ${describeError(err)}`))
      .finally(() => process.exit(0));
    return stopping;
  };
  process.on('SIGINT', () => undefined);
  // A closed terminal's SIGHUP is the master's to act on; children exit when their master does.
  process.on('SIGHUP', () => undefined);
  process.on('SIGTERM', () => void stop());
  process.on('message', (message: MasterMessage) => {
    switch (message.t) {
      case 'stats':
        send({ t: 'stats', id: message.id, stats: statsOf(role, processIndex, startedAtMs) });
        break;
      case 'connections':
        send({
          t: 'connections',
          id: message.id,
          connections: role.kind === 'gateway' ? role.connections() : [],
        });
        break;
      case 'reload-certificates':
        void reloadCertificates(role).then((result) =>
          send({ t: 'reload-certificates', id: message.id, result }),
        );
        break;
      case 'shutdown':
        void stop();
        break;
      default: {
        const never: never = message;
        log.warn(`unknown message from the master: ${JSON.stringify(never)}`);
      }
    }
  });
  try {
    await role.start();
    if (role.kind === 'worker') await role.whenAttachedToAll(ATTACH_WAIT_MS);
    send({ t: 'ready', listen: statsOf(role, processIndex, startedAtMs).listen });
  } catch (err) {
    send({ t: 'failed', error: describeError(err) });
    log.error(`could not start: ${describeError(err)}`);
    // Slow down a crash loop (as Workerman does for a failing onWorkerStart).
    setTimeout(() => process.exit(1), 1000);
  }
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
