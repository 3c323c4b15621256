import { GatewayWorkerError } from '../errors';
import { checkOptionNames } from '../util/validate';

/** runCli's `metrics` option: where the master serves /metrics, /status.json and the status page. */
export interface MetricsOptions {
  /**
   * "host:port", or a port alone (number or string), which listens on 127.0.0.1: the status page
   * and the metrics are for the operator, not the internet. Port 0 picks a free port (the banner
   * and the state file say which).
   */
  listen: string | number;
}

export interface ResolvedMetricsOptions {
  host: string;
  port: number;
}

const KNOWN: Record<keyof MetricsOptions, true> = { listen: true };

export function resolveMetricsOptions(input: unknown): ResolvedMetricsOptions {
  try {
    checkOptionNames(input, KNOWN);
  } catch (err) {
    throw new GatewayWorkerError('GW_ERR_INVALID_OPTION', `\`metrics\`: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const { listen } = input as MetricsOptions;
  const text = String(listen);
  const portOnly = /^\d{1,5}$/.exec(text);
  const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(text);
  const port = Number(portOnly ? portOnly[0] : hostPort?.[2]);
  if ((typeof listen !== 'string' && typeof listen !== 'number') || (!portOnly && !hostPort) || port > 65535)
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`metrics.listen\` must be a port or a "host:port" string, got ${JSON.stringify(listen)}`,
    );
  const host = portOnly ? '127.0.0.1' : (hostPort?.[1] ?? '').replace(/^\[|\]$/g, '');
  return { host, port };
}
