import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import type { MasterCounters } from './master-counters';
import { registerScraped } from './scrape-metric';

/** One process's registry.getMetricsAsJSON(), as it crossed its control socket. */
export type MetricsJson = object[];

/** A process slot as the master knows it (Supervisor's slots). */
export interface SlotView {
  spec: { kind: string; name: string };
  index: number;
  state: string;
  restarts: number;
}

/**
 * The cluster's metrics on one endpoint: the master's own (reloads, restarts, processes up, Node's
 * process metrics), plus every role process's, fetched over its control socket as JSON
 * (registry.getMetricsAsJSON()) and merged with prom-client's AggregatorRegistry.aggregate().
 * Series carry role/name/process labels, so the merge keeps every process's series apart.
 */
export class ClusterMetrics {
  private readonly registry = new Registry();
  private missing = 0;

  constructor(
    name: string,
    slots: () => readonly SlotView[],
    counters: MasterCounters,
    private readonly fromProcesses: () => Promise<{ metrics: MetricsJson[]; missing: number }>,
  ) {
    const { registry } = this;
    registry.setDefaultLabels({ role: 'master', name, process: '0' });
    collectDefaultMetrics({ register: registry });
    const bySlot = (value: (slot: SlotView) => number) => () =>
      slots().map((slot) => ({
        labels: { role: slot.spec.kind, name: slot.spec.name, process: String(slot.index) },
        value: value(slot),
      }));
    registerScraped(registry, {
      name: 'gatewayworker_process_up',
      help: 'Whether the process of this slot is ready (1) or not (0: starting, restarting, down)',
      type: 'gauge',
      read: bySlot((slot) => (slot.state === 'ready' ? 1 : 0)),
    });
    registerScraped(registry, {
      name: 'gatewayworker_process_restarts_total',
      help: 'Restarts of the process of this slot after it exited unexpectedly',
      type: 'counter',
      read: bySlot((slot) => slot.restarts),
    });
    registerScraped(registry, {
      name: 'gatewayworker_reloads_total',
      help: 'Reloads of the BusinessWorkers (reload command, SIGUSR1), by result (ok, failed)',
      type: 'counter',
      read: () => Object.entries(counters.reloads).map(([result, value]) => ({ labels: { result }, value })),
    });
    registerScraped(registry, {
      name: 'gatewayworker_scrape_unanswered_processes',
      help: 'Processes that did not answer the last metrics scrape within 1 s (their series are missing)',
      type: 'gauge',
      read: () => [{ labels: {}, value: this.missing }],
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every process's metrics and the master's. */
  async scrape(): Promise<string> {
    const { metrics, missing } = await this.fromProcesses();
    this.missing = missing;
    const own = await this.registry.getMetricsAsJSON();
    return AggregatorRegistry.aggregate([own, ...metrics]).metrics();
  }
}
