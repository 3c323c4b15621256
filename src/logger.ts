/**
 * Logging: one line format everywhere, `time role[pid] LEVEL message`.
 * A user may pass any object with these four methods (pino, winston...) as the `logger` option.
 * GW_LOG_LEVEL=debug|info|warn|error sets the default logger's level (info).
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

function levelFromEnv(): number {
  const wanted = (process.env.GW_LOG_LEVEL ?? 'info').toLowerCase();
  const index = LEVELS.indexOf(wanted as Level);
  return index === -1 ? 1 : index;
}

export function createLogger(role: string): Logger {
  const minLevel = levelFromEnv();
  const write = (level: Level, message: string): void => {
    if (LEVELS.indexOf(level) < minLevel) return;
    const line = `${new Date().toISOString()} ${role}[${process.pid}] ${level.toUpperCase()} ${message}\n`;
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** Formats an unknown thrown value for a log line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
