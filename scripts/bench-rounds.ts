// Scenarios whose ratios against plain `ws` matter most and move most with the machine's noise (echo,
// handshake) run in rounds: all deployments up at once, each measured once per round in turn (the
// order rotates), every round reported; a figure is the median over the rounds, a ratio the median of
// the rounds' ratios (bench-report.ts).
import type { Figures, ScenarioName, ScenarioResult } from './bench-scenarios';

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The order of the deployments in round `round` (0-based; warm-up rounds are negative): rotated, so
 * none is always first.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(((i + round) % n) + n) % n] as T);
}

/**
 * One result per deployment and scenario from its rounds (`perRound[i]`: round i's result, or
 * undefined if that round failed): every figure the median of the rounds, the rounds kept, the notes
 * of each round prefixed with its number.
 */
export function combineRounds(
  deployment: string,
  scenario: ScenarioName,
  perRound: (ScenarioResult | undefined)[],
): ScenarioResult {
  const names = new Set(perRound.flatMap((r) => (r ? Object.keys(r.figures) : [])));
  const figures: Figures = {};
  for (const name of names) {
    const value = median(perRound.map((r) => r?.figures[name] ?? NaN));
    figures[name] = Number.isFinite(value) ? value : null;
  }
  const notes = perRound.flatMap((r, i) =>
    r ? r.notes.map((note) => `round ${i + 1}: ${note}`) : [`round ${i + 1}: failed`],
  );
  return { deployment, scenario, figures, notes, rounds: perRound.map((r) => r?.figures ?? null) };
}

/** Per-round values of a figure divided by the baseline's of the same round (NaN where either is missing). */
export function roundRatios(
  subject: ScenarioResult | undefined,
  baseline: ScenarioResult | undefined,
  figure: string,
): number[] | undefined {
  if (!subject?.rounds || !baseline?.rounds) return undefined;
  const base = baseline.rounds;
  return subject.rounds.map((round, i) => (round?.[figure] ?? NaN) / (base[i]?.[figure] ?? NaN));
}
