import { randomUUID } from 'node:crypto';
import { GetExperimentCommand, StartExperimentCommand, type FisClient } from '@aws-sdk/client-fis';
import {
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  RebootDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type BlueGreenDeployment,
  type RDSClient,
} from '@aws-sdk/client-rds';
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
  /** `blue-green`: the deployment switched over, its last status and StatusDetails, and the SwitchoverTimeout sent. */
  readonly blueGreenDeploymentId?: string;
  readonly blueGreenStatus?: string;
  readonly blueGreenStatusDetails?: string;
  readonly switchoverTimeoutSeconds?: number;
  /** When a status poll first said the switchover was over (completed, failed or rolled back). */
  readonly switchoverEndedAt?: number;
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
  /** Required for `blue-green`, with the SwitchoverTimeout to send. */
  readonly blueGreenDeploymentId?: string;
  readonly switchoverTimeoutSeconds?: number;
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
  const facts: Facts = outcomeBase(plan);
  try {
    if (plan.method === 'fis') {
      await runExperiment(plan, clients, facts);
    } else if (plan.method === 'blue-green') {
      await runSwitchover(plan, clients.rds, facts);
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

/** What the outcome says before anything was requested: the method and what it acts on. */
export function outcomeBase(
  plan: Pick<
    FailoverPlan,
    'method' | 'dbInstanceIdentifier' | 'experimentTemplateId' | 'blueGreenDeploymentId' | 'switchoverTimeoutSeconds'
  >,
): Facts {
  return {
    method: plan.method,
    dbInstanceIdentifier: plan.dbInstanceIdentifier,
    experimentTemplateId: plan.method === 'fis' ? plan.experimentTemplateId : undefined,
    blueGreenDeploymentId: plan.method === 'blue-green' ? plan.blueGreenDeploymentId : undefined,
    switchoverTimeoutSeconds: plan.method === 'blue-green' ? plan.switchoverTimeoutSeconds : undefined,
  };
}

/**
 * A blue/green deployment's Status (RDS API reference, BlueGreenDeployment,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_BlueGreenDeployment.html): PROVISIONING, AVAILABLE
 * (green ready: the only status a switchover starts from), SWITCHOVER_IN_PROGRESS, SWITCHOVER_COMPLETED,
 * INVALID_CONFIGURATION (green invalid, e.g. promoted by hand: no switchover possible,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-switching.html), SWITCHOVER_FAILED
 * and DELETING.
 */
export const BLUE_GREEN_STATUS = {
  available: 'AVAILABLE',
  inProgress: 'SWITCHOVER_IN_PROGRESS',
  completed: 'SWITCHOVER_COMPLETED',
} as const;
/** Statuses after which the switchover will not complete: the drill stops waiting and fails. */
const SWITCHOVER_WILL_NOT_COMPLETE = new Set(['SWITCHOVER_FAILED', 'INVALID_CONFIGURATION', 'DELETING']);

/** The deployment could not be switched over, said before any heartbeat; `usage` when the id names none. */
export interface BlueGreenRefusal {
  readonly message: string;
  readonly usage: boolean;
}

/**
 * Checks, before the drill meters anything, that the deployment exists and is AVAILABLE ("resources are available in
 * the green environment", BlueGreenDeployment in the API reference above). Any other status means green is not ready
 * (PROVISIONING), cannot be switched to (INVALID_CONFIGURATION: SwitchoverBlueGreenDeployment then fails with
 * InvalidBlueGreenDeploymentStateFault,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverBlueGreenDeployment.html), or a switchover
 * already ran or is running: a drill started then would meter nothing it caused. Undefined when it is ready.
 */
export async function blueGreenRefusal(rds: RDSClient, id: string): Promise<BlueGreenRefusal | undefined> {
  let deployment: BlueGreenDeployment | undefined;
  try {
    deployment = await describeBlueGreenDeployment(rds, id);
  } catch (error) {
    // BlueGreenDeploymentNotFoundFault: "BlueGreenDeploymentIdentifier doesn't refer to an existing blue/green
    // deployment" (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeBlueGreenDeployments.html,
    // Errors). Matched by name: each SDK client brings its own copy of the class (see alert-path/aws-problems.ts).
    if ((error as Error)?.name === 'BlueGreenDeploymentNotFoundFault') {
      return { message: `no blue/green deployment "${id}" in this account and region`, usage: true };
    }
    return { message: `cannot describe the blue/green deployment ${id}: ${describeAwsError(error)}`, usage: false };
  }
  const status = deployment?.Status;
  if (status === BLUE_GREEN_STATUS.available) return undefined;
  const details = deployment?.StatusDetails ? ` (${deployment.StatusDetails})` : '';
  return {
    message:
      `the blue/green deployment ${id} is ${status ?? 'of unknown status'}${details}, not AVAILABLE: ` +
      'no switchover was requested and no heartbeat sent (wait for AVAILABLE, see the README runbook)',
    usage: false,
  };
}

/**
 * DescribeBlueGreenDeployments for one identifier: "the response only includes information about the specific
 * blue/green deployment" (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeBlueGreenDeployments.html).
 */
async function describeBlueGreenDeployment(rds: RDSClient, id: string): Promise<BlueGreenDeployment | undefined> {
  const described = await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }));
  return described.BlueGreenDeployments?.[0];
}

/**
 * SwitchoverBlueGreenDeployment with the SwitchoverTimeout, then DescribeBlueGreenDeployments every poll until the
 * status says the switchover is over. RDS rolls a switchover that outlasts its timeout back, changing neither
 * environment (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverBlueGreenDeployment.html): an
 * AVAILABLE after SWITCHOVER_IN_PROGRESS is read as that roll-back (the API reference does not name the status a
 * rolled-back deployment returns to; SWITCHOVER_FAILED is handled the same way). Meanwhile the heartbeats meter what
 * the app sees through RDS Proxy: blue read-only before green is promoted (writes refused with error 1290), then the
 * proxy's connections dropped at promotion (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-blue-green.html).
 */
async function runSwitchover(plan: FailoverPlan, rds: RDSClient, facts: Facts): Promise<boolean> {
  const id = plan.blueGreenDeploymentId;
  if (id === undefined) throw new Error('the blue-green method needs a blue/green deployment id');
  facts.requestedAt = Date.now();
  const switched = await rds.send(
    new SwitchoverBlueGreenDeploymentCommand({
      BlueGreenDeploymentIdentifier: id,
      SwitchoverTimeout: plan.switchoverTimeoutSeconds,
    }),
  );
  let deployment = switched.BlueGreenDeployment;
  // Until some answer says SWITCHOVER_IN_PROGRESS, an AVAILABLE is the state from before the request.
  let seenInProgress = false;
  for (;;) {
    const status = deployment?.Status;
    facts.blueGreenStatus = status;
    facts.blueGreenStatusDetails = deployment?.StatusDetails || undefined;
    if (status === BLUE_GREEN_STATUS.inProgress) seenInProgress = true;
    const over =
      status === BLUE_GREEN_STATUS.completed ||
      SWITCHOVER_WILL_NOT_COMPLETE.has(status ?? '') ||
      (status === BLUE_GREEN_STATUS.available && seenInProgress);
    if (over) {
      facts.switchoverEndedAt = Date.now();
      if (status === BLUE_GREEN_STATUS.completed) return true;
      const details = facts.blueGreenStatusDetails ? `: ${facts.blueGreenStatusDetails}` : '';
      facts.problem =
        status === BLUE_GREEN_STATUS.available
          ? `the blue/green switchover of ${id} was rolled back (AVAILABLE again after SWITCHOVER_IN_PROGRESS${details})`
          : `the blue/green switchover of ${id} ended ${status}${details}`;
      return false;
    }
    if (!(await pause(plan))) {
      facts.problem = giveUpReason(plan, `the blue/green switchover of ${id} was still ${status ?? 'not reported'}`);
      return false;
    }
    deployment = await describeBlueGreenDeployment(rds, id);
    if (deployment === undefined) {
      facts.problem = `DescribeBlueGreenDeployments no longer lists ${id}`;
      return false;
    }
  }
}

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
