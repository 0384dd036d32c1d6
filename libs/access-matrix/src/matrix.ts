import { type Decision, type Evaluation, evaluate, type NamedPolicy } from './evaluate';
import {
  ACCEPTED_DENIAL_EXCEPTIONS,
  acceptedException,
  acceptedUnused,
  atTheOtherEnvironment,
  DECLARED_REACH,
  forbiddenRequests,
  fromAnotherAccount,
  type MatrixRequest,
  type PlatformLandmarks,
  type PlatformMatrixOptions,
  requiredRequests,
} from './platform-matrix';
import { checkPrincipals } from './principal-checks';
import { describeReach, undeclaredReach } from './reach';
import { statementsOf, type StackModel } from './stack-model';
import { checkPolicies } from './static-checks';

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
    otherAccount: await outcomes(
      fromAnotherAccount(
        required,
        model.placement.accountId,
        (resource) =>
          model.resourcePolicies.has(resource) || model.roles.has(resource) || resource.startsWith('arn:aws:logs:'),
      ),
      'denied',
    ),
    otherEnvironment,
  };
}

export interface UnusedStatement {
  readonly policy: string;
  /** The statement's Sid (or `#<index>`), with the action or resource entry when only that entry is unused. */
  readonly statement: string;
  /** The whole statement, for exceptions that check its shape. */
  readonly document?: Record<string, unknown>;
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

/** The statement with one entry of its Action or Resource list left out. */
function withoutEntry(statement: Record<string, unknown>, key: 'Action' | 'Resource', index: number) {
  const list = statement[key] as unknown[];
  return { ...statement, [key]: list.filter((_, position) => position !== index) };
}

function replaced(evaluation: Evaluation, statement: object, replacement: object): Evaluation {
  const swap = (policy: NamedPolicy): NamedPolicy => {
    const statements = statementsOf(policy.policy);
    if (!statements.includes(statement as Record<string, unknown>)) return policy;
    return {
      name: policy.name,
      policy: {
        ...policy.policy,
        Statement: statements.map((s) => (s === statement ? replacement : s)) as Record<string, unknown>[],
      },
    };
  };
  return {
    ...evaluation,
    identityPolicies: evaluation.identityPolicies.map(swap),
    resourcePolicy: evaluation.resourcePolicy && swap(evaluation.resourcePolicy),
    endpointPolicies: evaluation.endpointPolicies?.map(swap),
  };
}

/**
 * Allow statements, and entries of their Action and Resource lists, that no REQUIRED request needs: taking the
 * statement (or the one entry) out changes no REQUIRED decision. A grant nothing uses is a grant an attacker may use,
 * and an action slipped into a statement that is otherwise used is found as well as a statement of its own.
 */
export async function unusedStatements(environment: EnvironmentUnderTest): Promise<UnusedStatement[]> {
  const { model, landmarks, options } = environment;
  const evaluations = requiredRequests(landmarks, options).map((entry) => evaluationOf(model, entry));
  const stillAllowed = async (candidates: Evaluation[], statement: object, replacement: object | undefined) => {
    for (const evaluation of candidates) {
      const changed = replacement
        ? replaced(evaluation, statement, replacement)
        : withoutStatement(evaluation, statement);
      if ((await evaluate(changed)) !== 'Allowed') return false;
    }
    return true;
  };
  const unused: UnusedStatement[] = [];
  for (const { policy } of model.allPolicies()) {
    for (const [index, statement] of statementsOf(policy.policy).entries()) {
      if (statement.Effect !== 'Allow') continue;
      const label = String(statement.Sid ?? `#${index}`);
      const users = evaluations.filter((candidate) => contains(candidate, statement));
      if (users.length === 0 || (await stillAllowed(users, statement, undefined))) {
        unused.push({ policy: policy.name, statement: label, document: statement });
        continue;
      }
      for (const key of ['Action', 'Resource'] as const) {
        const list = statement[key];
        if (!Array.isArray(list) || list.length < 2) continue;
        for (const [position, entry] of list.entries()) {
          if (await stillAllowed(users, statement, withoutEntry(statement, key, position))) {
            unused.push({ policy: policy.name, statement: `${label} ${key} ${String(entry)}`, document: statement });
          }
        }
      }
    }
  }
  return unused;
}

/**
 * Everything the matrix holds against one stack, one line each: what it cannot read, principals outside the stack,
 * REQUIRED requests refused, FORBIDDEN or other-account requests allowed (but for AWS-imposed exceptions), unused
 * grants (but for the accepted shapes), static findings and undeclared reach. Empty for a sound stack.
 */
export async function auditStack(environment: EnvironmentUnderTest): Promise<string[]> {
  const { model, landmarks } = environment;
  if (model.unreadable.length > 0) return model.unreadable.map((problem) => `unreadable: ${problem}`);
  const report = await runMatrix(environment);
  const problems = [
    ...checkPrincipals(model).map((finding) => `principal: ${finding.policy} ${finding.statement}: ${finding.problem}`),
    ...(await checkPolicies(model.allPolicies().map(({ policy }) => policy))).map(
      (finding) => `static: ${finding.policy} ${finding.statement}: ${finding.problem}`,
    ),
    ...report.required.filter((outcome) => !outcome.ok).map((outcome) => `refused: ${outcome.id}`),
    ...report.forbidden.filter((outcome) => !outcome.ok).map((outcome) => `allowed: ${outcome.id}`),
    ...report.otherAccount
      .filter((outcome) => !outcome.ok && !acceptedException(outcome.id, ACCEPTED_DENIAL_EXCEPTIONS))
      .map((outcome) => `allowed: ${outcome.id}`),
    ...(await unusedStatements(environment))
      .filter((unused) => !acceptedUnused(unused, model.placement.accountId))
      .map((unused) => `unused: ${unused.policy} ${unused.statement}`),
    ...(await undeclaredReach(landmarks, DECLARED_REACH)).map((found) => `reach: ${describeReach(found, landmarks)}`),
  ];
  return problems;
}
