import { randomUUID } from 'node:crypto';
import { GetExperimentCommand, StartExperimentCommand, type FisClient } from '@aws-sdk/client-fis';
import { DescribeDBInstancesCommand, RebootDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import type { FailoverMethod } from './drill-options';

/** What the drill did to the DB and what AWS said about it. Times are epoch milliseconds. */
export interface FailoverOutcome {
  readonly method: FailoverMethod;
  readonly dbInstanceIdentifier: string;
  readonly experimentTemplateId?: string;
  readonly experimentId?: string;
  /** The experiment's last state: completed, stopped or failed (or the state it was in when the drill gave up). */
  readonly experimentState?: string;
  readonly experimentReason?: string;
  /** When StartExperiment / RebootDBInstance was sent; undefined when the drill never got that far. */
  readonly requestedAt?: number;
  readonly experimentEndedAt?: number;
  /** When DescribeDBInstances first said `available` again after the failover. */
  readonly dbAvailableAt?: number;
  /** Why the failover did not go through; undefined when it did. */
  readonly problem?: string;
}

export interface FailoverClients {
  readonly fis: FisClient;
  readonly rds: RDSClient;
}

export interface FailoverPlan {
  readonly method: FailoverMethod;
  readonly dbInstanceIdentifier: string;
  /** Required for `fis`. */
  readonly experimentTemplateId?: string;
  readonly pollIntervalMs: number;
  /** Epoch milliseconds after which the drill stops waiting. */
  readonly deadline: number;
  readonly signal: AbortSignal;
}

/**
 * FIS experiments end in one of these; only `completed` means the actions ran.
 * https://docs.aws.amazon.com/fis/latest/userguide/experiments.html#experiment-states
 */
const FINAL_EXPERIMENT_STATES = new Set(['completed', 'stopped', 'failed', 'cancelled']);

/** Requests the failover, then polls until FIS and RDS say it is over. Never throws: problems go into the outcome. */
export async function runFailover(plan: FailoverPlan, clients: FailoverClients): Promise<FailoverOutcome> {
  const base = {
    method: plan.method,
    dbInstanceIdentifier: plan.dbInstanceIdentifier,
    experimentTemplateId: plan.method === 'fis' ? plan.experimentTemplateId : undefined,
  };
  const facts: Facts = { ...base };
  try {
    if (plan.method === 'fis') {
      await runExperiment(plan, clients, facts);
    } else {
      facts.requestedAt = Date.now();
      const rebooted = await clients.rds.send(
        new RebootDBInstanceCommand({ DBInstanceIdentifier: plan.dbInstanceIdentifier, ForceFailover: true }),
      );
      // The reply usually already says `rebooting`; until some answer does, an `available` is the state from before.
      const leftAvailable = rebooted.DBInstance?.DBInstanceStatus !== 'available';
      await waitUntilAvailable(plan, clients.rds, facts, leftAvailable);
    }
  } catch (error) {
    facts.problem = describeAwsError(error);
  }
  return facts;
}

type Facts = { -readonly [K in keyof FailoverOutcome]: FailoverOutcome[K] };

async function runExperiment(plan: FailoverPlan, { fis, rds }: FailoverClients, facts: Facts): Promise<boolean> {
  if (plan.experimentTemplateId === undefined) throw new Error('the fis method needs an experiment template id');
  facts.requestedAt = Date.now();
  const started = await fis.send(
    // The client token makes a retried request start one experiment, not two.
    new StartExperimentCommand({ experimentTemplateId: plan.experimentTemplateId, clientToken: randomUUID() }),
  );
  const id = started.experiment?.id;
  if (id === undefined) {
    facts.problem = 'StartExperiment answered without an experiment id';
    return false;
  }
  facts.experimentId = id;
  let state = started.experiment?.state;
  while (!FINAL_EXPERIMENT_STATES.has(state?.status ?? '')) {
    facts.experimentState = state?.status;
    if (!(await pause(plan))) {
      facts.problem = giveUpReason(plan, `the FIS experiment ${id} was still ${state?.status ?? 'starting'}`);
      return false;
    }
    state = (await fis.send(new GetExperimentCommand({ id }))).experiment?.state;
  }
  facts.experimentEndedAt = Date.now();
  facts.experimentState = state?.status;
  facts.experimentReason = state?.reason;
  if (state?.status !== 'completed') {
    facts.problem = `the FIS experiment ${id} ended ${state?.status}${state?.reason ? `: ${state.reason}` : ''}`;
    return false;
  }
  // The experiment is over once its reboot action was accepted; the DB may still be failing over.
  return waitUntilAvailable(plan, rds, facts, true);
}

async function waitUntilAvailable(
  plan: FailoverPlan,
  rds: RDSClient,
  facts: Facts,
  leftAvailable: boolean,
): Promise<boolean> {
  let seenOtherState = leftAvailable;
  for (;;) {
    if (!(await pause(plan))) {
      facts.problem = giveUpReason(plan, `RDS never reported ${plan.dbInstanceIdentifier} available again`);
      return false;
    }
    const described = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: plan.dbInstanceIdentifier }),
    );
    const status = described.DBInstances?.[0]?.DBInstanceStatus;
    if (status === 'available' && seenOtherState) {
      facts.dbAvailableAt = Date.now();
      return true;
    }
    if (status !== 'available') seenOtherState = true;
  }
}

/** Waits one poll interval; false when the deadline passed or the drill was interrupted. */
async function pause(plan: FailoverPlan): Promise<boolean> {
  if (Date.now() + plan.pollIntervalMs > plan.deadline) return false;
  await sleep(plan.pollIntervalMs, plan.signal);
  return !plan.signal.aborted;
}

function giveUpReason(plan: FailoverPlan, what: string): string {
  return plan.signal.aborted ? `interrupted: ${what}` : `${what} when --max-duration ran out`;
}

/** `AccessDeniedException: User ... is not authorized to perform: fis:StartExperiment ...`, on one line. */
function describeAwsError(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return `${name}: ${message.split('\n')[0]}`;
}

export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (milliseconds <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, milliseconds);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
