import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePorts } from '../helpers/cli-process';
import { TestClient } from '../helpers/ws-client';

const BIN = path.resolve(__dirname, '../../src/cli/bin.js');
const PACKAGE = path.resolve(__dirname, '../../src/index');

/** The bin's state goes to <cwd>/runtime unless GATEWAYWORKER_RUN_DIR says otherwise. */
function withoutRunDir(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GATEWAYWORKER_RUN_DIR;
  return env;
}

function bin(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, timeout: 60_000, env: withoutRunDir() },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
  });
}

describe('gatewayworker bin: many TypeScript start files under one master', function () {
  this.timeout(90_000);
  let dir: string;
  const glob = 'apps/*/start*.ts';

  afterEach(async () => {
    await bin(dir, ['stop', glob]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("start -d 'apps/*/start*.ts' runs every role of every file; status and stop work with or without the files", async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-bin-'));
    const [registerPort, wsPort] = await freePorts(2);
    const register = `127.0.0.1:${registerPort}`;
    mkdirSync(path.join(dir, 'apps', 'directory'), { recursive: true });
    mkdirSync(path.join(dir, 'apps', 'echo'), { recursive: true });
    writeFileSync(
      path.join(dir, 'apps', 'directory', 'start_register.ts'),
      `import { Register, runCli } from ${JSON.stringify(PACKAGE)};\nvoid runCli([new Register({ listen: '${register}' })]);\n`,
    );
    writeFileSync(
      path.join(dir, 'apps', 'echo', 'start_echo.ts'),
      `import { BusinessWorker, Gateway, runCli, type Events } from ${JSON.stringify(PACKAGE)};
const events: Events = { onMessage: (ctx, message: string | Buffer) => ctx.sendToCurrentClient('ts: ' + String(message)) };
void runCli([
  new Gateway({ listen: 'ws://127.0.0.1:${wsPort}', register: '${register}' }),
  new BusinessWorker({ register: '${register}', events, processes: 2 }),
]);
`,
    );
    const started = await bin(dir, ['start', '-d', glob]);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /^gatewayworker \(master pid \d+, state in .*runtime\)$/m, 'the name once');
    assert.match(
      started.stdout,
      /register\s+Register[\s\S]*gateway\s+Gateway[\s\S]*worker\s+BusinessWorker\s+none\s+2\s+\[OK\]/,
    );
    const client = await TestClient.connect(`ws://127.0.0.1:${wsPort}`);
    assert.equal(await client.request('hi'), 'ts: hi');
    // The commands that talk to the master need no start files (they find it through ./runtime),
    // and accept them as well.
    for (const args of [
      ['status', '--json', glob],
      ['status', '--json'],
    ]) {
      const status = JSON.parse((await bin(dir, args)).stdout) as Array<{ kind: string }>;
      assert.deepEqual(
        status.map((row) => row.kind),
        ['register', 'gateway', 'worker', 'worker'],
      );
    }
    const stopped = await bin(dir, ['stop']);
    assert.match(stopped.stdout, /stopped in \d+ ms/);
    await client.waitClosed();
  });

  it('says which start file uses top-level await, which a start file cannot (it is required)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-bin-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      path.join(dir, 'start.ts'),
      `import { Register, runCli } from ${JSON.stringify(PACKAGE)};\nawait Promise.resolve();\nvoid runCli([new Register({ listen: '127.0.0.1:0' })]);\n`,
    );
    const result = await bin(dir, ['start', 'start.ts']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /start\.ts uses top-level await: call runCli\(\[\.\.\.\]\) without awaiting/);
  });

  it('says clearly when no start file matches', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-bin-'));
    const result = await bin(dir, ['start', 'nothing/*.ts']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no start file matches nothing\/\*\.ts/);
  });
});
