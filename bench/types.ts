// The result row every benchmark returns (design.md §6: bench/results.json format).

/** One measured figure beside its same-run baseline; `ratio` is oriented so that bigger is better. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: string;
  readonly baselineValue: number;
  readonly ratio: number;
  readonly goal: string;
}
