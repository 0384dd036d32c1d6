import type { MeterReport } from './build-report';

type VerdictFacts = Omit<MeterReport, 'ok' | 'verdict'>;

const SEQS_LISTED = 10;

/** The one-line verdict. A run passes only when every acknowledged heartbeat was read back and writes work again. */
export function judge(facts: VerdictFacts): { ok: boolean; verdict: string } {
  const summary = `${windowSummary(facts)}, ${facts.lost.length} of ${facts.acknowledged} acknowledged heartbeats lost`;
  if (facts.lost.length > 0) {
    return { ok: false, verdict: `FAIL: acknowledged heartbeats LOST (seq ${listSeqs(facts.lost)}); ${summary}` };
  }
  if (facts.lossCheckError !== undefined) {
    return {
      ok: false,
      verdict: `FAIL: the loss check could not read the heartbeats back (${facts.lossCheckError}); ${windowSummary(facts)}`,
    };
  }
  if (facts.successes === 0) {
    return {
      ok: false,
      verdict: `FAIL: no heartbeat was acknowledged in ${facts.attempts} attempts: check the target (URL or host), the credentials and that the stack is deployed`,
    };
  }
  if (!facts.recovered) {
    return { ok: false, verdict: `FAIL: writes were still failing when the run ended; ${summary}` };
  }
  const ambiguous = facts.ambiguous.length > 0 ? `, ${facts.ambiguous.length} ambiguous` : '';
  return { ok: true, verdict: `PASS: ${summary}${ambiguous}${hostSummary(facts)}` };
}

/** Seconds with millisecond precision, the unit people think about failovers in. */
export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(3)} s`;
}

function windowSummary(facts: VerdictFacts): string {
  const count = facts.windows.length;
  if (count === 0) return 'no failure window';
  const noun = count === 1 ? 'failure window' : 'failure windows';
  return `${count} ${noun} (${formatSeconds(facts.totalDowntimeMs)} downtime)`;
}

function hostSummary(facts: VerdictFacts): string {
  if (!facts.hostChanged) return '';
  return `; host ${facts.hostBefore} -> ${facts.hostAfter}`;
}

function listSeqs(seqs: readonly number[]): string {
  const listed = seqs.slice(0, SEQS_LISTED).join(', ');
  return seqs.length > SEQS_LISTED ? `${listed}, ... ${seqs.length - SEQS_LISTED} more` : listed;
}
