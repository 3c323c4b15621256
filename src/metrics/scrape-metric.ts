import type { Metric, Registry } from 'prom-client';
import type { BucketCounts } from './bucket-counts';

export type Labels = Record<string, string | number>;
export interface Sample {
  labels: Labels;
  value: number;
}

/**
 * Registers a metric whose values are read when scraped, from counters the code keeps anyway. It
 * is the shape prom-client's own AggregatorRegistry registers (name, help, type, get()), so
 * getMetricsAsJSON() and aggregate() treat it like any other metric; nothing runs between scrapes.
 */
export function registerScraped(
  registry: Registry,
  metric: { name: string; help: string; type: 'counter' | 'gauge'; read: () => Sample[] },
): void {
  const { name, help, type, read } = metric;
  registry.registerMetric({
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: read() }),
  } as unknown as Metric);
}

/** A histogram read from BucketCounts, one series per label set; `scale` turns its unit into the exported one. */
export function registerScrapedHistogram(
  registry: Registry,
  metric: {
    name: string;
    help: string;
    scale?: number;
    read: () => Array<{ labels: Labels; counts: BucketCounts }>;
  },
): void {
  const { name, help, read, scale = 1 } = metric;
  const values = (): Array<Sample & { metricName: string }> =>
    read().flatMap(({ labels, counts }) => [
      ...counts.cumulative().map(([bound, value]) => ({
        metricName: `${name}_bucket`,
        labels: { ...labels, le: bound === Infinity ? '+Inf' : Number((bound * scale).toPrecision(6)) },
        value,
      })),
      { metricName: `${name}_sum`, labels, value: counts.sum * scale },
      { metricName: `${name}_count`, labels, value: counts.count },
    ]);
  registry.registerMetric({
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: values() }),
  } as unknown as Metric);
}
