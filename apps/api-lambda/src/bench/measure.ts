// Timing helpers for the benchmark. Output of the code under test is swallowed while it is measured: in Lambda it
// goes to an asynchronous pipe, here it would go to a terminal, which is far slower and not what we measure.

export interface Rate {
  readonly calls: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

/** Calls `call` sequentially (one Lambda container handles one request at a time) and returns the rate. */
export async function rateOf(calls: number, call: () => Promise<unknown>): Promise<Rate> {
  const startedAt = process.hrtime.bigint();
  await quietly(async () => {
    for (let i = 0; i < calls; i++) await call();
  });
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return { calls, seconds, perSecond: calls / seconds };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Measures several loops in alternating rounds, so that load from other processes on a shared machine falls on all
 * of them alike instead of on whichever happened to run during a busy moment.
 */
export async function interleavedRates(
  rounds: number,
  callsPerRound: number,
  loops: Record<string, () => Promise<unknown>>,
): Promise<Record<string, Rate & { readonly roundSeconds: number[] }>> {
  const roundSeconds: Record<string, number[]> = {};
  const names = Object.keys(loops);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) (roundSeconds[name] ??= []).push((await rateOf(callsPerRound, loops[name])).seconds);
  }
  const calls = rounds * callsPerRound;
  return Object.fromEntries(
    names.map((name) => {
      const seconds = roundSeconds[name].reduce((sum, value) => sum + value, 0);
      return [name, { calls, seconds, perSecond: calls / seconds, roundSeconds: roundSeconds[name] }];
    }),
  );
}

/** Median over rounds of a/b throughput: one busy moment on the machine moves it less than the totals. */
export function medianRatio(a: { roundSeconds: number[] }, b: { roundSeconds: number[] }): number {
  return median(a.roundSeconds.map((seconds, round) => b.roundSeconds[round] / seconds));
}
