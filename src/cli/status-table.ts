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
