// The deployment `npm run bench` measures: the bench app (examples/bench: echo, "bcast X") under runCli,
// as users run it: a Register, BENCH_GATEWAYS Gateway processes and BENCH_WORKERS worker processes.
//   node dist/scripts/bench-cluster.js start|stop|reload|status --json   (the usual runCli commands)
// WS_PORT, REGISTER_PORT: where clients connect, where the Register listens (127.0.0.1);
// BENCH_SESSION=read-only|rw: clients carry a 20-key session (see examples/bench/events.ts).
// Everything else is the product's defaults (heartbeats on), except the per-IP connection limit:
// the load comes from a few loopback addresses, as traffic behind a proxy would.
import { benchEvents, benchEventsWithSession } from '../examples/bench/events';
import { BusinessWorker, Gateway, Register, runCli } from '../src/index';

function count(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const register = `127.0.0.1:${count('REGISTER_PORT', 1236)}`;
const sessionMode = process.env.BENCH_SESSION;
const events =
  sessionMode === 'read-only' || sessionMode === 'rw' ? benchEventsWithSession(sessionMode) : benchEvents;

void runCli([
  new Register({ listen: register }),
  new Gateway({
    name: 'BenchGateway',
    listen: `ws://127.0.0.1:${count('WS_PORT', 7272)}`,
    register,
    processes: count('BENCH_GATEWAYS', 1),
    maxConnectionsPerIp: 100_000,
  }),
  new BusinessWorker({ name: 'BenchWorker', register, events, processes: count('BENCH_WORKERS', 1) }),
]);
