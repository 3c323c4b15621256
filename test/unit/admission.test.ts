import { strict as assert } from 'node:assert';
import { Admission, plainAddress } from '../../src/gateway/admission';

describe('Admission (connection limits)', () => {
  it('counts per process and per address, refuses over either limit, and frees a slot on release', () => {
    const admission = new Admission({ maxConnections: 3, maxConnectionsPerIp: 2 });
    assert.equal(admission.tryAdmit('10.0.0.1'), true);
    assert.equal(admission.tryAdmit('10.0.0.1'), true);
    assert.equal(admission.tryAdmit('10.0.0.1'), false, 'per address');
    assert.equal(admission.tryAdmit('10.0.0.2'), true);
    assert.equal(admission.tryAdmit('10.0.0.3'), false, 'per process');
    assert.equal(admission.count, 3, 'refusals count nothing');
    admission.release('10.0.0.1');
    assert.equal(admission.tryAdmit('10.0.0.3'), true);
    admission.release('10.0.0.9'); // never admitted: ignored
    assert.equal(admission.count, 3);
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) admission.release(address);
    assert.equal(admission.count, 0);
    admission.release('10.0.0.1');
    assert.equal(admission.count, 0, 'an extra release never goes below zero');
  });

  it('plainAddress drops the IPv4-mapped prefix', () => {
    assert.equal(plainAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(plainAddress('::1'), '::1');
    assert.equal(plainAddress(undefined), '');
  });
});
