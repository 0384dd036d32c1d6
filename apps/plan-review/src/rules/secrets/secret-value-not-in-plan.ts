import { label, liveResources } from '../../model/lookup';
import {
  documentKeys,
  isArnReference,
  isSecretName,
  referencesSecret,
  referencesSecretValue,
} from '../../model/secret-names';
import type { Resource, ReviewModel } from '../../model/types';
import { flatten, isSet, referencesResource } from '../../model/values';
import { defineRule, finding } from '../rule';

/** Resources that can put a secret into the plan and state; any other resource is checked once it reads one. */
const SECRET_CARRYING_TYPES = [
  'aws_secretsmanager_secret_version',
  'random_password',
  'random_string',
  'aws_ssm_parameter',
  'aws_lambda_invocation',
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_iam_access_key',
  'aws_iam_user_login_profile',
];

/** Attributes that set a database master password in the plan (the `*_wo` twins and managed passwords do not). */
const PASSWORD_ATTRIBUTE: Record<string, string> = { aws_db_instance: 'password', aws_rds_cluster: 'master_password' };

/** Messages name the attribute or key, never the value. */
export const secretValueNotInPlan = defineRule({
  id: 'secret-value-not-in-plan',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'No secret value is written in the plan or state',
  description:
    'Everything in a plan is also in the state, in clear text for whoever can read either: Terraform marks an ' +
    'attribute sensitive only in its own output, and the state file holds the value itself. A secret version with ' +
    '`secret_string`, a `random_password` (its `result`), a SecureString or secret-named SSM parameter with its value, ' +
    "an IAM access key or login profile, a DB instance's `password`, a Lambda invocation whose input carries a " +
    'password, or any attribute copied from a `secret_string` puts one there. The write-only `*_wo` attributes ' +
    '(Terraform 1.11+), ephemeral resources and RDS-managed master passwords keep the value out.',
  remediation:
    'Let RDS manage the master password (`manage_master_user_password`), write secrets through `secret_string_wo` / ' +
    '`password_wo` from an ephemeral value, pass secret ARNs instead of values, and use roles instead of access keys.',
  docs: [
    'https://developer.hashicorp.com/terraform/language/state/sensitive-data',
    'https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html',
  ],
  appliesTo: [...SECRET_CARRYING_TYPES, '(any resource reading a secret_string)'],
  check: (model) =>
    liveResources(model, ...new Set(model.resources.map((resource) => resource.type))).flatMap((resource) => {
      const problem = secretIn(resource, model);
      return SECRET_CARRYING_TYPES.includes(resource.type) || problem
        ? [finding('secret-value-not-in-plan', resource, problem)]
        : [];
    }),
});

function secretIn(resource: Resource, model: ReviewModel): string | undefined {
  const values = resource.values;
  const where = `${label(resource)} puts`;
  switch (resource.type) {
    case 'aws_secretsmanager_secret_version':
      if (isSet(values['secret_string']) || isSet(values['secret_binary']))
        return `${where} the secret value in the plan and state (use secret_string_wo or let rotation set it)`;
      break;
    case 'aws_iam_access_key':
      // Without a pgp_key the secret access key (and its SES SMTP password) are kept in the state in clear text;
      // long-lived keys are what roles and OIDC replace anyway.
      return `${where} a long-lived secret access key in the state (use a role: OIDC for CI, an execution role for code)`;
    case 'aws_iam_user_login_profile':
      return `${where} a console password in the state (users sign in through IAM Identity Center, not stack-made passwords)`;
    case 'random_password':
      return `${where} its result in the state (let RDS manage the password, or use an ephemeral random_password with a *_wo attribute)`;
    case 'random_string': {
      const users = passwordUsers(resource, model);
      if (users.length)
        return `${where} a password (used by ${users.join(', ')}) in the state: use random_password the ephemeral way`;
      break;
    }
    case 'aws_ssm_parameter':
      if (values['type'] === 'SecureString' && isSet(values['value']))
        return `${where} a SecureString value in the plan and state (use value_wo, or let the application write it)`;
      if (isSecretName(String(values['name'] ?? '')) && isSet(values['value']) && !isArnReference(values['value']))
        return `${where} a value named like a secret in a ${String(values['type'] ?? 'String')} parameter, in clear text`;
      break;
    case 'aws_lambda_invocation': {
      const keys = documentKeys(values['input']).filter(isSecretName);
      if (keys.length || referencesSecret(values['input']))
        return `${where} secrets in its input (${
          keys.join(', ') || 'a secret reference'
        }), kept in the plan and state: pass the secret ARN`;
      break;
    }
  }
  const passwordAttribute = PASSWORD_ATTRIBUTE[resource.type];
  if (passwordAttribute && isSet(values[passwordAttribute]))
    return `${where} ${passwordAttribute} in the plan and state (use manage_master_user_password or ${passwordAttribute}_wo)`;
  const copies = [...flatten(values).entries()]
    .filter(([, value]) => referencesSecretValue(value))
    .map(([path]) => path);
  return copies.length
    ? `${where} a Secrets Manager secret value in ${copies.join(', ')}, kept in the state`
    : undefined;
}

/** Where other resources take a random_string as a password: the attribute paths named like a secret. */
function passwordUsers(generator: Resource, model: ReviewModel): string[] {
  return model.resources.flatMap((user) =>
    [...flatten(user.values).entries()]
      .filter(
        ([path, value]) => isSecretName(path.split('.').pop() ?? '') && referencesResource(value, generator.address),
      )
      .map(([path]) => `${label(user)}.${path}`),
  );
}
