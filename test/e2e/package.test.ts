import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isProcessId, signalProcess } from '../../src/cli/signal';
import { freePorts } from '../helpers/cli-process';
import { projectFiles, readStartProjectGuide, type ProjectKind } from '../helpers/start-project';
import { TestClient } from '../helpers/ws-client';

/**
 * The package as a new user meets it: `npm pack`, the tarball installed into a new ESM project and
 * a new CommonJS project, each set up and run exactly as README's "Start a project" says (its
 * files and commands are read from README.md). Packages the README installs are pinned to the
 * versions this repository uses (its own tsc, tsx and @types/node), so the run is reproducible and
 * npm finds every tarball in its cache.
 */
const ROOT = path.resolve(__dirname, '../../..');
const guide = readStartProjectGuide(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

interface Result {
  code: number;
  stdout: string;
  /** stdout and stderr */
  output: string;
}

/** npm and the bin must act on the scratch project, not on this repository (`npm test` sets these). */
function scratchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (/^npm_(config_local_prefix|config_call|package_|lifecycle_|command)/i.test(key)) delete env[key];
  delete env.GATEWAYWORKER_RUN_DIR;
  return env;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: scratchEnv(), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, output: `${stdout}${stderr}` });
      },
    );
  });
}

async function mustRun(line: string, cwd: string, timeoutMs: number): Promise<Result> {
  const [command = '', ...args] = line.split(/\s+/);
  const result = await run(command, args, cwd, timeoutMs);
  assert.equal(result.code, 0, `${line} exited ${result.code}:\n${result.output}`);
  return result;
}

/** `npm install a b@1` from the README, with the tarball for gatewayworker and this repo's versions. */
function pinnedInstall(line: string, tarball: string): string {
  return line
    .split(/\s+/)
    .map((arg, i) => {
      if (i < 2 || arg.startsWith('-')) return arg;
      const name = arg.replace(/(.)@.*$/, '$1');
      if (name === 'gatewayworker') return tarball;
      const { version } = JSON.parse(
        readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      return `${name}@${version}`;
    })
    .concat(
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--fetch-retry-mintimeout=1000',
      '--fetch-retry-maxtimeout=5000',
    )
    .join(' ');
}

/** npm could reach neither the registry nor a cached copy of some package's metadata. */
const NO_REGISTRY = /\b(ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH)\b/;

class RegistryUnreachable extends Error {}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(dir, name));
}

/** A scratch project of one kind, installed as the README says; its ports are free ones. */
class ScratchProject {
  readonly dir: string;
  readonly pids = new Set<number>();

  private constructor(
    readonly kind: ProjectKind,
    readonly ports: { register: number; ws: number },
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), `gw-package-${kind}-`));
  }

  static async create(kind: ProjectKind, tarball: string): Promise<ScratchProject> {
    const [register = 0, ws = 0] = await freePorts(2);
    const project = new ScratchProject(kind, { register, ws });
    for (const [file, text] of projectFiles(guide, kind)) project.write(file, text);
    for (const line of guide.install) {
      const install = pinnedInstall(line, tarball);
      const [command = '', ...args] = install.split(/\s+/);
      const result = await run(command, args, project.dir, 120_000);
      if (result.code === 0) continue;
      rmSync(project.dir, { recursive: true, force: true });
      if (NO_REGISTRY.test(result.output)) throw new RegistryUnreachable(result.output);
      assert.fail(`${install} exited ${result.code}:\n${result.output}`);
    }
    return project;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.ports.ws}`;
  }

  /** Writes a project file; the start file gets this project's ports instead of the README's. */
  write(file: string, text: string): void {
    let content = text;
    if (file === 'src/start.ts') {
      for (const [from, to] of [
        ["'127.0.0.1:1236'", `'127.0.0.1:${this.ports.register}'`],
        ['ws://0.0.0.0:7272', `ws://127.0.0.1:${this.ports.ws}`],
      ] as const) {
        assert.ok(content.includes(from), `README's src/start.ts no longer contains ${from}`);
        content = content.replace(from, to);
      }
    }
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), content);
  }

  /** Notes the master's and every role process's pid, for cleanup. */
  async notePids(): Promise<void> {
    const state = path.join(this.dir, 'runtime', 'gatewayworker.json');
    if (existsSync(state)) this.pids.add((JSON.parse(readFileSync(state, 'utf8')) as { pid: number }).pid);
    const status = await run('npx', ['gatewayworker', 'status', '--json'], this.dir, 30_000);
    if (status.code !== 0) return;
    const rows = JSON.parse(status.stdout) as Array<{ pid: unknown }>;
    for (const row of rows) if (isProcessId(row.pid)) this.pids.add(row.pid);
  }

  async cleanup(): Promise<void> {
    await this.notePids().catch(() => undefined);
    const stopped = await run('npx', ['gatewayworker', 'stop'], this.dir, 60_000);
    // Only then: after a stop, a noted pid may already belong to another process.
    if (stopped.code !== 0) for (const pid of this.pids) signalProcess(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('the packed package in a new project, set up as README "Start a project" says', function () {
  this.timeout(300_000);
  let packDir: string;
  let tarball: string;
  const projects: ScratchProject[] = [];
  let offline = false;

  before(async function () {
    this.timeout(120_000);
    packDir = mkdtempSync(path.join(tmpdir(), 'gw-pack-'));
    const packed = await mustRun(`npm pack --json --pack-destination ${packDir}`, ROOT, 120_000);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    tarball = path.join(packDir, filename);
  });

  after(async function () {
    this.timeout(120_000);
    for (const project of projects) await project.cleanup();
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  /** The project of this kind (installed once); skips the test, outside CI, when npm is offline. */
  async function project(test: Mocha.Context, kind: ProjectKind): Promise<ScratchProject> {
    const existing = projects.find((p) => p.kind === kind);
    if (existing) return existing;
    if (offline) return test.skip();
    try {
      const created = await ScratchProject.create(kind, tarball);
      projects.push(created);
      return created;
    } catch (err) {
      if (!(err instanceof RegistryUnreachable) || process.env.CI) throw err;
      offline = true;
      console.log('    skipping: npm reaches neither the registry nor a cached copy of a dependency');
      return test.skip();
    }
  }

  for (const kind of ['esm', 'cjs'] as const) {
    it(`${kind}: type-checks under strict; start -d with lazily imported TypeScript events, a round trip, reload, status, stop`, async function () {
      const app = await project(this, kind);
      const installed = path.join(app.dir, 'node_modules', 'gatewayworker');
      // Stack traces and "go to definition" lead to files the package ships.
      for (const map of [...filesUnder(installed, '.js.map'), ...filesUnder(installed, '.d.ts.map')]) {
        const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
        for (const source of sources)
          assert.ok(existsSync(path.resolve(path.dirname(map), source)), `${map} names ${source}`);
      }

      const events = projectFiles(guide, kind).get('src/events.ts') ?? '';
      assert.ok(events.includes('`#${'), "README's src/events.ts no longer answers `#${count}: ...`");
      let client: TestClient | undefined;
      try {
        for (const line of guide.run) {
          const [, verb] = /^npx gatewayworker (\w+)/.exec(line) ?? [];
          // A deploy between start and reload: reload must bring the changed events.ts.
          if (verb === 'reload') app.write('src/events.ts', events.replace('`#${', '`v2 #${'));
          const { output } = await mustRun(line, app.dir, 90_000);
          if (verb === 'start') {
            await app.notePids();
            client = await TestClient.connect(app.url);
            assert.equal(await client.request('hello'), '#1: hello');
          } else if (verb === 'reload') {
            await app.notePids();
            // The same connection, served by new worker processes with the new code; the session lives on.
            assert.match(output, /reloaded/);
            assert.equal(await client?.request('again'), 'v2 #2: again');
          } else if (verb === 'status') {
            assert.equal(output.match(/BusinessWorker:\d/g)?.length, 2, output);
          } else if (verb === 'stop') {
            await client?.waitClosed(10_000);
          }
        }
        assert.ok(client, 'the README runs no `npx gatewayworker start`');
      } finally {
        await client?.close();
      }
    });
  }

  it('esm: events that throw while loading make start -d exit non-zero with the error', async function () {
    const app = await project(this, 'esm');
    app.write('src/events.ts', "throw new Error('events.ts failed to load: boom');\nexport default {};\n");
    const started = await run('npx', ['gatewayworker', 'start', '-d', 'src/start.ts'], app.dir, 90_000);
    await app.notePids();
    assert.notEqual(started.code, 0, started.output);
    assert.match(started.output, /events\.ts failed to load: boom/);
  });
});
