import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../app';
import { type EnvironmentConfig, environments } from '../config';
import {
  DATA_APP_RESOURCE_COUNTS,
  dataAppSharedResourceMinimums,
  monitoringResourceCounts,
  PASSWORD_CARRYING_TYPES,
} from '../testing/data-app-resources';
import { offlinePlanFile, sharedOfflinePlan } from '../testing/offline-plans';
import { countResourceTypes, type PlanJson } from './plan-stack';

/**
 * The real Terraform CLI and the real AWS provider (from the filesystem mirror) plan every stack of the offline
 * variant. The plans are made once per run by `npx nx run infra:offline-plans` (this target depends on it; it needs
 * `terraform` on PATH and the provider in $TF_PROVIDER_MIRROR, default /opt/tf-plugins, and fails with instructions
 * without them); this spec reads them, and first checks they were made from the current sources.
 */
const STACKS = ['state', 'dev', 'prod'] as const;

/** Resource types the foundation constructs own, with exact counts per environment. */
function foundationResourceCounts(config: EnvironmentConfig): Record<string, number> {
  const azCount = config.azNames.length;
  return {
    aws_vpc: 1,
    aws_subnet: 3 * azCount,
    aws_route_table: 3,
    aws_route_table_association: 3 * azCount,
    aws_default_security_group: 1,
    aws_flow_log: 1,
    aws_security_group: 5,
    aws_vpc_security_group_ingress_rule: 6,
    aws_vpc_security_group_egress_rule: 6,
    aws_vpc_endpoint: 1,
    // database, secrets, logs, and the alerts topic's own key
    aws_kms_key: 4,
    aws_kms_alias: 4,
  };
}

const STATE_RESOURCE_COUNTS = {
  aws_kms_key: 1,
  aws_kms_alias: 1,
  aws_s3_bucket: 1,
  aws_s3_bucket_versioning: 1,
  aws_s3_bucket_server_side_encryption_configuration: 1,
  aws_s3_bucket_public_access_block: 1,
  aws_s3_bucket_policy: 1,
  aws_s3_bucket_lifecycle_configuration: 1,
  aws_s3_bucket_ownership_controls: 1,
};

describe('offline terraform plan', () => {
  const plans: Record<string, { plan: PlanJson }> = {};

  beforeAll(() => {
    for (const stack of STACKS) plans[stack] = { plan: sharedOfflinePlan(stack) };
  });

  it('GIVEN the current sources THEN the shared plans were made from exactly their offline synth', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'infra-offline-synth-'));
    try {
      buildApp({ outdir, variant: 'offline' }).synth();
      for (const stack of STACKS) {
        const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
        expect({ stack, synth: read(offlinePlanFile(stack, 'cdk.tf.json')) }).toEqual({
          stack,
          synth: read(path.join(outdir, 'stacks', stack, 'cdk.tf.json')),
        });
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  it('GIVEN the state stack THEN plan succeeds and it creates the versioned, encrypted state bucket', () => {
    expect(countResourceTypes(plans.state.plan)).toEqual(STATE_RESOURCE_COUNTS);
  });

  it.each(['dev', 'prod'] as const)('GIVEN %s THEN plan succeeds with every foundation resource', (name) => {
    const counts = countResourceTypes(plans[name].plan);
    expect(counts).toMatchObject(foundationResourceCounts(environments[name]));
    // Log groups and roles are shared with the data/app constructs: at least the flow log's.
    expect(counts.aws_cloudwatch_log_group).toBeGreaterThanOrEqual(1);
    expect(counts.aws_iam_role).toBeGreaterThanOrEqual(1);
  });

  it.each(['dev', 'prod'] as const)('GIVEN %s THEN the plan holds every data/app resource and no password', (name) => {
    const counts = countResourceTypes(plans[name].plan);
    expect(counts).toMatchObject(DATA_APP_RESOURCE_COUNTS);
    // toMatchObject ignores a type with no resource: compare the monitoring layer's counts one by one.
    for (const [type, count] of Object.entries(monitoringResourceCounts(environments[name]))) {
      expect({ type, count: counts[type] ?? 0 }).toEqual({ type, count });
    }
    for (const [type, minimum] of Object.entries(dataAppSharedResourceMinimums(environments[name]))) {
      expect({ type, enough: (counts[type] ?? 0) >= minimum }).toEqual({ type, enough: true });
    }
    PASSWORD_CARRYING_TYPES.forEach((type) => expect(counts).not.toHaveProperty(type));
    // No attribute named for a password holds a string, but the proxy's `client_password_auth_type`, which names
    // the authentication method (MYSQL_CACHING_SHA2_PASSWORD), not a password.
    const planned = JSON.stringify((plans[name].plan.resource_changes ?? []).map((change) => change.change.after));
    expect(planned.replace(/"client_password_auth_type":"MYSQL_[A-Z0-9_]+"/g, '')).not.toMatch(
      /"[a-z_]*password[a-z_]*":"|secret_string/i,
    );
  });

  it.each(STACKS)('GIVEN %s THEN the plan only creates, reads no data source and reaches no internet', (name) => {
    const changes = plans[name].plan.resource_changes ?? [];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((change) => change.mode !== 'managed' || change.change.actions.join() !== 'create')).toEqual(
      [],
    );
    const types = new Set(changes.map((change) => change.type));
    for (const forbidden of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_egress_only_internet_gateway',
      'random_password',
    ]) {
      expect(types.has(forbidden)).toBe(false);
    }
  });

  it.each(['dev', 'prod'] as const)('GIVEN %s THEN the planned subnets sit in the configured AZs', (name) => {
    const subnets = (plans[name].plan.resource_changes ?? []).filter((change) => change.type === 'aws_subnet');
    const zones = new Set(subnets.map((subnet) => subnet.change.after?.availability_zone));
    expect(zones).toEqual(new Set(environments[name].azNames));
  });
});
