import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isAlive } from '../../src/cli/control';
import { isProcessId, signalProcess } from '../../src/cli/signal';
import { registerTypeScript } from '../../src/cli/typescript-loader';

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

  it('says which start file needs tsx and how to get it, when tsx is not installed', () => {
    assert.throws(() => registerTypeScript(['/app/start.js', '/app/apps/chat/start.ts'], missing), {
      message:
        '/app/apps/chat/start.ts is TypeScript, which needs tsx (an optional peer dependency of ' +
        'gatewayworker): run `npm install --save-dev tsx`, or compile the start files and give the .js files',
    });
  });

  it('does not need tsx for JavaScript start files, and registers it once for TypeScript ones', () => {
    registerTypeScript(['/app/start.js', '/app/start.cjs'], missing);
    let registered = 0;
    registerTypeScript(['/app/start.mts'], () => ({ register: () => registered++ }));
    assert.equal(registered, 1);
  });

  it('passes on other errors of loading tsx', () => {
    assert.throws(
      () =>
        registerTypeScript(['/app/start.ts'], () => {
          throw new Error('broken install');
        }),
      { message: 'broken install' },
    );
  });
});
