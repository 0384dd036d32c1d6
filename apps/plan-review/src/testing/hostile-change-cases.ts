import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import { allow, OUR_ACCOUNT, secretPolicy, trust } from './policy-documents';
import type { RuleCase } from './rule-cases';

/**
 * Holes an acceptance test found by mutating our dev synth as a hostile pull request would, each of which passed
 * with exit 0: an aliased provider that makes a foreign account "our own", booleans written as strings or
 * expressions, dynamic security group blocks, wildcard organisation conditions, Aurora, the RDS-managed master secret
 * on the AWS-managed key, admin policies through the exclusive attachment resources. Each leak case must fail its
 * rule; each safe case is the legitimate variant, which must still pass.
 */
const OTHER_ACCOUNT = '999999999999';
const db = (s: SynthJson) => synthResource(s, 'aws_db_instance');
const proxy = (s: SynthJson) => synthResource(s, 'aws_db_proxy');
const securityGroup = (s: SynthJson) => synthResource(s, 'aws_security_group', 'security-groups/database');
const DB_KEY = '${aws_kms_key.kms_database_EE031BFB.arn}';
const API_ROLE_NAME = '${aws_iam_role.api-function_role_99402C8A.name}';

/** Appends an aliased AWS provider pinned to `account` (a second region, say). */
const aliasedProvider = (account: string) => (s: SynthJson) => {
  s['provider'].aws.push({ alias: 'other', region: 'us-east-1', allowed_account_ids: [account] });
};

const addCluster = (values: Record<string, unknown>) => (s: SynthJson) =>
  addSynthResource(s, 'aws_rds_cluster', 'aurora', {
    cluster_identifier: 'rds-platform-dev-aurora',
    engine: 'aurora-mysql',
    manage_master_user_password: true,
    ...values,
  });
const addClusterInstance = (values: Record<string, unknown>) => (s: SynthJson) =>
  addSynthResource(s, 'aws_rds_cluster_instance', 'aurora-1', {
    cluster_identifier: '${aws_rds_cluster.aurora.id}',
    instance_class: 'db.r6g.large',
    engine: 'aurora-mysql',
    ...values,
  });

const attachExclusive =
  (...policyArns: string[]) =>
  (s: SynthJson) =>
    addSynthResource(s, 'aws_iam_role_policy_attachments_exclusive', 'api-exclusive', {
      role_name: API_ROLE_NAME,
      policy_arns: policyArns,
    });

const ingressRule = { from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] };
const dynamicBlock = (direction: 'ingress' | 'egress') => (s: SynthJson) =>
  (securityGroup(s).dynamic = {
    [direction]: { for_each: '${var.rules}', content: { ...ingressRule, description: 'from the variable' } },
  });

const orgTrust = (operator: string, key: string, value: string) =>
  secretPolicy(allow({ AWS: '*' }, 'secretsmanager:GetSecretValue', { Condition: { [operator]: { [key]: value } } }));

export const HOSTILE_CHANGE_LEAK_CASES: RuleCase[] = [
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a trust to an account that only an aliased provider allows',
    breakIt: (s) => {
      aliasedProvider(OTHER_ACCOUNT)(s);
      trust(s, allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, 'sts:AssumeRole'));
    },
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a secret policy for an account that only an aliased provider allows (in its `//` comment)',
    breakIt: (s) => {
      s['provider'].aws.push({ alias: 'other', region: 'us-east-1', '//': { allowed_account_ids: [OTHER_ACCOUNT] } });
      secretPolicy(allow({ AWS: OTHER_ACCOUNT }, 'secretsmanager:GetSecretValue'))(s);
    },
  },
  ...[
    ['the string "true"', 'true'],
    ['the literal expression ${true}', '${true}'],
    ['a variable (known only at apply)', '${var.pub}'],
    ['the string "1"', '1'],
  ].map(([variant, value]) => ({
    rule: 'rds-not-public',
    variant: `publicly_accessible set to ${variant}`,
    breakIt: (s: SynthJson) => (db(s).publicly_accessible = value),
  })),
  ...[
    ['the string "true"', 'true'],
    ['an expression (${1 == 1})', '${1 == 1}'],
  ].map(([variant, value]) => ({
    rule: 'proxy-no-debug-logging',
    variant: `debug_logging set to ${variant}`,
    breakIt: (s: SynthJson) => (proxy(s).debug_logging = value),
  })),
  {
    rule: 'proxy-requires-tls',
    variant: 'require_tls from a variable',
    breakIt: (s) => (proxy(s).require_tls = '${var.tls}'),
  },
  {
    rule: 'proxy-requires-tls',
    variant: 'require_tls as the string "false"',
    breakIt: (s) => (proxy(s).require_tls = 'false'),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'storage_encrypted from a variable',
    breakIt: (s) => (db(s).storage_encrypted = '${var.encrypted}'),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'a dynamic "ingress" block with 0.0.0.0/0 on the database security group',
    breakIt: dynamicBlock('ingress'),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'ingress rules given as one expression (ingress = var.rules)',
    breakIt: (s) => (securityGroup(s).ingress = '${var.rules}'),
  },
  {
    rule: 'security-group-egress-within-vpc',
    variant: 'a dynamic "egress" block on the database security group',
    breakIt: dynamicBlock('egress'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by StringLike aws:PrincipalOrgID "o-*" (every organisation)',
    breakIt: orgTrust('StringLike', 'aws:PrincipalOrgID', 'o-*'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by StringLike aws:PrincipalAccount "1234?6789012"',
    breakIt: orgTrust('StringLike', 'aws:PrincipalAccount', '1234?6789012'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by StringLike aws:PrincipalOrgPaths "o-*/r-ab12/*"',
    breakIt: orgTrust('StringLike', 'aws:PrincipalOrgPaths', 'o-*/r-ab12/*'),
  },
  {
    rule: 'rds-not-public',
    variant: 'an Aurora cluster instance with publicly_accessible=true',
    breakIt: (s) => {
      addCluster({ storage_encrypted: true, kms_key_id: DB_KEY })(s);
      addClusterInstance({ publicly_accessible: true })(s);
    },
  },
  {
    rule: 'rds-not-public',
    variant: 'an Aurora cluster instance with publicly_accessible from a variable',
    breakIt: addClusterInstance({ publicly_accessible: '${var.pub}' }),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'an Aurora cluster with storage_encrypted=false',
    breakIt: addCluster({ storage_encrypted: false, kms_key_id: DB_KEY }),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'an Aurora cluster encrypted with no kms_key_id (the AWS-managed key)',
    breakIt: addCluster({ storage_encrypted: true }),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'an Aurora cluster encrypted with alias/aws/rds',
    breakIt: addCluster({ storage_encrypted: true, kms_key_id: 'alias/aws/rds' }),
  },
  {
    rule: 'rds-master-password-managed',
    variant: 'the RDS-managed master secret on alias/aws/secretsmanager',
    breakIt: (s) => (db(s).master_user_secret_kms_key_id = 'alias/aws/secretsmanager'),
  },
  {
    rule: 'rds-master-password-managed',
    variant: 'the RDS-managed master secret with no key (RDS uses aws/secretsmanager)',
    breakIt: (s) => delete db(s).master_user_secret_kms_key_id,
  },
  {
    rule: 'rds-master-password-managed',
    variant: 'the RDS-managed master secret on the AWS-managed key by ARN',
    breakIt: (s) =>
      (db(s).master_user_secret_kms_key_id = `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:alias/aws/secretsmanager`),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'AdministratorAccess through aws_iam_role_policy_attachments_exclusive',
    breakIt: attachExclusive('arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'),
  },
  {
    rule: 'iam-no-broad-managed-policy',
    variant: 'AmazonS3FullAccess through aws_iam_role_policy_attachments_exclusive',
    breakIt: attachExclusive('arn:aws:iam::aws:policy/AmazonS3FullAccess'),
  },
  {
    rule: 'proxy-role-reads-only-its-secrets',
    variant: 'a managed policy on the proxy role through aws_iam_role_policy_attachments_exclusive',
    breakIt: (s) =>
      addSynthResource(s, 'aws_iam_role_policy_attachments_exclusive', 'proxy-exclusive', {
        role_name: '${aws_iam_role.proxy_role_A46D75EC.name}',
        policy_arns: ['arn:aws:iam::aws:policy/SecretsManagerReadWrite'],
      }),
  },
  {
    rule: 'vpc-default-security-group-closed',
    variant: 'a dynamic "ingress" block on the default security group',
    breakIt: (s) =>
      (synthResource(s, 'aws_default_security_group').dynamic = { ingress: { for_each: '${var.rules}' } }),
  },
  ...['iam-no-admin-policy', 'iam-no-wildcard-action'].map((rule) => ({
    rule,
    variant: 'a dynamic "inline_policy" block on a role (its policy is known only at apply)',
    breakIt: (s: SynthJson) =>
      (synthResource(s, 'aws_iam_role', 'api-function/role').dynamic = {
        inline_policy: { for_each: '${var.policies}', content: { name: 'x', policy: '${inline_policy.value}' } },
      }),
  })),
];

export const HOSTILE_CHANGE_SAFE_CASES: RuleCase[] = [
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'an aliased provider beside the default one, and a trust to our own account',
    breakIt: (s) => {
      aliasedProvider(OTHER_ACCOUNT)(s);
      trust(s, allow({ AWS: `arn:aws:iam::${OUR_ACCOUNT}:root` }, 'sts:AssumeRole'));
    },
  },
  ...[
    ['the string "false"', 'false'],
    ['the literal expression ${false}', '${false}'],
  ].map(([variant, value]) => ({
    rule: 'rds-not-public',
    variant: `publicly_accessible set to ${variant}`,
    breakIt: (s: SynthJson) => (db(s).publicly_accessible = value),
  })),
  {
    rule: 'proxy-no-debug-logging',
    variant: 'debug_logging as the string "false"',
    breakIt: (s) => (proxy(s).debug_logging = 'false'),
  },
  {
    rule: 'proxy-requires-tls',
    variant: 'require_tls as the string "true" (Terraform converts it)',
    breakIt: (s) => (proxy(s).require_tls = 'true'),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'storage_encrypted as ${true}',
    breakIt: (s) => (db(s).storage_encrypted = '${true}'),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'a dynamic block of another kind (timeouts) on a security group',
    breakIt: (s) => (securityGroup(s).dynamic = { timeouts: { for_each: '${var.t}', content: { create: '5m' } } }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by StringEquals aws:PrincipalOrgID to one organisation',
    breakIt: orgTrust('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by StringLike aws:PrincipalOrgPaths under one named organisation',
    breakIt: orgTrust('StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'),
  },
  {
    rule: 'rds-not-public',
    variant: 'a private Aurora cluster instance',
    breakIt: addClusterInstance({ publicly_accessible: false }),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'an Aurora cluster encrypted with our database key',
    breakIt: addCluster({ storage_encrypted: true, kms_key_id: DB_KEY }),
  },
  {
    rule: 'rds-master-password-managed',
    variant: 'the RDS-managed master secret on a customer-managed key by ARN',
    breakIt: (s) =>
      (db(s).master_user_secret_kms_key_id =
        `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'aws_iam_role_policy_attachments_exclusive with a read-only policy',
    breakIt: attachExclusive('arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'),
  },
];
