/** One log event, as both formats see it. */
export interface LogEntry {
  time: Date;
  level: LogLevel;
  role: string;
  pid: number;
  message: string;
  fields?: Readonly<Record<string, unknown>>;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The keys every JSON line has; a field of the same name is dropped rather than let it hide one. */
const CORE_KEYS = new Set(['time', 'level', 'role', 'pid', 'message']);

/**
 * `time role[pid] LEVEL message`, then the fields as `key=value` (values in JSON when they are
 * not plain words), so a reader sees the same line as before fields existed.
 */
export function formatText(entry: LogEntry): string {
  const head = `${entry.time.toISOString()} ${entry.role}[${entry.pid}] ${entry.level.toUpperCase()} ${entry.message}`;
  const fields = Object.entries(entry.fields ?? {}).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return head;
  return `${head} ${fields.map(([key, value]) => `${key}=${textValue(value)}`).join(' ')}`;
}

function textValue(value: unknown): string {
  if (typeof value === 'string' && /^[\w.:/@-]+$/.test(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return safeJson(value);
}

/** One JSON object: `{"time","level","role","pid","message",...fields}`, on one line. */
export function formatJson(entry: LogEntry): string {
  const line: Record<string, unknown> = {
    time: entry.time.toISOString(),
    level: entry.level,
    role: entry.role,
    pid: entry.pid,
    message: entry.message,
  };
  for (const [key, value] of Object.entries(entry.fields ?? {})) if (!CORE_KEYS.has(key)) line[key] = value;
  return safeJson(line);
}

/** JSON.stringify that never throws: errors keep their name, message and stack; cycles and bigints are spelled out. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
      if (typeof v === 'object' && v !== null) {
        // (An object met twice, in a cycle or not, is written once.)
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }) ?? 'null'
  );
}
