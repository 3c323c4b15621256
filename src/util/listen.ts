import type * as net from 'node:net';

/**
 * `server.listen(target)`, resolved once it listens and rejected with its error (EADDRINUSE,
 * EACCES...) instead of an 'error' event nobody handles. `target`: host and port, a socket path,
 * or a listening server whose handle it shares.
 */
export function listen(server: net.Server, target: net.ListenOptions | net.Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(target, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
