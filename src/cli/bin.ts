#!/usr/bin/env node
// gatewayworker <start|restart> [-d] <start file or glob>... | gatewayworker <stop|reload|status|connections|reopen-logs>
// Runs one or more start files under one master, as PHP GatewayWorker's start.php does with
// Applications/*/start*.php: `gatewayworker start 'apps/*/start*.ts'`. TypeScript start files are
// loaded with tsx, an optional peer dependency. Each start file calls runCli(roles) at its top
// level; here those calls only collect the roles, and all of them run together.
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { ROLE_COLLECTOR, runCli } from './run-cli';
import type { Role } from './roles';
import { registerTypeScript } from './typescript-loader';

const USAGE = `Usage: gatewayworker <start|restart> [-d] <start files or globs...>
       gatewayworker <stop|reload|status|connections|reopen-logs> [--json]  (status -d: live; connections --uid U --group G --gateway NAME)
State and log files go to ./runtime (or $GATEWAYWORKER_RUN_DIR), named gatewayworker.*; the other
commands find the running master there, so they need no start files.`;

/** Commands that talk to the running master: they load no start file (no user code runs). */
const CONTROL_COMMANDS = new Set(['stop', 'reload', 'status', 'connections', 'reopen-logs']);

async function main(): Promise<void> {
  const [command = '', ...rest] = process.argv.slice(2);
  const cliOptions = {
    argv: [command, ...rest],
    runDir: process.env.GATEWAYWORKER_RUN_DIR || path.join(process.cwd(), 'runtime'),
    name: 'gatewayworker',
  };
  if (CONTROL_COMMANDS.has(command)) return runCli([], cliOptions);
  const patterns = rest.filter((arg) => !arg.startsWith('-'));
  if (!command || patterns.length === 0) {
    console.log(USAGE);
    process.exitCode = command === '--help' || command === 'help' ? 0 : 1;
    return;
  }
  const files = (await glob(patterns, { absolute: true, onlyFiles: true })).sort();
  if (files.length === 0) {
    console.error(`no start file matches ${patterns.join(' ')}`);
    process.exitCode = 1;
    return;
  }
  try {
    registerTypeScript(files);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
    return;
  }
  const collected: Role[][] = [];
  const globals = globalThis as Record<symbol, unknown>;
  globals[ROLE_COLLECTOR] = collected;
  try {
    for (const file of files) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ASYNC_MODULE') throw err;
        // Start files are required: runCli must have collected the roles when require returns.
        console.error(
          `${file} uses top-level await: call runCli([...]) without awaiting anything first ` +
            '(do asynchronous set-up in onWorkerStart, or in an async function)',
        );
        process.exitCode = 1;
        return;
      }
    }
  } finally {
    delete globals[ROLE_COLLECTOR];
  }
  const roles = collected.flat();
  if (roles.length === 0) {
    console.error(
      `the start files define no roles (each must call runCli([...]) at its top level): ${files.join(', ')}`,
    );
    process.exitCode = 1;
    return;
  }
  await runCli(roles, cliOptions);
}

void main();
