import { formatJson, formatText, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log/format';
import { redactSecrets } from './log/redact';

/**
 * Logging: one line per event, `time role[pid] LEVEL message` (text, the default) or one JSON
 * object (`GW_LOG_FORMAT=json`, or runCli's `log.format`). A user may pass any object with these
 * four methods (pino, winston...) as the `logger` option; `fields` (structured context such as a
 * worker key or a peer) is optional for it to use. GW_LOG_LEVEL=debug|info|warn|error sets the
 * default logger's level (info). warn and error go to stderr, the rest to stdout.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function levelFromEnv(): number {
  const wanted = (process.env.GW_LOG_LEVEL ?? 'info').toLowerCase();
  const index = LOG_LEVELS.indexOf(wanted as LogLevel);
  return index === -1 ? 1 : index;
}

/** The format of every default logger of this process, read when a line is written. */
let format: LogFormat | undefined;

/** Sets the format of every default logger in this process (runCli does, from its `log` option). */
export function setLogFormat(value: LogFormat): void {
  format = value;
}

function currentFormat(): LogFormat {
  if (format) return format;
  const wanted = (process.env.GW_LOG_FORMAT ?? 'text').toLowerCase();
  format = LOG_FORMATS.includes(wanted as LogFormat) ? (wanted as LogFormat) : 'text';
  if (format !== wanted)
    process.stderr.write(`GW_LOG_FORMAT=${wanted} is neither text nor json: logging as text\n`);
  return format;
}

export function createLogger(role: string): Logger {
  const minLevel = levelFromEnv();
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LOG_LEVELS.indexOf(level) < minLevel) return;
    const entry = { time: new Date(), level, role, pid: process.pid, message, fields };
    const line = redactSecrets(currentFormat() === 'json' ? formatJson(entry) : formatText(entry));
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** Formats an unknown thrown value for a log line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
