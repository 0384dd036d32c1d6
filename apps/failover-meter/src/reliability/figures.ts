// Shared by the reliability specs: the environment each spec file starts for itself (its own MariaDB, Secrets Manager
// stand-in and handler processes, so the files can run side by side) and the figures table each prints at the end.
import type { MeterReport } from '../report/build-report';
import { startReliabilityEnvironment, type ReliabilityEnvironment } from './local-api';

export const SCENARIO_TIMEOUT_MS = 50_000;
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export interface Figures {
  readonly scenario: string;
  readonly report: MeterReport;
  readonly recoveryAfterDbBackMs?: number;
  readonly note?: string;
}

/** Registers the spec file's hooks: its own environment before the scenarios, the figures table after them. */
export function reliabilityEnvironment(): { environment(): ReliabilityEnvironment; record(figures: Figures): void } {
  let environment: ReliabilityEnvironment | undefined;
  const measured: Figures[] = [];
  beforeAll(async () => {
    environment = await startReliabilityEnvironment();
  }, 60_000);
  afterAll(async () => {
    await environment?.stop();
    if (measured.length > 0) process.stdout.write(`\n${figuresTable(measured)}\n`);
  });
  return {
    environment() {
      if (!environment) throw new Error('the reliability environment did not start');
      return environment;
    },
    record: (figures) => void measured.push(figures),
  };
}

/** Sums several meters into one row of the figures table. */
export function combine(reports: readonly MeterReport[]): MeterReport {
  const sum = (pick: (report: MeterReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  return {
    ...reports[0],
    attempts: sum((report) => report.attempts),
    successes: sum((report) => report.successes),
    failures: sum((report) => report.failures),
    lost: reports.flatMap((report) => report.lost),
    ambiguous: reports.flatMap((report) => report.ambiguous),
    p50Ms: Math.max(...reports.map((report) => report.p50Ms ?? 0)),
    p99Ms: Math.max(...reports.map((report) => report.p99Ms ?? 0)),
  };
}

function figuresTable(figures: readonly Figures[]): string {
  const rows = figures.map(({ scenario, report, recoveryAfterDbBackMs, note }) =>
    [
      scenario.padEnd(13),
      String(report.attempts).padStart(8),
      String(report.failures).padStart(8),
      String(report.windows.length).padStart(7),
      `${report.totalDowntimeMs}`.padStart(11),
      (recoveryAfterDbBackMs === undefined ? '-' : `${recoveryAfterDbBackMs}`).padStart(16),
      String(report.lost.length).padStart(4),
      String(report.ambiguous.length).padStart(9),
      `${report.p50Ms ?? '-'}/${report.p99Ms ?? '-'}`.padStart(10),
      `  ${note ?? ''}`,
    ].join(' '),
  );
  const header = [
    'scenario'.padEnd(13),
    'attempts'.padStart(8),
    'failures'.padStart(8),
    'windows'.padStart(7),
    'downtime ms'.padStart(11),
    'recovery ms*'.padStart(16),
    'lost'.padStart(4),
    'ambiguous'.padStart(9),
    'p50/p99 ms'.padStart(10),
  ].join(' ');
  return [
    'Failover meter reliability figures (interval 100 ms):',
    header,
    ...rows,
    ...(figures.some((row) => row.recoveryAfterDbBackMs !== undefined)
      ? ['* recovery ms: from launching mariadbd again (same data dir) to the first acknowledged heartbeat']
      : []),
  ].join('\n');
}
