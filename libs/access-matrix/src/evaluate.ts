import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

/**
 * One request to evaluate, as AWS would receive it: who asks (a role ARN, an account root or a service principal
 * such as `events.amazonaws.com`), for what action on which resource, with which request context.
 */
export interface AccessRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Request context keys, e.g. `aws:SourceArn`, `kms:ViaService`, `kms:EncryptionContext:SecretARN`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[] | Record<string, unknown>;
}

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** Everything that decides one request: the request and the policies on both sides of it. */
export interface Evaluation {
  readonly request: AccessRequest;
  /** The account that owns the resource (decides same- vs cross-account evaluation). */
  readonly resourceAccount: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly resourcePolicy?: NamedPolicy;
  /** Policies of the VPC endpoints the request passes through. */
  readonly endpointPolicies?: readonly NamedPolicy[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

/**
 * iam-simulate's validated entry point (`runSimulation`) keeps only the context keys the Service Authorization
 * Reference lists for the action, and does not match the templated key `kms:EncryptionContext:${EncryptionContextKey}`
 * against a concrete one such as `kms:EncryptionContext:SecretARN`: it reports them as ignored and evaluates without
 * them, so every encryption-context condition would look unmet. Requests with such keys are evaluated again through
 * the engine itself (`runUnsafeSimulation`) with the whole context. `ENCRYPTION_CONTEXT_KEY` names them; a spec
 * (evaluate.spec.ts) fails once upstream stops ignoring them, so the workaround can go.
 */
export const ENCRYPTION_CONTEXT_KEY = /^kms:EncryptionContext:/i;

function simulation(evaluation: Evaluation): Simulation {
  const { request } = evaluation;
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: evaluation.resourceAccount },
      contextVariables: Object.fromEntries(
        Object.entries(request.context ?? {}).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : [...value],
        ]),
      ),
    },
    identityPolicies: evaluation.identityPolicies.map(({ name, policy }) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: evaluation.resourcePolicy?.policy,
    vpcEndpointPolicies: evaluation.endpointPolicies?.map(({ name, policy }) => ({ name, policy })),
  };
}

/** Evaluates one request with iam-simulate; a request or policy iam-simulate rejects throws EvaluationError. */
export async function evaluate(evaluation: Evaluation): Promise<Decision> {
  const input = simulation(evaluation);
  const response = await runSimulation(input, {});
  const what = `${evaluation.request.principal} ${evaluation.request.action} ${evaluation.request.resource}`;
  if (response.resultType === 'error') {
    throw new EvaluationError(`iam-simulate refused ${what}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType === 'wildcard') {
    throw new EvaluationError(`${what}: a request names one resource, not a pattern`);
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  const notApplicable = ignored.filter((key) => !ENCRYPTION_CONTEXT_KEY.test(key));
  if (notApplicable.length > 0) {
    // A key the service never sends with this action: the request catalog is wrong, not the policy.
    throw new EvaluationError(
      `${what}: context keys ${notApplicable.join(', ')} do not apply to ${evaluation.request.action}`,
    );
  }
  if (ignored.length === 0) return response.overallResult as Decision;
  if ((evaluation.endpointPolicies ?? []).length > 0) {
    // runUnsafeSimulation does not take endpoint policies; no request here carries both.
    throw new EvaluationError(`${what}: an encryption-context request through a VPC endpoint cannot be evaluated`);
  }
  // runUnsafeSimulation loads the resource policy without a name; a validated policy carries its own.
  const resourcePolicy = input.resourcePolicy && {
    __validated: true,
    policyDocument: input.resourcePolicy,
    metadata: { name: evaluation.resourcePolicy!.name },
    errors: [],
  };
  return runUnsafeSimulation({ ...input, resourcePolicy }, {}) as Decision;
}

/** What `runSimulation` alone reports as ignored for a request (the spec that watches the upstream limitation). */
export async function ignoredContextKeys(evaluation: Evaluation): Promise<string[]> {
  const response = await runSimulation(simulation(evaluation), {});
  if (response.resultType !== 'single') throw new EvaluationError(`unexpected ${response.resultType} result`);
  return response.result.ignoredContextKeys ?? [];
}
