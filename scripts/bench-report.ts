// The tables `npm run bench` prints: figures per scenario, then the ratios against plain `ws` with
// the targets of issue 12 and PASS/FAIL.
import { median, roundRatios } from './bench-rounds';
import type { Figures, ScenarioName, ScenarioResult } from './bench-scenarios';

/** The CPU columns every load scenario ends with: the servers', the load's and the rest of the machine's. */
const CPU_COLUMNS: [string, string, number][] = [
  ['serverCpuPct', 'server CPU%', 0],
  ['loadCpuPct', 'load CPU%', 0],
  ['otherCpuPct', 'others CPU%', 0],
];

/** Columns per scenario: figure name, header, decimals. */
const COLUMNS: Record<ScenarioName, [string, string, number][]> = {
  echo: [
    ['msgPerSec', 'msg/s', 0],
    ['msgPerCpuSec', 'msg/CPU-s', 0],
    ['p50Ms', 'p50 ms', 2],
    ['p99Ms', 'p99 ms', 2],
    ...CPU_COLUMNS,
  ],
  broadcast: [
    ['msgPerSec', 'deliveries/s', 0],
    ['msgPerCpuSec', 'deliv/CPU-s', 0],
    ['p50Ms', 'p50 ms', 2],
    ['p99Ms', 'p99 ms', 2],
    ['reachAllP50Ms', 'all reached p50 ms', 1],
    ...CPU_COLUMNS,
  ],
  idle: [
    ['connections', 'connections', 0],
    ['rssPerConnKiB', 'KiB/conn (Gateways)', 2],
    ['treeRssPerConnKiB', 'KiB/conn (all)', 2],
    ['openedPerSec', 'opened/s', 0],
    ...CPU_COLUMNS,
  ],
  handshake: [
    ['connections', 'connections', 0],
    ['p50Ms', 'p50 ms', 2],
    ['p99Ms', 'p99 ms', 2],
    ['spreadPct', 'spread ±%', 1],
    ...CPU_COLUMNS,
  ],
  reload: [
    ['reloadMs', 'reload ms', 0],
    ['steadyP99Ms', 'steady p99 ms', 2],
    ['p50Ms', 'p50 ms', 2],
    ['p99Ms', 'p99 ms', 2],
    ['lost', 'lost', 0],
    ['duplicated', 'doubled', 0],
    ['missing', 'missing', 0],
    ['otherCpuPct', 'others CPU%', 0],
  ],
  scale: [
    ['connections', 'connections', 0],
    ['rssPerConnKiB', 'KiB/conn (Gateways)', 2],
    ['treeRssPerConnKiB', 'KiB/conn (all)', 2],
    ['kernelKiBPerConn', 'kernel slab KiB/conn', 2],
    ['spreadPct', 'spread ±%', 1],
    ['idleCpuPct', 'idle server CPU%', 1],
    ['msgPerSec', 'deliveries/s', 0],
    ['msgPerCpuSec', 'deliv/CPU-s', 0],
    ['reachAllP50Ms', 'all reached p50 ms', 0],
    ['reachAllMaxMs', 'max ms', 0],
    ['broadcasts', 'broadcasts', 0],
    ...CPU_COLUMNS,
  ],
};

export function formatNumber(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

/** Pads columns to equal width; the first `leftColumns` are left-aligned, the rest right-aligned. */
export function formatTable(rows: string[][], leftColumns: number): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One line for a finished scenario, printed as it ends. */
export function summaryLine(result: ScenarioResult): string {
  const cells = COLUMNS[result.scenario].map(
    ([key, header, digits]) => `${header} ${formatNumber(result.figures[key], digits)}`,
  );
  return `[${result.deployment}] ${result.scenario}: ${cells.join(', ')}${result.notes.length ? ` (${result.notes.length} notes)` : ''}`;
}

export function printResults(results: ScenarioResult[], labels: Map<string, string>): void {
  for (const scenario of Object.keys(COLUMNS) as ScenarioName[]) {
    const rows = results.filter((r) => r.scenario === scenario);
    if (rows.length === 0) continue;
    const columns = COLUMNS[scenario];
    const rounds = rows[0]?.rounds?.length;
    const title = rounds ? `${scenario} (median of ${rounds} rounds)` : scenario;
    const table = [
      [title, ...columns.map(([, header]) => header)],
      ...rows.map((r) => [
        labels.get(r.deployment) ?? r.deployment,
        ...columns.map(([key, , digits]) => formatNumber(r.figures[key], digits)),
      ]),
    ];
    console.log(`\n${formatTable(table, 1)}`);
  }
  const notes = results.flatMap((r) =>
    r.notes.map((note) => `  note: ${r.deployment} ${r.scenario}: ${note}`),
  );
  if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
}

interface Check {
  what: string;
  /** The value compared with the limit, or NaN when not measured; a number or a ratio with its rounds. */
  value: (find: Finder) => number | Measured;
  /** 'x' for ratios, '%' or '' for absolute values. */
  unit: 'x' | '%' | '';
  /** The target: value >= limit ('min') or value <= limit ('max'); none for figures shown for information. */
  target?: { kind: 'min' | 'max'; limit: number };
}

interface Finder {
  (deployment: string, scenario: ScenarioName, figure: string): number;
  result(deployment: string, scenario: ScenarioName): ScenarioResult | undefined;
}

/** A ratio of a scenario run in rounds: the median of the rounds' ratios, and each of them. */
interface Measured {
  value: number;
  rounds?: number[];
}

function ratio(deployment: string, scenario: ScenarioName, figure: string): (find: Finder) => Measured {
  return (find) => {
    const rounds = roundRatios(find.result(deployment, scenario), find.result('ws', scenario), figure);
    if (rounds) return { value: median(rounds), rounds };
    return { value: find(deployment, scenario, figure) / find('ws', scenario, figure) };
  };
}

const CHECKS: Check[] = [
  {
    what: 'echo msg per server CPU-s, 1+1 / ws',
    value: ratio('gw1x1', 'echo', 'msgPerCpuSec'),
    unit: 'x',
    target: { kind: 'min', limit: 0.85 },
  },
  {
    what: 'echo p99, 1+1 / ws',
    value: ratio('gw1x1', 'echo', 'p99Ms'),
    unit: 'x',
    target: { kind: 'max', limit: 1.2 },
  },
  { what: 'echo msg per server CPU-s, 2+2 / ws', value: ratio('gw2x2', 'echo', 'msgPerCpuSec'), unit: 'x' },
  {
    what: 'echo msg per server CPU-s, other build 1+1 / ws',
    value: ratio('gw1x1-other', 'echo', 'msgPerCpuSec'),
    unit: 'x',
  },
  { what: 'echo p99, other build 1+1 / ws', value: ratio('gw1x1-other', 'echo', 'p99Ms'), unit: 'x' },
  { what: 'echo p99, 2+2 / ws', value: ratio('gw2x2', 'echo', 'p99Ms'), unit: 'x' },
  {
    what: 'broadcast deliveries per server CPU-s, 1+1 / ws',
    value: ratio('gw1x1', 'broadcast', 'msgPerCpuSec'),
    unit: 'x',
    target: { kind: 'min', limit: 1.3 },
  },
  {
    what: 'broadcast deliveries per server CPU-s, 2+2 / ws',
    value: ratio('gw2x2', 'broadcast', 'msgPerCpuSec'),
    unit: 'x',
  },
  {
    what: 'idle RSS per connection, 1+1 / ws',
    value: ratio('gw1x1', 'idle', 'rssPerConnKiB'),
    unit: 'x',
    target: { kind: 'max', limit: 1.3 },
  },
  {
    what: 'handshake p50 at 2,000/s, 1+1 / ws',
    value: ratio('gw1x1', 'handshake', 'p50Ms'),
    unit: 'x',
    target: { kind: 'max', limit: 2 },
  },
  {
    what: 'handshake p50 at 2,000/s, 2+2 / ws',
    value: ratio('gw2x2', 'handshake', 'p50Ms'),
    unit: 'x',
    target: { kind: 'max', limit: 2 },
  },
  {
    what: 'connections spread over 2 Gateway processes',
    value: (find) => find('gw2x2', 'handshake', 'spreadPct'),
    unit: '%',
    target: { kind: 'max', limit: 20 },
  },
  {
    what: 'reload, 1+1: replies lost + doubled + missing',
    value: (find) =>
      find('gw1x1', 'reload', 'lost') +
      find('gw1x1', 'reload', 'duplicated') +
      find('gw1x1', 'reload', 'missing') +
      (find('gw1x1', 'reload', 'reloadOk') === 1 ? 0 : NaN),
    unit: '',
    target: { kind: 'max', limit: 0 },
  },
  {
    what: 'reload, 1+1: p99 during reload / steady p99',
    value: (find) => find('gw1x1', 'reload', 'p99Ms') / find('gw1x1', 'reload', 'steadyP99Ms'),
    unit: 'x',
    target: { kind: 'max', limit: 3 },
  },
];

/** Prints the ratio table; returns how many targets were missed (FAIL) among those measured. */
export function printChecks(results: ScenarioResult[]): number {
  const result = (deployment: string, scenario: ScenarioName): ScenarioResult | undefined =>
    results.find((r) => r.deployment === deployment && r.scenario === scenario);
  const find: Finder = Object.assign(
    (deployment: string, scenario: ScenarioName, figure: string) =>
      result(deployment, scenario)?.figures[figure] ?? NaN,
    { result },
  );
  let failed = 0;
  const rows = [['figure (same run)', 'value', 'target', 'verdict', 'rounds (median taken)']];
  for (const check of CHECKS) {
    const measured = check.value(find);
    const { value, rounds } =
      typeof measured === 'number' ? { value: measured, rounds: undefined } : measured;
    if (!Number.isFinite(value)) continue;
    const digits = check.unit === 'x' ? 2 : check.unit === '%' ? 1 : 0;
    let target = 'info';
    let verdict = '';
    if (check.target) {
      const { kind, limit } = check.target;
      const ok = kind === 'min' ? value >= limit : value <= limit;
      target = `${kind === 'min' ? '>=' : '<='} ${limit}${check.unit}`;
      verdict = ok ? 'PASS' : 'FAIL';
      if (!ok) failed++;
    }
    rows.push([
      check.what,
      `${value.toFixed(digits)}${check.unit}`,
      target,
      verdict,
      rounds ? rounds.map((r) => formatNumber(r, digits)).join(' ') : '',
    ]);
  }
  if (rows.length > 1) console.log(`\n${formatTable(rows, 1)}`);
  return failed;
}

export type { Figures };
