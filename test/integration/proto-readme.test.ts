import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeClientId } from '../../src/client-id';
import { Cluster } from '../helpers/cluster';
import { eventually } from '../helpers/wait';

// The "complete minimal worker in Python" of proto/README.md, run exactly as printed there: what an
// outsider copies from the protocol page must attach, answer, and write its session back.

/** The repo root: this file runs as dist/test/integration/proto-readme.test.js. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PYTHON_DIR = path.join(ROOT, 'examples', 'python-worker');
const PYTHON = path.join(PYTHON_DIR, '.venv', 'bin', 'python');
const STUBS = path.join(PYTHON_DIR, 'gen');
const MARKER = '<!-- proto-readme:python-quickstart -->';
const SECRET = 'proto-readme-secret';
const GO_DIR = path.join(ROOT, 'examples', 'go-worker');
const GO_STUBS = path.join(GO_DIR, 'gen', 'gatewayworker', 'v1', 'gateway_grpc.pb.go');

/** The readme's grpc-go calls, inside a function that gives them the names they use. */
function goProgram(readme: string): string {
  const snippet = /\n```go\n([\s\S]*?)\n```\n/.exec(readme)?.[1];
  assert.ok(snippet, 'proto/README.md has no go block');
  return `package main

import (
\t"context"
\t"time"

\t"google.golang.org/grpc"
\t"google.golang.org/grpc/credentials/insecure"
\t"google.golang.org/grpc/keepalive"
\t"google.golang.org/grpc/metadata"

\tpb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

func attach(address, key, instanceID string, ev *pb.ClientEvent) {
${snippet}
\t_ = resp
}

func main() {}
`;
}

/** The ```python block right after MARKER in proto/README.md. */
function quickstartSource(): string {
  const readme = readFileSync(path.join(ROOT, 'proto', 'README.md'), 'utf8');
  const match = new RegExp(`${MARKER}\\n\`\`\`python\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(readme);
  assert.ok(match, `proto/README.md has no python block after ${MARKER}`);
  return match[1]!;
}

/** Runs the quick-start worker; `output()` is what it printed so far (stdout and stderr). */
function startQuickstart(script: string, register: string): { child: ChildProcess; output: () => string } {
  const child = spawn(PYTHON, [script, register], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONPATH: STUBS, PYTHONUNBUFFERED: '1', GATEWAYWORKER_SECRET_KEY: SECRET },
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => output };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

const pythonReady =
  existsSync(PYTHON) && existsSync(path.join(STUBS, 'gatewayworker', 'v1', 'gateway_pb2_grpc.py'));

describe('proto/README.md quick start (a worker from the protocol page alone)', function () {
  this.timeout(30_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill));
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cluster = undefined;
    dir = undefined;
  });

  it('its grpc-go calls compile against stubs generated from proto/', async function () {
    if (!existsSync(GO_STUBS)) {
      if (process.env.CI) throw new Error('examples/go-worker/gen is missing: .ci/run runs its setup.sh');
      this.skip(); // run `bash examples/go-worker/setup.sh` first
    }
    // Inside the Go worker's module, for its stubs and go.sum; `_` keeps it out of `./...`.
    dir = mkdtempSync(path.join(GO_DIR, '_proto-readme-'));
    writeFileSync(
      path.join(dir, 'main.go'),
      goProgram(readFileSync(path.join(ROOT, 'proto', 'README.md'), 'utf8')),
    );
    await new Promise<void>((resolve, reject) => {
      execFile(
        'go',
        ['vet', `./${path.basename(dir!)}`],
        { cwd: GO_DIR, timeout: 25_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`go vet failed:\n${stdout}${stderr}`)) : resolve()),
      );
    });
  });

  it('attaches with the secret key, echoes with a session counter, and the Gateway keeps the counter', async function () {
    if (!pythonReady) {
      if (process.env.CI)
        throw new Error('examples/python-worker/.venv is missing: .ci/run runs its setup.sh');
      this.skip(); // run `bash examples/python-worker/setup.sh` first
    }
    cluster = await Cluster.start({
      gateways: 2,
      workers: 0,
      register: { secretKey: SECRET },
      gateway: { secretKey: SECRET },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'gw-proto-readme-'));
    const script = path.join(dir, 'quickstart.py');
    writeFileSync(script, quickstartSource());
    const lanAddresses = cluster.gateways.map((g) => g.lanAddressOf());
    const attached = async (output: () => string): Promise<void> =>
      eventually(() => {
        for (const address of lanAddresses) assert.match(output(), new RegExp(`attached to ${address} `));
      }, 15_000);

    const first = startQuickstart(script, cluster.registerAddress);
    children.push(first.child);
    await attached(first.output);

    const client = await cluster.connect(1);
    const hello = await client.next();
    const clientId = /^hello ([0-9a-f]{20})$/.exec(hello)?.[1];
    assert.ok(clientId, hello);
    assert.equal(decodeClientId(clientId).gatewayAddress, lanAddresses[1]);
    for (const text of ['a', 'b', 'c']) client.send(text); // pipelined: each sees the last one's count
    assert.deepEqual(await client.take(3), ['#1: a', '#2: b', '#3: c']);

    // A new worker process gets the session from the Gateway: the write-back reached it.
    await kill(first.child);
    const second = startQuickstart(script, cluster.registerAddress);
    children.push(second.child);
    await attached(second.output);
    client.send('d');
    assert.equal(await client.next(10_000), '#4: d');
  });
});
