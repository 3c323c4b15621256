import type * as net from 'node:net';
import { listen } from '../../util/listen';

/**
 * Client ports shared by the processes of one Gateway under the CLI. The first process binds them;
 * each other process gets the listening sockets from a live sibling (cli/child.ts) and accepts on
 * them itself, so no master sits between a client and its Gateway, and a new process can join
 * while the port stays bound by the others.
 */
let handed: Array<net.Server | undefined> | undefined;
const bound: net.Server[] = [];

/** Under the CLI: listen on these (by `listen` index) instead of binding; [] binds and records. */
export function handListeners(servers: Array<net.Server | undefined>): void {
  handed = servers;
}

/** The listening client servers of this process, in `listen` order (under the CLI only). */
export function boundListeners(): net.Server[] {
  return bound;
}

/** Listens on the handed socket for `index` when there is one, else binds host:port. */
export async function listenOn(
  server: net.Server,
  index: number | undefined,
  port: number,
  host: string,
): Promise<void> {
  const handle = index === undefined ? undefined : handed?.[index];
  await listen(server, handle ?? { port, host });
  if (index !== undefined && handed) bound[index] = server;
}
