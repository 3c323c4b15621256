// Starts Register + Gateway + BusinessWorker for the benchmark app in this one process.
//   WS_PORT (default 7272): where WebSocket clients connect; REGISTER_PORT (default 1236);
//   BENCH_SESSION=read-only|rw: clients carry a session (see events.ts).
// Prints a line with READY when clients can connect; SIGINT/SIGTERM stop it cleanly.
import { BusinessWorker, Gateway, Register } from '../../src/index'; // in your project: from 'gatewayworker'
import { benchEvents, benchEventsWithSession } from './events';

async function main(): Promise<void> {
  const wsPort = Number(process.env.WS_PORT ?? 7272);
  const register = `127.0.0.1:${Number(process.env.REGISTER_PORT ?? 1236)}`;
  const sessionMode = process.env.BENCH_SESSION;
  const events =
    sessionMode === 'read-only' || sessionMode === 'rw' ? benchEventsWithSession(sessionMode) : benchEvents;

  const roles = [
    new Register({ listen: register }),
    new Gateway({ name: 'BenchGateway', listen: `ws://0.0.0.0:${wsPort}`, register }),
    new BusinessWorker({ name: 'BenchWorker', register, events }),
  ];
  for (const role of roles) await role.start();
  const [, gateway, worker] = roles as [Register, Gateway, BusinessWorker];
  await new Promise<void>((resolve) => {
    if (worker.attachedGateways().length > 0) resolve();
    else worker.once('attached', () => resolve());
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const role of [...roles].reverse()) await role.stop();
    console.log('stopped');
  };
  // Handlers before READY: whoever reads READY may signal at once.
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.log(`READY ${JSON.stringify({ ws: gateway.address(), register, pid: process.pid })}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
