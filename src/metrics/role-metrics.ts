import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Gateway } from '../gateway/gateway';
import type { Register } from '../register/register';
import { clientEventName } from '../rpc/protocol';
import type { ClientEventType } from '../rpc/generated/gatewayworker/v1/ClientEventType';
import type { BusinessWorker } from '../worker/business-worker';
import { streamCounters } from './role-counters';
import { registerScraped, registerScrapedHistogram, type Sample } from './scrape-metric';

/** The role a process runs (as cli/roles.ts's Role; repeated here so that metrics do not import cli). */
type RoleOfProcess = Register | Gateway | BusinessWorker<object>;

/**
 * One role process's metrics: Node's own (memory, CPU, event-loop lag, GC) and its role's. Every
 * series carries role, name and process (its index in its group), so that the master's aggregation
 * keeps each process's series apart: counters of a restarted process start again at 0, which
 * Prometheus's rate() handles per series, not in a sum.
 */
export function createRoleRegistry(role: RoleOfProcess, index: number): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role: role.kind, name: role.options.name, process: String(index) });
  collectDefaultMetrics({ register: registry });
  switch (role.kind) {
    case 'gateway':
      addGatewayMetrics(registry, role);
      addBatchMetric(registry, 'gateway_to_worker', streamCounters.gatewayToWorkerBatches);
      break;
    case 'worker':
      addWorkerMetrics(registry, role);
      addBatchMetric(registry, 'worker_to_gateway', streamCounters.workerToGatewayBatches);
      break;
    case 'register':
      registerScraped(registry, {
        name: 'gatewayworker_register_gateways',
        help: 'Gateway processes the Register lists now',
        type: 'gauge',
        read: () => [{ labels: {}, value: role.gatewayCount }],
      });
      registerScraped(registry, {
        name: 'gatewayworker_http_api_requests_total',
        help: 'HTTP push API requests answered, by operation (list: GET /v1; unknown: any other path) and status',
        type: 'counter',
        read: () =>
          [...role.httpApiRequests()].flatMap(([operation, byStatus]) =>
            [...byStatus].map(([status, value]) => ({
              labels: { operation, status: String(status) },
              value,
            })),
          ),
      });
      break;
    default: {
      const never: never = role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
  return registry;
}

const one = (value: number): Sample[] => [{ labels: {}, value }];

function addGatewayMetrics(registry: Registry, gateway: Gateway): void {
  const hub = (): NonNullable<Gateway['clientHub']> | undefined => gateway.clientHub;
  registerScraped(registry, {
    name: 'gatewayworker_connections',
    help: 'Clients connected to this Gateway process, by protocol (ws, or the TCP protocol name)',
    type: 'gauge',
    read: () => {
      // Every protocol served is listed, 0 included (a series that vanishes at 0 breaks graphs).
      const byProtocol = new Map(
        gateway.options.listeners.map((listen) => [listen.protocol?.name ?? 'ws', 0]),
      );
      for (const client of hub()?.clients.values() ?? []) {
        const protocol = client.socket.protocol ?? client.socket.transport;
        byProtocol.set(protocol, (byProtocol.get(protocol) ?? 0) + 1);
      }
      return [...byProtocol].map(([protocol, value]) => ({ labels: { protocol }, value }));
    },
  });
  registerScraped(registry, {
    name: 'gatewayworker_messages_in_total',
    help: 'Messages received from clients',
    type: 'counter',
    read: () => one(hub()?.messagesIn ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_messages_out_total',
    help: 'Messages written to clients',
    type: 'counter',
    read: () => one(hub()?.messagesOut ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_dropped_messages_total',
    help:
      'Messages dropped: send_buffer_full (to a client over sendBufferBytes), no_worker (client events ' +
      'no worker took within workerWaitMs), close_overflow (close events past the waiting limit)',
    type: 'counter',
    read: () => {
      const h = hub();
      return [
        { labels: { reason: 'send_buffer_full' }, value: h?.messagesDropped ?? 0 },
        { labels: { reason: 'no_worker' }, value: h?.counters.droppedNoWorker ?? 0 },
        { labels: { reason: 'close_overflow' }, value: h?.counters.droppedCloses ?? 0 },
      ];
    },
  });
  registerScraped(registry, {
    name: 'gatewayworker_clients_closed_total',
    help: 'Clients closed, by the close reason onClose gets (client, kicked, heartbeat-timeout, ...)',
    type: 'counter',
    read: () =>
      [...(hub()?.counters.closedByReason ?? [])].map(([reason, value]) => ({ labels: { reason }, value })),
  });
  registerScraped(registry, {
    name: 'gatewayworker_heartbeat_timeouts_total',
    help: 'Clients destroyed because they were silent too long (heartbeat or WebSocket pings)',
    type: 'counter',
    read: () => one(hub()?.counters.heartbeatTimeouts ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_held_events',
    help: 'Client events held now, waiting for a worker (none attached, or their worker drains)',
    type: 'gauge',
    read: () => one(hub()?.heldEventCount ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_held_events_total',
    help: 'Client events that had to wait for a worker',
    type: 'counter',
    read: () => one(hub()?.counters.heldEvents ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_workers_attached',
    help: 'BusinessWorker streams attached to this Gateway process',
    type: 'gauge',
    read: () => one(hub()?.workerCount ?? 0),
  });
  registerScraped(registry, {
    name: 'gatewayworker_backpressure_pauses_total',
    help: "Times a worker's stream was congested and the reading of its clients paused",
    type: 'counter',
    read: () => one(hub()?.counters.congestionPauses ?? 0),
  });
}

function addWorkerMetrics(registry: Registry, worker: BusinessWorker<object>): void {
  // Handlers are timed from the first scrape on (a clock reading per handler is not free).
  worker.handlerTimings.enabled = true;
  registerScrapedHistogram(registry, {
    name: 'gatewayworker_handler_duration_seconds',
    help:
      'How long event handlers ran (until an async handler settled), by event: one handler in 4, ' +
      'from the first scrape on',
    scale: 1 / 1000,
    read: () =>
      [...worker.handlerTimings.byEvent].map(([type, counts]) => ({
        labels: { event: clientEventName(type as ClientEventType) },
        counts,
      })),
  });
  registerScraped(registry, {
    name: 'gatewayworker_events_handled_total',
    help: 'Client events whose handler has settled (onConnect, onWebSocketConnect, onMessage, onClose)',
    type: 'counter',
    read: () => one(worker.handledEvents),
  });
  registerScraped(registry, {
    name: 'gatewayworker_gateways_attached',
    help: 'Gateway processes this worker has a live stream to',
    type: 'gauge',
    read: () => one(worker.attachedGateways().length),
  });
  registerScraped(registry, {
    name: 'gatewayworker_stream_read_pauses_total',
    help: "Times this worker stopped reading a Gateway's stream (10,000 events received and not handled yet)",
    type: 'counter',
    read: () => one(streamCounters.workerReadPauses),
  });
}

function addBatchMetric(
  registry: Registry,
  direction: string,
  counts: (typeof streamCounters)['gatewayToWorkerBatches'],
): void {
  registerScrapedHistogram(registry, {
    name: 'gatewayworker_stream_batch_items',
    help: 'Items (events, commands, replies) per gRPC stream message between Gateways and workers',
    read: () => [{ labels: { direction }, counts }],
  });
}
