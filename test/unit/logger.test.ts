import { strict as assert } from 'node:assert';
import { GatewayWorkerError } from '../../src/errors';
import { formatJson, formatText, type LogEntry } from '../../src/log/format';
import { resolveLogOptions } from '../../src/log/options';
import { redactSecrets, registerSecret } from '../../src/log/redact';
import { createLogger, setLogFormat } from '../../src/logger';
import { checkSecretKey } from '../../src/rpc/mesh-options';

const entry = (over: Partial<LogEntry> = {}): LogEntry => ({
  time: new Date('2026-01-02T03:04:05.678Z'),
  level: 'info',
  role: 'gateway',
  pid: 4242,
  message: 'worker w1 attached',
  ...over,
});

/** Runs `fn` with process.stdout/stderr writes captured (and not printed). */
function capture(fn: () => void): { stdout: string[]; stderr: string[] } {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => out.stdout.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => out.stderr.push(chunk) > 0) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  return out;
}

describe('logger', () => {
  const savedLevel = process.env.GW_LOG_LEVEL;
  afterEach(() => {
    setLogFormat('text');
    if (savedLevel === undefined) delete process.env.GW_LOG_LEVEL;
    else process.env.GW_LOG_LEVEL = savedLevel;
  });

  describe('text format', () => {
    it('is `time role[pid] LEVEL message`, as before fields existed', () => {
      assert.equal(formatText(entry()), '2026-01-02T03:04:05.678Z gateway[4242] INFO worker w1 attached');
    });

    it('appends fields as key=value, quoting what is not a plain word', () => {
      assert.equal(
        formatText(
          entry({ fields: { worker: 'w1', peer: '127.0.0.1:5000', n: 3, why: 'a b', skip: undefined } }),
        ),
        '2026-01-02T03:04:05.678Z gateway[4242] INFO worker w1 attached worker=w1 peer=127.0.0.1:5000 n=3 why="a b"',
      );
    });
  });

  describe('JSON format', () => {
    it('is one object with time, level, role, pid, message, then the fields', () => {
      const line = formatJson(entry({ level: 'warn', fields: { worker: 'w1', count: 2 } }));
      assert.equal(
        line,
        '{"time":"2026-01-02T03:04:05.678Z","level":"warn","role":"gateway","pid":4242,"message":"worker w1 attached","worker":"w1","count":2}',
      );
    });

    it('stays on one line with a stack trace, and never lets a field hide a core key', () => {
      const err = new Error('boom');
      const line = formatJson(
        entry({ message: 'failed:\nat x', fields: { err, message: 'hidden', pid: 1 } }),
      );
      assert.ok(!line.includes('\n'), line);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      assert.equal(parsed.message, 'failed:\nat x');
      assert.equal(parsed.pid, 4242);
      assert.deepEqual(Object.keys(parsed.err as object), ['name', 'message', 'stack']);
      assert.equal((parsed.err as { message: string }).message, 'boom');
    });

    it('never throws on a cycle or a bigint', () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const parsed = JSON.parse(formatJson(entry({ fields: { cyclic, big: 10n } }))) as Record<
        string,
        unknown
      >;
      assert.deepEqual(parsed.cyclic, { a: 1, self: '[circular]' });
      assert.equal(parsed.big, '10');
    });
  });

  describe('createLogger()', () => {
    it('writes text lines by default, info to stdout and warn/error to stderr', () => {
      const log = createLogger('master');
      const out = capture(() => {
        log.info('hello');
        log.error('bad', { code: 7 });
      });
      assert.match(out.stdout.join(''), /^\d{4}-\d\d-\d\dT[\d:.]+Z master\[\d+\] INFO hello\n$/);
      assert.match(out.stderr.join(''), /^\S+ master\[\d+\] ERROR bad code=7\n$/);
    });

    it('writes JSON lines once the format is json, for loggers created before too', () => {
      const log = createLogger('worker');
      setLogFormat('json');
      const out = capture(() => log.warn('slow handler', { event: 'onMessage', ms: 12 }));
      const parsed = JSON.parse(out.stderr.join('')) as Record<string, unknown>;
      assert.equal(typeof parsed.time, 'string');
      assert.equal(new Date(parsed.time as string).toISOString(), parsed.time);
      assert.deepEqual(
        { ...parsed, time: 'T' },
        {
          time: 'T',
          level: 'warn',
          role: 'worker',
          pid: process.pid,
          message: 'slow handler',
          event: 'onMessage',
          ms: 12,
        },
      );
    });

    it('GW_LOG_LEVEL filters both formats', () => {
      process.env.GW_LOG_LEVEL = 'warn';
      const log = createLogger('register');
      for (const format of ['text', 'json'] as const) {
        setLogFormat(format);
        const out = capture(() => {
          log.debug('d');
          log.info('i');
          log.warn('w');
        });
        assert.deepEqual(out.stdout, [], format);
        assert.equal(out.stderr.length, 1, format);
        assert.match(out.stderr[0] ?? '', /w/);
      }
    });

    it('replaces a validated secretKey wherever it appears, in text and in JSON', () => {
      const secret = 'k3y"with\\quote';
      checkSecretKey(secret);
      const log = createLogger('gateway');
      for (const format of ['text', 'json'] as const) {
        setLogFormat(format);
        const out = capture(() =>
          log.error(`header was ${secret}`, { metadata: { 'x-gatewayworker-secret': secret } }),
        );
        const line = out.stderr.join('');
        assert.ok(!line.includes(secret) && !line.includes('k3y'), line);
        assert.equal(line.split('[redacted]').length - 1, 2, line);
        if (format === 'json') assert.ok(JSON.parse(line), 'still valid JSON');
      }
    });
  });

  describe('redactSecrets()', () => {
    it('leaves lines without a registered secret alone, and ignores the empty key', () => {
      registerSecret('');
      registerSecret('another-secret');
      assert.equal(redactSecrets('nothing to hide'), 'nothing to hide');
      assert.equal(redactSecrets('x another-secret y another-secret'), 'x [redacted] y [redacted]');
    });
  });

  describe('resolveLogOptions()', () => {
    const fails = (value: unknown, message: string): void =>
      assert.throws(
        () => resolveLogOptions(value),
        (err: unknown) =>
          err instanceof GatewayWorkerError &&
          err.code === 'GW_ERR_INVALID_OPTION' &&
          err.message === message,
      );

    it('accepts nothing, a format and a file', () => {
      assert.deepEqual(resolveLogOptions(undefined), {});
      assert.deepEqual(resolveLogOptions({ format: 'json', file: '/var/log/gw.log' }), {
        format: 'json',
        file: '/var/log/gw.log',
      });
    });

    it('names a bad value or an unknown name', () => {
      fails('json', '`log` must be an object { format?, file? }');
      fails({ format: 'xml' }, "`log.format` must be 'text' or 'json', got \"xml\"");
      fails({ file: '' }, '`log.file` must be a non-empty string, got ""');
      fails({ fromat: 'json' }, '`log`: unknown option `fromat` (did you mean `format`?)');
    });
  });
});
