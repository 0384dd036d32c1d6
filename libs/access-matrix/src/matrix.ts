import { type Decision, type Evaluation, evaluate, type NamedPolicy } from './evaluate';
import {
  atTheOtherEnvironment,
  forbiddenRequests,
  fromAnotherAccount,
  type MatrixRequest,
  type PlatformLandmarks,
  type PlatformMatrixOptions,
  requiredRequests,
} from './platform-matrix';
import { statementsOf, type StackModel } from './stack-model';

export interface MatrixOutcome {
  readonly id: string;
  readonly expected: 'allowed' | 'denied';
  readonly decision: Decision;
  readonly ok: boolean;
}

/** The evaluation of one matrix entry in its stack: its own identity policies if it brings them, its endpoint. */
export function evaluationOf(model: StackModel, entry: MatrixRequest): Evaluation {
  return model.evaluation(entry.request, {
    identityPolicies: entry.identityPolicies,
    throughEndpoint: entry.throughEndpoint,
  });
}

async function judge(evaluation: Evaluation, id: string, expected: 'allowed' | 'denied'): Promise<MatrixOutcome> {
  const decision = await evaluate(evaluation);
  return { id, expected, decision, ok: (decision === 'Allowed') === (expected === 'allowed') };
}

export interface EnvironmentUnderTest {
  readonly model: StackModel;
  readonly landmarks: PlatformLandmarks;
  readonly options: PlatformMatrixOptions;
}

export interface MatrixReport {
  readonly required: MatrixOutcome[];
  readonly forbidden: MatrixOutcome[];
  readonly otherAccount: MatrixOutcome[];
  readonly otherEnvironment: MatrixOutcome[];
}

/**
 * The whole matrix of one environment: REQUIRED allowed, FORBIDDEN denied, every REQUIRED request denied from
 * another account, and (given the other environments) aimed at each other environment's twin. `accepted` lists the
 * ids expected to go the other way, each with its reason: they are reported as ok, and a spec checks that each one
 * still happens (an exception that no longer applies must be removed).
 */
export async function runMatrix(
  environment: EnvironmentUnderTest,
  others: readonly EnvironmentUnderTest[] = [],
): Promise<MatrixReport> {
  const { model, landmarks, options } = environment;
  if (model.unreadable.length > 0)
    throw new Error(`the access matrix cannot be complete: ${model.unreadable.join('; ')}`);
  const required = requiredRequests(landmarks, options);
  const outcomes = async (entries: MatrixRequest[], expected: 'allowed' | 'denied') =>
    Promise.all(entries.map((entry) => judge(evaluationOf(model, entry), entry.id, expected)));
  const otherEnvironment: MatrixOutcome[] = [];
  for (const other of others) {
    for (const { entry, identityPolicies } of atTheOtherEnvironment(required, landmarks, other.landmarks)) {
      const evaluation = other.model.evaluation(entry.request, { identityPolicies });
      otherEnvironment.push(await judge(evaluation, entry.id, 'denied'));
    }
  }
  return {
    required: await outcomes(required, 'allowed'),
    forbidden: await outcomes(forbiddenRequests(landmarks, options), 'denied'),
    otherAccount: await outcomes(fromAnotherAccount(required, model.placement.accountId), 'denied'),
    otherEnvironment,
  };
}

export interface UnusedStatement {
  readonly policy: string;
  readonly statement: string;
}

function withoutStatement(evaluation: Evaluation, statement: object): Evaluation {
  const strip = (policy: NamedPolicy): NamedPolicy => {
    const statements = statementsOf(policy.policy);
    if (!statements.includes(statement as Record<string, unknown>)) return policy;
    return { name: policy.name, policy: { ...policy.policy, Statement: statements.filter((s) => s !== statement) } };
  };
  return {
    ...evaluation,
    identityPolicies: evaluation.identityPolicies.map(strip),
    resourcePolicy: evaluation.resourcePolicy && strip(evaluation.resourcePolicy),
    endpointPolicies: evaluation.endpointPolicies?.map(strip),
  };
}

function contains(evaluation: Evaluation, statement: object): boolean {
  return [...evaluation.identityPolicies, evaluation.resourcePolicy, ...(evaluation.endpointPolicies ?? [])].some(
    (policy) => policy !== undefined && statementsOf(policy.policy).includes(statement as Record<string, unknown>),
  );
}

/**
 * Allow statements no REQUIRED request needs: taking the statement out changes no REQUIRED decision. A grant
 * nothing uses is a grant an attacker may use.
 */
export async function unusedStatements(environment: EnvironmentUnderTest): Promise<UnusedStatement[]> {
  const { model, landmarks, options } = environment;
  const evaluations = requiredRequests(landmarks, options).map((entry) => evaluationOf(model, entry));
  const unused: UnusedStatement[] = [];
  for (const { policy } of model.allPolicies()) {
    for (const [index, statement] of statementsOf(policy.policy).entries()) {
      if (statement.Effect !== 'Allow') continue;
      let used = false;
      for (const evaluation of evaluations.filter((candidate) => contains(candidate, statement))) {
        if ((await evaluate(withoutStatement(evaluation, statement))) !== 'Allowed') {
          used = true;
          break;
        }
      }
      if (!used) unused.push({ policy: policy.name, statement: String(statement.Sid ?? `#${index}`) });
    }
  }
  return unused;
}
