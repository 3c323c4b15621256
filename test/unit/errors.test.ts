import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES, GatewayWorkerError } from '../../src/errors';

describe('error codes', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.split('## Error codes')[1]?.split('\n## ')[0] ?? '';
  const documented = [...section.matchAll(/^\| `(GW_ERR_[A-Z_]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);

  it('README documents every code with the same meaning, and no other', () => {
    assert.deepEqual(Object.fromEntries(documented), ERROR_CODES);
  });

  it('errors carry their code and cause', () => {
    const cause = new Error('inner');
    const err = new GatewayWorkerError('GW_ERR_PROTOCOL', 'outer', { cause });
    assert.equal(err.code, 'GW_ERR_PROTOCOL');
    assert.equal(err.cause, cause);
    assert.ok(err instanceof Error);
  });
});
