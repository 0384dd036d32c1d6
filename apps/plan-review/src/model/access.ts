import {
  ACCEPTED_DENIAL_EXCEPTIONS,
  acceptedException,
  checkPrincipals,
  DECLARED_REACH,
  describeReach,
  PlatformLandmarks,
  runMatrix,
  StackModel,
  type TerraformJson,
  undeclaredReach,
} from '@rds-platform/access-matrix';
import { isObject } from './values';

/**
 * The access matrix of the reviewed stack (libs/access-matrix, the same engine and requests as the infra spec),
 * computed from the synth the plan was made from: every runtime request allowed, what least privilege forbids and
 * every runtime request from another account denied, every protected asset reached only by its declared roles. The
 * review rules in rules/access/ report it; it is computed before the review because the IAM engine is asynchronous.
 */
export interface AccessAnalysis {
  /** Why the analysis does not apply: the stack does not have this architecture's parts (the rules report nothing). */
  readonly notApplicable?: string;
  /** Why the analysis of a stack of this architecture could not run (a policy it cannot read): the rules fail. */
  readonly error?: string;
  readonly refusedRuntimeRequests: readonly string[];
  readonly allowedForbiddenRequests: readonly string[];
  readonly undeclaredReach: readonly string[];
  /** How many requests were evaluated, for the report. */
  readonly evaluated: number;
}

/** The stack's name prefix: the alerts topic is `<prefix>-alerts` in this architecture. */
function namePrefixOf(json: TerraformJson): string {
  const topics = Object.values((json.resource?.aws_sns_topic ?? {}) as Record<string, TerraformJson>);
  const alerts = topics.map((topic) => String(topic.name)).find((name) => name.endsWith('-alerts'));
  if (!alerts) throw new Error('it has no alerts topic (<prefix>-alerts), so it is not this architecture');
  return alerts.slice(0, -'-alerts'.length);
}

/**
 * The stack's own account: the one its default provider pins, or (an offline synth pins none) the one account whose
 * root its key policies trust: `arn:aws:iam::<account>:root`.
 */
function accountOf(json: TerraformJson, pinned: readonly string[]): string {
  if (pinned.length === 1) return pinned[0];
  const keys = JSON.stringify(json.resource?.aws_kms_key ?? {});
  const roots = new Set([...keys.matchAll(/arn:aws:iam::(\d{12}):root/g)].map((match) => match[1]));
  if (pinned.length === 0 && roots.size === 1) return [...roots][0];
  throw new Error('it names no single account of its own (allowed_account_ids, or the root its key policies trust)');
}

function regionOf(json: TerraformJson): string {
  const providers = json.provider?.aws;
  const first = Array.isArray(providers)
    ? providers.find((provider) => !isObject(provider) || !('alias' in provider))
    : providers;
  const region = isObject(first) ? first['region'] : undefined;
  if (typeof region !== 'string') throw new Error('its default AWS provider names no region');
  return region;
}

/**
 * `architectureExpected`: the review was told the environment (`--env`, as CI always does), so the stack is this
 * architecture's; one that no longer looks like it (a renamed alerts topic or function) fails instead of switching the
 * analysis off.
 */
export async function analyzeAccess(
  synth: unknown,
  accountIds: readonly string[],
  stack = '',
  architectureExpected = false,
): Promise<AccessAnalysis> {
  const empty = { refusedRuntimeRequests: [], allowedForbiddenRequests: [], undeclaredReach: [], evaluated: 0 };
  const json = synth as TerraformJson;
  // Whether the stack is this architecture is read from its names alone (the alerts topic, the three functions):
  // a stack that is not gets no analysis; one that is fails closed on anything the analysis cannot read or resolve
  // (an unreadable policy, a data source, a part it cannot tell apart), so no change can switch the analysis off.
  let namePrefix: string;
  try {
    namePrefix = namePrefixOf(json);
    const functions = Object.values((json.resource?.aws_lambda_function ?? {}) as Record<string, TerraformJson>).map(
      (fn) => String(fn.function_name),
    );
    for (const suffix of ['api', 'secret-rotation', 'db-bootstrap']) {
      if (!functions.includes(`${namePrefix}-${suffix}`)) throw new Error(`it has no ${namePrefix}-${suffix} function`);
    }
  } catch (error) {
    if (architectureExpected) {
      return {
        ...empty,
        error: `the environment ${stack || '(given)'} is reviewed as this architecture, but ${(error as Error).message}`,
      };
    }
    return { ...empty, notApplicable: `not this architecture: ${(error as Error).message}` };
  }
  let environment;
  try {
    const model = new StackModel(json, { region: regionOf(json), accountId: accountOf(json, accountIds), stack });
    const landmarks = new PlatformLandmarks(model, namePrefix);
    // The database user the API logs in as (iam mode) is the one its environment names.
    environment = { model, landmarks, options: { appUsername: apiDatabaseUser(json) } };
  } catch (error) {
    return { ...empty, error: (error as Error).message };
  }
  try {
    const { landmarks } = environment;
    const report = await runMatrix(environment);
    const reach = await undeclaredReach(landmarks, DECLARED_REACH);
    // FORBIDDEN requests have no exceptions; the other-account ones only those AWS imposes (platform-matrix.ts).
    const unexpected = [
      ...report.forbidden.filter((outcome) => !outcome.ok),
      ...report.otherAccount.filter(
        (outcome) => !outcome.ok && !acceptedException(outcome.id, ACCEPTED_DENIAL_EXCEPTIONS),
      ),
    ];
    const principals = checkPrincipals(environment.model).map(
      (finding) => `${finding.policy} ${finding.statement} ${finding.problem}`,
    );
    return {
      refusedRuntimeRequests: report.required.filter((outcome) => !outcome.ok).map((outcome) => outcome.id),
      allowedForbiddenRequests: [...unexpected.map((outcome) => outcome.id), ...principals],
      undeclaredReach: reach.map((found) => describeReach(found, landmarks)),
      evaluated: report.required.length + report.forbidden.length + report.otherAccount.length,
    };
  } catch (error) {
    return { ...empty, error: (error as Error).message };
  }
}

function apiDatabaseUser(json: TerraformJson): string {
  const functions = Object.values((json.resource?.aws_lambda_function ?? {}) as Record<string, TerraformJson>);
  for (const fn of functions) {
    const variables = (Array.isArray(fn.environment) ? fn.environment[0] : fn.environment)?.variables;
    if (isObject(variables) && typeof variables['DB_USER'] === 'string') return variables['DB_USER'];
  }
  return 'app';
}
