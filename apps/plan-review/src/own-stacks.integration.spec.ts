import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testing/run-cli';
import type { Json, SynthJson } from './testing/fixtures';
import { offlinePlanFile } from './testing/offline-plans';

/**
 * Reviews the infra app's own stacks: the real offline synth (fault injection) and the real offline plans of dev
 * and prod, as made once per run by `npx nx run infra:offline-plans` (this target depends on it; infra's own
 * integration spec checks they match the current sources). The review CLI's own way to make a plan when it gets no
 * file (the infra plan CLI) is pinned by workspace.spec.ts.
 */
// Each review is its own process; only the budget is generous (2 shared cores), nothing asserts timing.
const REVIEW_TIMEOUT_MS = 60_000;

const byType = (synth: SynthJson, type: string): Json[] => Object.values(synth.resource[type] ?? {});
const only = (synth: SynthJson, type: string): Json => {
  const [first] = byType(synth, type);
  if (!first) throw new Error(`our dev synth has no ${type}`);
  return first;
};

const FAULTS: { rule: string; inject: (synth: SynthJson) => void }[] = [
  {
    rule: 'security-group-no-public-ingress',
    inject: (synth) => {
      const [databaseGroup] = only(synth, 'aws_db_instance').vpc_security_group_ids;
      synth.resource.aws_vpc_security_group_ingress_rule['database-from-anywhere'] = {
        security_group_id: databaseGroup,
        cidr_ipv4: '0.0.0.0/0',
        ip_protocol: 'tcp',
        from_port: 3306,
        to_port: 3306,
        description: 'injected',
      };
    },
  },
  { rule: 'rds-encrypted-with-cmk', inject: (synth) => (only(synth, 'aws_db_instance').storage_encrypted = false) },
  {
    rule: 'route-table-local-only',
    inject: (synth) =>
      (only(synth, 'aws_route_table').route = [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc1234' }]),
  },
  {
    rule: 'no-credentials-in-configuration',
    inject: (synth) => (only(synth, 'aws_db_instance').tags = { Dsn: 'mysql://admin:injected@db.internal/app' }),
  },
  {
    // A change that opens its own DB and waives the rule for itself, with an expiry that would count for another rule.
    rule: 'rds-not-public',
    inject: (synth) => {
      const database = only(synth, 'aws_db_instance');
      database.publicly_accessible = true;
      const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      database['//'].review_suppress = [
        ...(database['//'].review_suppress ?? []),
        { rule: 'rds-not-public', reason: 'a demo', expires: soon },
      ];
    },
  },
  {
    rule: 'stateful-and-functions-alarmed',
    inject: (synth) => {
      const alarms = synth.resource.aws_cloudwatch_metric_alarm;
      for (const [name, alarm] of Object.entries<Json>(alarms))
        if (JSON.stringify(alarm.dimensions ?? {}).includes('aws_db_instance.')) delete alarms[name];
    },
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    inject: (synth) => (only(synth, 'aws_sns_topic').kms_master_key_id = 'alias/aws/sns'),
  },
  { rule: 'proxy-requires-tls', inject: (synth) => (only(synth, 'aws_db_proxy').require_tls = false) },
  {
    rule: 'iam-no-wildcard-resource',
    inject: (synth) => {
      const policy = byType(synth, 'aws_iam_role_policy').find((candidate) =>
        candidate.policy.includes('secretsmanager:GetSecretValue'),
      );
      const document = JSON.parse(
        policy.policy.replace(/\$\{[^}]*\}/g, (reference: string) => reference.replace(/"/g, "'")),
      );
      for (const statement of document.Statement)
        if (JSON.stringify(statement.Action).includes('GetSecretValue')) statement.Resource = '*';
      policy.policy = JSON.stringify(document);
    },
  },
  {
    rule: 'iam-no-broad-managed-policy',
    inject: (synth) => {
      const role = Object.keys(synth.resource.aws_iam_role)[0];
      synth.resource.aws_iam_role_policy_attachment = {
        ...synth.resource.aws_iam_role_policy_attachment,
        'seed-read-write': {
          role: `\${aws_iam_role.${role}.name}`,
          policy_arn: 'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
        },
      };
    },
  },
  {
    rule: 'resource-policy-no-public-principal',
    inject: (synth) => {
      const endpointPolicy = only(synth, 'aws_vpc_endpoint_policy');
      endpointPolicy.policy = endpointPolicy.policy.replace(
        /,"Condition":\{"StringEquals":\{"aws:PrincipalAccount":"\d+"\}\}/g,
        '',
      );
    },
  },
  {
    rule: 'trust-service-confused-deputy',
    inject: (synth) => {
      const proxyRole = byType(synth, 'aws_iam_role').find((role) =>
        role.assume_role_policy.includes('"rds.amazonaws.com"'),
      );
      proxyRole.assume_role_policy = proxyRole.assume_role_policy.replace(/,"Condition":.*\}\}\}\]/, '}]');
    },
  },
  {
    rule: 'api-write-routes-authorized',
    inject: (synth) =>
      (byType(synth, 'aws_apigatewayv2_route').find(
        (route) => route.route_key === 'POST /heartbeats',
      ).authorization_type = 'NONE'),
  },
];

/** Rule ids listed under "### Failures" in the Markdown report. */
const failingRules = (stdout: string) =>
  [...stdout.matchAll(/^- \*\*([a-z0-9-]+)\*\* \(\w+\):/gm)].map((match) => match[1]);

describe('our own dev synth with an injected fault', () => {
  const folder = mkdtempSync(join(tmpdir(), 'plan-review-own-'));
  let devSynth: string;
  let failingWithoutFaults: string[];

  beforeAll(() => {
    const devSynthFile = offlinePlanFile('dev', 'cdk.tf.json');
    devSynth = readFileSync(devSynthFile, 'utf8');
    failingWithoutFaults = failingRules(runCli(['--synth', devSynthFile]).stdout);
  }, REVIEW_TIMEOUT_MS);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(FAULTS)(
    'exits 1 naming $rule, which passes without the fault',
    ({ rule, inject }) => {
      expect(failingWithoutFaults).not.toContain(rule);

      const synth = JSON.parse(devSynth);
      inject(synth);
      const faulty = join(folder, `${rule}.cdk.tf.json`);
      writeFileSync(faulty, JSON.stringify(synth));
      const run = runCli(['--synth', faulty]);
      expect(run.status).toBe(1);
      expect(failingRules(run.stdout)).toContain(rule);
    },
    REVIEW_TIMEOUT_MS,
  );
});

describe('our own offline plans', () => {
  it(
    'GIVEN no reviewed suppression file THEN dev fails on Performance Insights and the FIS role\'s DescribeDBInstances on "*" (their in-code suppressions alone do not count)',
    () => {
      const folder = mkdtempSync(join(tmpdir(), 'plan-review-no-suppressions-'));
      try {
        const empty = join(folder, 'review-suppressions.json');
        writeFileSync(empty, JSON.stringify({ suppressions: [] }));
        const run = runCli(['--plan', offlinePlanFile('dev', 'plan.json'), '--suppressions', empty]);
        expect(run.status).toBe(1);
        expect(failingRules(run.stdout).sort()).toEqual([
          'iam-no-wildcard-resource',
          'rds-performance-insights-with-cmk',
        ]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    REVIEW_TIMEOUT_MS,
  );

  it.each(['dev', 'prod'])(
    'GIVEN the %s plan (made by infra:offline-plans) THEN the review exits 0',
    (environment) => {
      const run = runCli(['--plan', offlinePlanFile(environment, 'plan.json')]);
      expect({
        status: run.status,
        failing: failingRules(run.stdout),
        stderr: run.status === 2 ? run.stderr : '',
      }).toEqual({ status: 0, failing: [], stderr: '' });
      expect(run.stdout).toContain(`## Plan review: \`${environment}\` (plan, environment ${environment})`);
      expect(readFileSync(offlinePlanFile(environment, 'plan.json'), 'utf8')).toContain('"resource_changes"');
    },
    REVIEW_TIMEOUT_MS,
  );
});
