import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isAlive } from '../../src/cli/control';
import { describeRole, statsOf } from '../../src/cli/roles';
import { isProcessId, signalProcess } from '../../src/cli/signal';
import { registerTypeScript, type TypeScriptHooks } from '../../src/cli/typescript-loader';
import { Register } from '../../src/register/register';
import { MemoryLogger } from '../helpers/logs';

describe('signalProcess', () => {
  it('refuses pid 0, negative, null and non-integer pids (they would signal process groups)', () => {
    for (const pid of [0, -1, -process.pid, null, undefined, 1.5, NaN, '123']) {
      assert.equal(isProcessId(pid), false);
      assert.throws(() => signalProcess(pid, 'SIGKILL'), {
        name: 'RangeError',
        message: `refusing to signal pid ${String(pid)}: not the id of a single process`,
      });
      assert.equal(isAlive(pid), false);
    }
  });

  it('signals one real process, and says false once it is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = once(child, 'exit');
    assert.equal(isAlive(child.pid), true);
    assert.equal(signalProcess(child.pid, 'SIGKILL'), true);
    await exited;
    assert.equal(signalProcess(child.pid, 0), false);
    assert.equal(isAlive(child.pid), false);
  });
});

describe('registerTypeScript (tsx is an optional peer dependency)', () => {
  const missing = (id: string): never => {
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  };
  const tsxMissing: TypeScriptHooks = {
    registerRequire: () => missing('tsx/cjs/api'),
    registerImport: () => missing('tsx/esm'),
  };

  it('says which start file needs tsx and how to get it, when tsx is not installed', () => {
    assert.throws(() => registerTypeScript(['/app/start.js', '/app/apps/chat/start.ts'], tsxMissing), {
      message:
        '/app/apps/chat/start.ts is TypeScript, which needs tsx (an optional peer dependency of ' +
        'gatewayworker): run `npm install --save-dev tsx`, or compile the start files and give the .js files',
    });
  });

  it('does not need tsx for JavaScript start files; for TypeScript ones registers its require and import() hooks', () => {
    registerTypeScript(['/app/start.js', '/app/start.cjs'], tsxMissing);
    const registered: string[] = [];
    registerTypeScript(['/app/start.mts'], {
      registerRequire: () => registered.push('require'),
      registerImport: () => registered.push('import'),
    });
    assert.deepEqual(registered, ['require', 'import']);
  });

  it('passes on other errors of loading tsx', () => {
    const broken = (): never => {
      throw new Error('broken install');
    };
    assert.throws(() => registerTypeScript(['/app/start.ts'], { ...tsxMissing, registerRequire: broken }), {
      message: 'broken install',
    });
  });
});

describe('statsOf', () => {
  it('reports the last RSS instead of throwing when reading it fails (EMFILE at the open-file limit)', () => {
    const register = new Register({ listen: '127.0.0.1:0', logger: new MemoryLogger() });
    // A Register that is not started has no address; stats of a started one need one.
    register.address = () => '127.0.0.1:1';
    const good = statsOf(register, 0, Date.now());
    assert.ok(good.rssBytes > 0);
    const original = process.memoryUsage.rss;
    process.memoryUsage.rss = () => {
      throw Object.assign(new Error('EMFILE: too many open files, uv_resident_set_memory'), {
        code: 'EMFILE',
      });
    };
    try {
      assert.equal(statsOf(register, 0, Date.now()).rssBytes, good.rssBytes);
    } finally {
      process.memoryUsage.rss = original;
    }
  });

  it("names a Register's HTTP push API beside its gRPC address, in the start table and in status", async () => {
    const register = new Register({
      listen: '127.0.0.1:0',
      httpApi: { listen: '127.0.0.1:0' },
      logger: new MemoryLogger(),
    });
    assert.equal(describeRole(register).listen, 'grpc://127.0.0.1:0 (HTTP API: http://127.0.0.1:0/v1)');
    await register.start();
    try {
      const listen = statsOf(register, 0, Date.now()).listen;
      assert.equal(listen, `${register.address()} (HTTP API: http://${register.httpApiAddress()}/v1)`);
      assert.doesNotMatch(listen, /:0\b/);
    } finally {
      await register.stop();
    }
  });
});
