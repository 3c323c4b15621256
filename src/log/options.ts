import { GatewayWorkerError } from '../errors';
import { checkNonEmptyString, checkOptionNames } from '../util/validate';
import { LOG_FORMATS, type LogFormat } from './format';

/** runCli's `log` option. */
export interface LogOptions {
  /**
   * 'text': `time role[pid] LEVEL message` lines; 'json': one object per line with time, level,
   * role, pid, message and the event's fields. Every process of the cluster uses it.
   * @default $GW_LOG_FORMAT, else 'text'
   */
  format?: LogFormat;
  /** The daemon's log file (`start -d`), where every process writes. @default '<runDir>/<name>.log' */
  file?: string;
}

/** Checks runCli's `log` option; an unknown name or value throws GW_ERR_INVALID_OPTION naming it. */
export function resolveLogOptions(value: unknown): Readonly<LogOptions> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GatewayWorkerError('GW_ERR_INVALID_OPTION', '`log` must be an object { format?, file? }');
  try {
    checkOptionNames(value, { format: true, file: true } satisfies Record<keyof LogOptions, true>);
  } catch (err) {
    throw new GatewayWorkerError('GW_ERR_INVALID_OPTION', `\`log\`: ${(err as Error).message}`);
  }
  const { format, file } = value as LogOptions;
  if (format !== undefined && !LOG_FORMATS.includes(format))
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`log.format\` must be 'text' or 'json', got ${JSON.stringify(format)}`,
    );
  return Object.freeze({
    ...(format !== undefined && { format }),
    ...(file !== undefined && { file: checkNonEmptyString('log.file', file) }),
  });
}
