import { strict as assert } from 'node:assert';
import { runCli, type CliOptions } from '../../src/cli/run-cli';

/** runCli in this process with `options`: what it printed to stderr, and the exit code it set. */
async function run(options: unknown): Promise<{ stderr: string; exitCode: typeof process.exitCode }> {
  const printed: string[] = [];
  const original = console.error;
  const exitCodeBefore = process.exitCode;
  console.error = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    await runCli([], options as CliOptions);
    return { stderr: printed.join('\n'), exitCode: process.exitCode };
  } finally {
    console.error = original;
    process.exitCode = exitCodeBefore;
  }
}

describe('runCli options', () => {
  it('an unknown option name is printed, with the nearest known one, and exits 1 before any command runs', async () => {
    const result = await run({ argv: ['status'], stopTimeoutMS: 1000 });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, 'unknown option `stopTimeoutMS` (did you mean `stopTimeoutMs`?)');
  });

  it('a bad log option is named', async () => {
    const result = await run({ argv: ['status'], log: { format: 'yaml' } });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, "`log.format` must be 'text' or 'json', got \"yaml\"");
  });

  it('an unknown metrics option or a bad metrics address is named', async () => {
    const misspelt = await run({ argv: ['status'], metrix: { listen: 9090 } });
    assert.equal(misspelt.exitCode, 1);
    assert.equal(misspelt.stderr, 'unknown option `metrix` (did you mean `metrics`?)');
    const badAddress = await run({ argv: ['status'], metrics: { listen: 'nowhere' } });
    assert.equal(badAddress.exitCode, 1);
    assert.equal(badAddress.stderr, '`metrics.listen` must be a port or a "host:port" string, got "nowhere"');
  });
});
