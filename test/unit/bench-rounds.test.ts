import { strict as assert } from 'node:assert';
import { combineRounds, median, roundOrder, roundRatios } from '../../scripts/bench-rounds';
import type { ScenarioResult } from '../../scripts/bench-scenarios';

function echoResult(deployment: string, msgPerCpuSec: number, notes: string[] = []): ScenarioResult {
  return { deployment, scenario: 'echo', figures: { msgPerCpuSec, p99Ms: msgPerCpuSec / 1000 }, notes };
}

describe('bench rounds', () => {
  it('median: middle value, mean of the two middle ones, NaN-free, NaN when nothing was measured', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([NaN, 5, 1, 9]), 5);
    assert.ok(Number.isNaN(median([NaN])));
  });

  it('rotates the order of the deployments round by round', () => {
    assert.deepEqual(roundOrder(['ws', 'a', 'b'], 0), ['ws', 'a', 'b']);
    assert.deepEqual(roundOrder(['ws', 'a', 'b'], 1), ['a', 'b', 'ws']);
    assert.deepEqual(roundOrder(['ws', 'a', 'b'], 3), ['ws', 'a', 'b']);
    // Warm-up rounds are numbered below 0.
    assert.deepEqual(roundOrder(['ws', 'a', 'b'], -1), ['b', 'ws', 'a']);
    assert.deepEqual(roundOrder(['ws', 'a', 'b'], -4), ['b', 'ws', 'a']);
  });

  it('combines rounds: medians of every figure, each round kept, notes numbered, a failed round reported', () => {
    const combined = combineRounds('gw1x1', 'echo', [
      echoResult('gw1x1', 90_000, ['3 socket errors']),
      undefined,
      echoResult('gw1x1', 70_000),
      echoResult('gw1x1', 80_000),
    ]);
    assert.equal(combined.figures.msgPerCpuSec, 80_000);
    assert.equal(combined.figures.p99Ms, 80);
    assert.equal(combined.rounds?.length, 4);
    assert.equal(combined.rounds?.[1], null);
    assert.deepEqual(combined.notes, ['round 1: 3 socket errors', 'round 2: failed']);
  });

  it('ratios pair each round of a deployment with the same round of the baseline', () => {
    const ws = combineRounds('ws', 'echo', [echoResult('ws', 100), echoResult('ws', 200), undefined]);
    const gw = combineRounds('gw1x1', 'echo', [
      echoResult('gw1x1', 90),
      echoResult('gw1x1', 100),
      echoResult('gw1x1', 1),
    ]);
    const ratios = roundRatios(gw, ws, 'msgPerCpuSec');
    assert.deepEqual(ratios?.slice(0, 2), [0.9, 0.5]);
    assert.ok(Number.isNaN(ratios?.[2]));
    assert.equal(roundRatios(echoResult('gw1x1', 1), ws, 'msgPerCpuSec'), undefined);
  });
});
