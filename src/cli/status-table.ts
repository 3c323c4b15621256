import { formatBytes, formatDuration, formatRate, table } from './format';
import type { StatusRow } from './supervisor';

/**
 * `status` as a table, one row per process, in the spirit of Workerman's (which shows pid, memory,
 * connections, send_fail, timers, total_request and qps per process). Only `[ok]` rows have figures.
 */
const HEADERS = [
  'role',
  'process',
  'pid',
  'memory',
  'conns',
  'msgs',
  'msgs/s',
  'out',
  'dropped',
  'timers',
  'uptime',
  'restarts',
  'state',
];

export function statusTable(rows: readonly StatusRow[]): string {
  return table(
    HEADERS,
    rows.map((row) => {
      const process = `${row.name}:${row.index}`;
      if (row.state !== 'ok')
        return [
          row.kind,
          process,
          row.pid ?? '-',
          ...HEADERS.slice(3, -2).map(() => '-'),
          row.restarts,
          `[${row.state}]`,
        ];
      return [
        row.kind,
        process,
        row.pid,
        formatBytes(row.rssBytes),
        row.connections,
        row.messages,
        formatRate(row.messagesPerSecond),
        row.messagesOut,
        row.dropped,
        row.timers,
        formatDuration(row.uptimeMs),
        row.restarts,
        '[ok]',
      ];
    }),
  );
}

/** Why each process that is not up is not: the first line of its last error (the log has the rest). */
export function failureLines(rows: readonly StatusRow[]): string[] {
  return rows
    .filter((row) => row.state !== 'ok' && row.state !== 'busy' && row.lastFailure)
    .map((row) => `${row.name}:${row.index}: ${row.lastFailure?.split('\n')[0]}`);
}

/**
 * One line above the table, as Workerman's global status has: how many processes answer and, when
 * this master runs Gateways, their clients, client messages per second and drops in all.
 */
export function statusSummary(rows: readonly StatusRow[]): string {
  const ok = rows.flatMap((row) => (row.state === 'ok' ? [row] : []));
  const processes = `${rows.length} process${rows.length === 1 ? '' : 'es'}, ${ok.length} answering`;
  const gateways = ok.filter((row) => row.kind === 'gateway');
  if (!rows.some((row) => row.kind === 'gateway')) return processes;
  const total = (pick: (row: (typeof ok)[number]) => number): number =>
    gateways.reduce((sum, row) => sum + pick(row), 0);
  return `${processes}; Gateways: ${total((r) => r.connections)} clients, ${formatRate(
    total((r) => r.messagesPerSecond),
  )} msgs/s in, ${total((r) => r.dropped)} dropped`;
}
