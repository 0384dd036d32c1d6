import { SERVICE_REQUESTS } from './service-requests';
import { type StackModel, statementsOf } from './stack-model';
import type { PolicyFinding } from './static-checks';

/**
 * A closed world of principals, checked on every policy of the stack without a request (a request names one
 * principal; a policy may name any): every principal a resource, trust or endpoint policy allows is the stack's own
 * account, one of its roles, or a service of the request catalog; `*` only with a condition that pins the caller to
 * the stack's account; no federated or canonical-user principal; no NotPrincipal, NotAction or NotResource in an
 * Allow (each grants everything it does not name); and every VPC endpoint has a policy (an endpoint without one
 * allows every call, to any account's resources: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
 */

type Statement = Record<string, unknown>;

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** The service principals the request catalog documents (regional ones in the stack's region). */
function knownServices(region: string): Set<string> {
  return new Set(
    Object.values(SERVICE_REQUESTS)
      .map((entry) => entry.principal.replace('<region>', region))
      .filter((principal) => principal.endsWith('.amazonaws.com')),
  );
}

/** Conditions that pin the caller to one account: `StringEquals` on one of these keys, with only that account. */
const ACCOUNT_KEYS = ['aws:principalaccount', 'aws:sourceaccount', 'kms:calleraccount'];

function pinsToAccount(statement: Statement, account: string): boolean {
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(condition).some(
    ([operator, block]) =>
      /^StringEquals$/i.test(operator) &&
      Object.entries(block).some(
        ([key, value]) => ACCOUNT_KEYS.includes(key.toLowerCase()) && asList(value).every((item) => item === account),
      ),
  );
}

export function checkPrincipals(model: StackModel): PolicyFinding[] {
  const { accountId, region } = model.placement;
  const services = knownServices(region);
  const roleArns = new Set(model.roles.keys());
  const findings: PolicyFinding[] = [];
  for (const { kind, policy } of model.allPolicies()) {
    for (const [index, statement] of statementsOf(policy.policy).entries()) {
      const label = String(statement.Sid ?? `#${index}`);
      const report = (problem: string) => findings.push({ policy: policy.name, statement: label, problem });
      if (statement.Effect !== 'Allow') continue;
      for (const negation of ['NotPrincipal', 'NotAction', 'NotResource']) {
        if (negation in statement) report(`an Allow with ${negation} grants everything it does not name`);
      }
      if (kind === 'identity') continue;
      const principal = statement.Principal;
      const entries: [string, string][] =
        principal === '*'
          ? [['*', '*']]
          : Object.entries((principal ?? {}) as Record<string, unknown>).flatMap(([type, value]) =>
              asList(value).map((item): [string, string] => [type, item]),
            );
      for (const [type, value] of entries) {
        if (value === '*') {
          if (!pinsToAccount(statement, accountId))
            report(`allows any principal (${type} "*") without pinning the account`);
        } else if (type === 'Service') {
          if (!services.has(value)) report(`allows the service ${value}, which the request catalog does not document`);
        } else if (type === 'AWS') {
          const own = value === accountId || value === `arn:aws:iam::${accountId}:root` || roleArns.has(value);
          if (!own) report(`allows ${value}, which is neither this stack's account nor one of its roles`);
        } else {
          report(`allows a ${type} principal (${value})`);
        }
      }
    }
  }
  for (const [name, raw] of Object.entries(model.values.resources('aws_vpc_endpoint'))) {
    const id = model.attribute('aws_vpc_endpoint', name, 'id');
    if (!model.endpointPolicies.has(id) && raw.policy === undefined) {
      findings.push({
        policy: `aws_vpc_endpoint.${name}`,
        statement: '-',
        problem: 'has no policy: it allows every call through it, to any account',
      });
    }
  }
  return findings;
}
