import type { PlanJson } from './fixtures';

/**
 * Small plans shaped like `terraform show -json` output (format 1.2, Terraform 1.11, AWS provider 5.x), for cases our
 * fixture stack does not have: `count` and `for_each` instances, and the separate resources checkov's own fixtures
 * use. Only what the review reads is written: the resource changes and the root module's configuration.
 */
export interface PlannedInstance {
  /** An instance address as Terraform writes it: `aws_vpc.v`, `aws_vpc.v[0]`, `aws_s3_bucket.this["a"]`. */
  readonly address: string;
  /** The planned values Terraform knows at plan time. */
  readonly after?: Record<string, unknown>;
  /**
   * Attributes known only at apply, each with the `references` Terraform records for its expression in the
   * configuration (`["aws_vpc.v[0].id", "aws_vpc.v[0]", "aws_vpc.v"]` for `aws_vpc.v[0].id`; an instance key known
   * only at apply, `aws_s3_bucket.this[each.key].id`, is recorded as `["aws_s3_bucket.this", "each.key"]`).
   */
  readonly references?: Record<string, readonly string[]>;
  /** Attributes known only at apply that the configuration does not set (AWS or the provider picks them). */
  readonly computed?: readonly string[];
}

/** `aws_s3_bucket.this["a"]` -> type, name and instance key; the configuration names the resource without its key. */
function parts(address: string): { type: string; name: string; index?: number | string; resource: string } {
  const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[(.+)\])?$/.exec(address);
  if (!match) throw new Error(`not a root resource address: ${address}`);
  const [, type, name, key] = match;
  const index = key === undefined ? undefined : (JSON.parse(key) as number | string);
  return { type, name, index, resource: `${type}.${name}` };
}

export function planOf(...instances: PlannedInstance[]): PlanJson {
  const configured = new Map<string, Record<string, unknown>>();
  const resourceChanges = instances.map(({ address, after = {}, references = {}, computed = [] }) => {
    const { type, name, index, resource } = parts(address);
    const expressions = Object.fromEntries(
      Object.entries(references).map(([attribute, refs]) => [attribute, { references: refs }]),
    );
    configured.set(resource, {
      address: resource,
      mode: 'managed',
      type,
      name,
      provider_config_key: 'aws',
      expressions: { ...(configured.get(resource)?.['expressions'] as object), ...expressions },
      schema_version: 0,
      ...(typeof index === 'number' ? { count_expression: { constant_value: 2 } } : {}),
      ...(typeof index === 'string' ? { for_each_expression: { constant_value: { [index]: index } } } : {}),
    });
    // A new resource's id and ARN are known only at apply; one given in `after` is that of an existing resource.
    const ids = ['id', 'arn'].filter((attribute) => !(attribute in after));
    const unknown = [...Object.keys(references), ...computed, ...ids];
    return {
      address,
      mode: 'managed',
      type,
      name,
      ...(index === undefined ? {} : { index }),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after,
        after_unknown: Object.fromEntries(unknown.map((attribute) => [attribute, true])),
        before_sensitive: false,
        after_sensitive: {},
      },
    };
  });
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_changes: resourceChanges,
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } },
      root_module: { resources: [...configured.values()] },
    },
  };
}
