import * as net from 'node:net';

/**
 * A free TCP port on `host`, found with an exclusive listen. Needed under the cluster module, where
 * listen(0) in every child would share one port: each Gateway child needs its own inner port.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
