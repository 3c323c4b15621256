import { nearestName } from '../util/suggest';
import type { ConnectionFilter } from './connection-filter';

/**
 * The options of `status` and `connections`, from the words after the command. An option the
 * command does not take, or one without its value, is an error naming it. Words that are not
 * options are left alone (the gatewayworker bin's users may repeat their start files there).
 */
interface FlagTable<T> {
  command: string;
  /** Options without a value: option -> the field set to true. */
  switches: Record<string, keyof T>;
  /** Options with a value (`--uid alice` or `--uid=alice`): option -> field. */
  values: Record<string, keyof T>;
}

function parseFlags<T extends object>(words: readonly string[], table: FlagTable<T>): Partial<T> {
  const parsed: Record<string, unknown> = {};
  const known = [...Object.keys(table.switches), ...Object.keys(table.values)];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-')) continue;
    const equals = word.indexOf('=');
    const name = equals > 0 ? word.slice(0, equals) : word;
    const field = table.values[name];
    if (field !== undefined) {
      const value = equals > 0 ? word.slice(equals + 1) : words[++i];
      if (value === undefined || value === '')
        throw new Error(`${table.command}: ${name} needs a value, as in ${name} <value>`);
      parsed[field as string] = value;
    } else if (table.switches[word] !== undefined && equals < 0) {
      parsed[table.switches[word] as string] = true;
    } else {
      const near = nearestName(name, known);
      throw new Error(
        `${table.command}: unknown option ${word}${near ? ` (did you mean ${near}?)` : ''}; it takes ${known.join(', ')}`,
      );
    }
  }
  return parsed as Partial<T>;
}

export interface StatusFlags {
  json: boolean;
  /** `-d` (Workerman's meaning for status) or `--live`: redraw every second until Ctrl-C. */
  live: boolean;
}

export function parseStatusFlags(words: readonly string[]): StatusFlags {
  const flags = parseFlags<StatusFlags>(words, {
    command: 'status',
    switches: { '--json': 'json', '-d': 'live', '--live': 'live' },
    values: {},
  });
  return { json: flags.json ?? false, live: flags.live ?? false };
}

export interface ConnectionsFlags {
  json: boolean;
  filter: ConnectionFilter;
}

export function parseConnectionsFlags(words: readonly string[]): ConnectionsFlags {
  const flags = parseFlags<{ json: boolean } & ConnectionFilter>(words, {
    command: 'connections',
    switches: { '--json': 'json' },
    values: { '--uid': 'uid', '--group': 'group', '--gateway': 'gateway' },
  });
  const { json = false, ...filter } = flags;
  return { json, filter };
}
