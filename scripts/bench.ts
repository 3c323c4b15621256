// `npm run bench [-- <scenario>... ] [--deploy=<name>,...]`: what users deploy against a plain `ws` server.
//
// Deployments (started in turn, each measured alone): `ws`, a plain single-process `ws` server
// (bench-baseline-server.js), and the bench app under runCli (bench-cluster.js) with 1 Gateway + 1
// worker process (`gw1x1`) and 2 + 2 (`gw2x2`); `scale` runs 4 Gateways + 2 workers (`gw4x2`).
// Load comes from separate processes (bench-load.js); server CPU is that of every process of the
// deployment (master, Register, Gateways, workers) over the measured window, read from /proc.
// Scenarios: idle, handshake, echo, broadcast, reload (the default run), scale (only when named,
// or with BENCH_SCALE=1). Every child is stopped by pid, also on errors, Ctrl-C and past the budget.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { childCount, isAborting, stopEverything } from './bench-children';
import { printChecks, printResults, summaryLine } from './bench-report';
import { treeCpuSeconds } from './bench-proc';
import { combineRounds, roundOrder } from './bench-rounds';
import { PARAMS, RUNNERS, SCENARIOS, type ScenarioName, type ScenarioResult } from './bench-scenarios';
import { startDeployment, type Deployment, type DeploymentSpec } from './bench-servers';

interface Planned extends DeploymentSpec {
  scenarios: readonly ScenarioName[];
  /** Run only when named with --deploy. */
  optional?: boolean;
}

const DEPLOYMENTS: Planned[] = [
  {
    name: 'ws',
    label: 'plain ws server, 1 process',
    gateways: 0,
    workers: 0,
    scenarios: ['idle', 'handshake', 'echo', 'broadcast'],
  },
  {
    name: 'gw1x1',
    label: 'runCli, 1 Gateway + 1 worker process',
    gateways: 1,
    workers: 1,
    scenarios: ['idle', 'handshake', 'echo', 'broadcast', 'reload'],
  },
  {
    name: 'gw2x2',
    label: 'runCli, 2 Gateway + 2 worker processes',
    gateways: 2,
    workers: 2,
    scenarios: ['handshake', 'echo', 'broadcast'],
  },
  {
    name: 'gw4x2',
    label: 'runCli, 4 Gateway + 2 worker processes',
    gateways: 4,
    workers: 2,
    scenarios: ['scale'],
  },
  // For the optimizers: this build against another one (BENCH_OTHER_BUILD: its root, built), in the same rounds.
  {
    name: 'gw1x1-other',
    label: `runCli 1+1 of the build in ${process.env.BENCH_OTHER_BUILD ?? 'BENCH_OTHER_BUILD (not set)'}`,
    gateways: 1,
    workers: 1,
    script: process.env.BENCH_OTHER_BUILD
      ? path.join(process.env.BENCH_OTHER_BUILD, 'dist', 'scripts', 'bench-cluster.js')
      : undefined,
    scenarios: ['handshake', 'echo', 'broadcast'],
    optional: true,
  },
  // For the optimizers: what batching and sessions cost.
  {
    name: 'gw1x1-unbatched',
    label: 'runCli 1+1, batching off (GW_BATCH_MAX_ITEMS=1)',
    gateways: 1,
    workers: 1,
    env: { GW_BATCH_MAX_ITEMS: '1' },
    scenarios: ['echo', 'broadcast'],
    optional: true,
  },
  ...(['read-only', 'rw'] as const).map((mode): Planned => ({
    name: mode === 'rw' ? 'gw1x1-session-rw' : 'gw1x1-session',
    label: `runCli 1+1, 20-key session per client (${mode === 'rw' ? 'handler counts in it' : 'not touched'})`,
    gateways: 1,
    workers: 1,
    env: { BENCH_SESSION: mode },
    scenarios: ['echo'],
    optional: true,
  })),
];

const DEFAULT_BUDGET_MS = 600_000;
/** Above this, other processes' CPU use during a window makes the run suspect. */
const BUSY_OTHERS_PCT = 15;
const SCALE_BUDGET_MS = 300_000;
/** Scenarios run in rounds over all their deployments at once (bench-rounds.ts). */
const IN_ROUNDS: readonly ScenarioName[] = ['handshake', 'echo'];
/**
 * Between two measurements of a round, the deployment just measured must have settled (closed its
 * connections, told its workers): until its processes use less than SETTLE_CPU of a core over
 * SETTLE_STEP_MS, at most SETTLE_MAX_MS.
 */
const SETTLE_STEP_MS = 250;
const SETTLE_CPU = 0.1;
const SETTLE_MAX_MS = 5000;

const USAGE = `usage: npm run bench -- [scenario ...] [--deploy=name,...] [--json=file]
  scenarios: ${SCENARIOS.join(', ')} (default: all but scale; BENCH_SCALE=1 adds scale)
  deployments: ${DEPLOYMENTS.map((d) => d.name).join(', ')} (default: all that run a chosen scenario, but the optional ones)
  --json=file: also write every figure there
  environment: BENCH_MEASURE_MS, BENCH_WARMUP_MS, BENCH_ROUNDS, BENCH_WARMUP_ROUNDS, BENCH_ECHO_CONNECTIONS, BENCH_IDLE_PER_GATEWAY, BENCH_BUDGET_MS, ...`;

function parseArgs(argv: string[]): {
  scenarios: ScenarioName[];
  deployments: Planned[];
  jsonFile?: string;
} {
  const named = argv.filter((arg) => !arg.startsWith('--'));
  const deployFlag = argv.find((arg) => arg.startsWith('--deploy='));
  const jsonFlag = argv.find((arg) => arg.startsWith('--json='));
  const unknown = [
    ...named.filter((name) => !(SCENARIOS as readonly string[]).includes(name)),
    ...argv.filter((arg) => arg.startsWith('--') && arg !== deployFlag && arg !== jsonFlag),
  ];
  if (unknown.length > 0) {
    console.error(`unknown argument: ${unknown.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  const scenarios = (
    named.length > 0 ? named : SCENARIOS.filter((s) => s !== 'scale' || process.env.BENCH_SCALE === '1')
  ) as ScenarioName[];
  let deployments = DEPLOYMENTS.filter((d) => !d.optional);
  if (deployFlag) {
    const names = deployFlag.slice('--deploy='.length).split(',');
    const missing = names.filter((name) => !DEPLOYMENTS.some((d) => d.name === name));
    if (missing.length > 0) {
      console.error(`unknown deployment: ${missing.join(', ')}\n${USAGE}`);
      process.exit(2);
    }
    deployments = DEPLOYMENTS.filter((d) => names.includes(d.name));
    if (names.includes('gw1x1-other') && !process.env.BENCH_OTHER_BUILD) {
      console.error(`gw1x1-other needs BENCH_OTHER_BUILD=<root of another built checkout>\n${USAGE}`);
      process.exit(2);
    }
  }
  deployments = deployments.filter((d) => d.scenarios.some((s) => scenarios.includes(s)));
  return { scenarios, deployments, jsonFile: jsonFlag?.slice('--json='.length) };
}

function printSetup(scenarios: ScenarioName[], deployments: Planned[]): void {
  console.log(
    `bench: node ${process.version}, ${os.cpus().length} CPUs shared by load and servers, loopback only; ` +
      `scenarios ${scenarios.join(', ')}; deployments ${deployments.map((d) => d.name).join(', ')}`,
  );
  console.log(
    `  echo: ${PARAMS.echoConnections} connections x ${PARAMS.echoInFlight} in flight, ${PARAMS.messageBytes}-byte messages, ` +
      `warm-up ${PARAMS.warmupMs} ms, measured ${PARAMS.echoMeasureMs} ms per round; broadcast: ${PARAMS.bcastReceivers} receivers, ` +
      `${PARAMS.bcastInFlight} in flight, measured ${PARAMS.measureMs} ms`,
  );
  console.log(
    `  echo and handshake: ${PARAMS.warmupRounds} warm-up round(s) (printed, not counted), then ${PARAMS.rounds} ` +
      'rounds, all their deployments up at once, each measured in turn ' +
      "(order rotating); figures are medians over the rounds, ratios the median of the rounds' ratios",
  );
  console.log(
    `  idle: ${PARAMS.idlePerGateway} connections per Gateway process, held ${PARAMS.idleHoldMs} ms, heartbeats on (20 s pings); ` +
      `handshake: ${PARAMS.handshakeRatePerSec}/s for ${PARAMS.handshakeMs} ms (the first ${PARAMS.handshakeWarmupMs} ms not measured); reload: echo load, ` +
      `${PARAMS.reloadSteadyMs} ms steady, then during the reload`,
  );
  if (scenarios.includes('scale'))
    console.log(
      `  scale: ${PARAMS.scaleConnections} connections from ${PARAMS.scaleLoads} load processes, held idle ` +
        `${PARAMS.scaleHoldMs} ms, then one broadcast at a time to all for ${PARAMS.scaleMeasureMs} ms`,
    );
}

/** Other work on the machine skews every figure, latencies most: say so. */
function warnIfBusy(results: ScenarioResult[]): void {
  const busiest = Math.max(0, ...results.map((r) => r.figures.otherCpuPct ?? 0));
  if (busiest > BUSY_OTHERS_PCT)
    console.log(
      `\nwarning: other processes used up to ${busiest.toFixed(0)}% CPU (of ${os.cpus().length * 100}%) during ` +
        'measured windows (column "others CPU%"): figures are skewed, latencies most; run again on a quiet machine',
    );
}

async function runDeployment(
  planned: Planned,
  scenarios: ScenarioName[],
  results: ScenarioResult[],
): Promise<void> {
  const deployment = await startDeployment(planned);
  try {
    for (const scenario of planned.scenarios.filter((s) => scenarios.includes(s))) {
      if (isAborting()) break;
      if (!deployment.alive()) {
        console.error(`[${planned.name}] the server has exited: skipping ${scenario}`);
        break;
      }
      try {
        const result = await RUNNERS[scenario](deployment);
        results.push(result);
        console.log(summaryLine(result));
      } catch (err) {
        console.error(`[${planned.name}] ${scenario} failed: ${(err as Error).message}`);
      }
    }
  } finally {
    console.log(`[${planned.name}] ${await deployment.stop()}`);
  }
}

async function settle(deployment: Deployment): Promise<void> {
  const cpu = (): number => treeCpuSeconds(deployment.rootPid, deployment.serverPids());
  const deadline = performance.now() + SETTLE_MAX_MS;
  for (let before = cpu(); performance.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_STEP_MS));
    const now = cpu();
    if (now - before < (SETTLE_CPU * SETTLE_STEP_MS) / 1000) return;
    before = now;
  }
}

/** Echo and handshake: every deployment once per round, all up at once; one combined result each. */
async function runRounds(
  planned: Planned[],
  scenarios: ScenarioName[],
  results: ScenarioResult[],
): Promise<void> {
  const running: Deployment[] = [];
  // Keys in the planned order, so that the tables list deployments as planned whatever ran first.
  const perRound = new Map<string, (ScenarioResult | undefined)[]>();
  for (const scenario of scenarios)
    for (const p of planned)
      if (p.scenarios.includes(scenario))
        perRound.set(
          `${p.name}/${scenario}`,
          Array<ScenarioResult | undefined>(PARAMS.rounds).fill(undefined),
        );
  try {
    for (const p of planned) running.push(await startDeployment(p));
    // Negative rounds warm up: run and printed like the others, never counted.
    for (let round = -PARAMS.warmupRounds; round < PARAMS.rounds && !isAborting(); round++) {
      const label = round < 0 ? 'warm-up round' : `round ${round + 1}`;
      for (const scenario of scenarios) {
        for (const deployment of roundOrder(running, round)) {
          const { name } = deployment.spec;
          if (isAborting()) break;
          if (!planned.find((p) => p.name === name)?.scenarios.includes(scenario)) continue;
          const key = `${name}/${scenario}`;
          const list = perRound.get(key) as (ScenarioResult | undefined)[];
          if (!deployment.alive()) {
            console.error(`[${name}] the server has exited: skipping ${scenario} ${label}`);
            continue;
          }
          try {
            const result = await RUNNERS[scenario](deployment);
            if (round >= 0) list[round] = result;
            console.log(`${label}: ${summaryLine(result)}`);
          } catch (err) {
            console.error(`[${name}] ${scenario} ${label} failed: ${(err as Error).message}`);
          }
          await settle(deployment);
        }
      }
    }
  } finally {
    for (const deployment of running) console.log(`[${deployment.spec.name}] ${await deployment.stop()}`);
  }
  for (const [key, list] of perRound) {
    const [deployment, scenario] = key.split('/') as [string, ScenarioName];
    results.push(combineRounds(deployment, scenario, list));
  }
}

async function abort(reason: string, exitCode: number): Promise<never> {
  console.error(`bench: ${reason}; stopping ${childCount()} child process(es)`);
  await stopEverything();
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const startMs = performance.now();
  const { scenarios, deployments, jsonFile } = parseArgs(process.argv.slice(2));
  process.once('SIGINT', () => void abort('interrupted', 130));
  process.once('SIGTERM', () => void abort('terminated', 143));
  const budgetMs =
    Number(process.env.BENCH_BUDGET_MS) ||
    DEFAULT_BUDGET_MS + (scenarios.includes('scale') ? SCALE_BUDGET_MS : 0);
  const budget = setTimeout(() => void abort(`over the ${budgetMs} ms budget`, 1), budgetMs);
  printSetup(scenarios, deployments);
  const results: ScenarioResult[] = [];
  const alone = scenarios.filter((s) => !IN_ROUNDS.includes(s));
  for (const planned of deployments) {
    if (isAborting()) break;
    if (!planned.scenarios.some((s) => alone.includes(s))) continue;
    try {
      await runDeployment(planned, alone, results);
    } catch (err) {
      console.error(`[${planned.name}] failed: ${(err as Error).message}`);
    }
  }
  const inRounds = scenarios.filter((s) => IN_ROUNDS.includes(s));
  const roundDeployments = deployments.filter((d) => d.scenarios.some((s) => inRounds.includes(s)));
  if (roundDeployments.length > 0 && !isAborting()) {
    try {
      await runRounds(roundDeployments, inRounds, results);
    } catch (err) {
      console.error(`rounds failed: ${(err as Error).message}`);
    }
  }
  clearTimeout(budget);
  printResults(results, new Map(DEPLOYMENTS.map((d) => [d.name, `${d.name}: ${d.label}`])));
  const failed = printChecks(results);
  warnIfBusy(results);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  await stopEverything();
  console.log(
    `\nbench done in ${((performance.now() - startMs) / 1000).toFixed(0)} s` +
      (failed > 0 ? `; ${failed} target(s) missed` : ''),
  );
}

main().catch((err: unknown) => void abort(`failed: ${err instanceof Error ? err.stack : String(err)}`, 1));
