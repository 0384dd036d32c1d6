import type { Action, ConfigurationBlock, Resource, ReviewModel } from '../model/types';
import { baseAddress, flatten, isObject } from '../model/values';
import { constructPathFromName } from './construct-path';
import { InputError } from './input-error';
import { allowedAccountIdsOf, defaultTagsOf } from './provider-settings';

export interface PlanDocument {
  readonly resources: readonly Resource[];
  readonly defaultTags: Record<string, unknown>;
  readonly accountIds: readonly string[];
  readonly variables: ReviewModel['variables'];
  readonly blocks: readonly ConfigurationBlock[];
}

export function isPlanDocument(json: unknown): boolean {
  return isObject(json) && 'format_version' in json && ('resource_changes' in json || 'planned_values' in json);
}

/** Reads `terraform show -json` output: one resource per managed resource change. */
export function readPlanDocument(json: unknown, source: string): PlanDocument {
  if (!isPlanDocument(json)) {
    throw new InputError(`${source} is not a Terraform plan: \`format_version\` or \`resource_changes\` is missing.`);
  }
  const plan = json as Record<string, unknown>;
  // Terraform leaves `resource_changes` out when nothing changes; anything but a list of objects is not its output.
  const listed = plan['resource_changes'] ?? [];
  if (!Array.isArray(listed) || !listed.every(isObject)) {
    throw new InputError(`${source}: \`resource_changes\` is not a list of resource changes.`);
  }
  const changes = listed.filter((change) => change['mode'] !== 'data');
  const configuration = isObject(plan['configuration']) ? plan['configuration'] : {};
  assertAws(changes, configuration, source);
  const expressions = configurationExpressions(configuration);
  return {
    // The configuration declares a `count` or `for_each` resource once (`aws_vpc.v`); the plan lists its instances.
    resources: changes.map((change) => planResource(change, expressions.get(baseAddress(String(change['address']))))),
    defaultTags: defaultTagsOf(awsProviders(configuration)),
    accountIds: allowedAccountIdsOf(awsProviders(configuration)),
    variables: variablesOf(configuration, plan['variables']),
    blocks: blocksOf(configuration, dataSourcesRead(plan)),
  };
}

/**
 * What the plan read from the root module's data sources, by address: at plan time (`prior_state`), or, when the read
 * waits for apply, what is known of it (`resource_changes` with action read). A key ARN a resource takes from
 * `data.aws_kms_alias` is resolved in the plan; these values let the review tell which alias it came from.
 */
function dataSourcesRead(plan: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const read = new Map<string, Record<string, unknown>>();
  const changes = Array.isArray(plan['resource_changes']) ? plan['resource_changes'] : [];
  for (const change of changes.filter(isObject).filter((item) => item['mode'] === 'data')) {
    const after = isObject(change['change']) ? change['change']['after'] : undefined;
    if (isObject(after)) read.set(String(change['address']), after);
  }
  const prior = isObject(plan['prior_state']) ? plan['prior_state']['values'] : undefined;
  const rootModule = isObject(prior) ? prior['root_module'] : undefined;
  const resources = isObject(rootModule) && Array.isArray(rootModule['resources']) ? rootModule['resources'] : [];
  for (const resource of resources.filter(isObject).filter((item) => item['mode'] === 'data')) {
    if (isObject(resource['values'])) read.set(String(resource['address']), resource['values']);
  }
  return read;
}

/**
 * Providers, outputs, variable defaults, data sources and module calls of the root module, their expressions read as
 * values (constants as written, references as `${…}`). A plan folds locals into the expressions that use them.
 */
function blocksOf(
  configuration: Record<string, unknown>,
  read: Map<string, Record<string, unknown>>,
): ConfigurationBlock[] {
  const rootModule = isObject(configuration['root_module']) ? configuration['root_module'] : {};
  const entries = (value: unknown) => Object.entries(isObject(value) ? value : {}).filter(([, item]) => isObject(item));
  const valuesOf = (expressions: unknown) => {
    const values = expressionsToValues(expressions);
    return isObject(values) ? values : {};
  };
  const providers = entries(configuration['provider_config']).map(([key, provider]) => ({
    kind: 'provider' as const,
    address: `provider.${key}`,
    type: String((provider as Record<string, unknown>)['name'] ?? key),
    values: valuesOf((provider as Record<string, unknown>)['expressions']),
  }));
  const outputs = entries(rootModule['outputs']).map(([name, output]) => ({
    kind: 'output' as const,
    address: `output.${name}`,
    type: 'output',
    values: { value: expressionsToValues((output as Record<string, unknown>)['expression']) },
  }));
  const variables = entries(rootModule['variables']).map(([name, variable]) => ({
    kind: 'variable' as const,
    address: `variable.${name}`,
    type: 'variable',
    values: variable as Record<string, unknown>,
  }));
  const data = (Array.isArray(rootModule['resources']) ? rootModule['resources'] : [])
    .filter((resource): resource is Record<string, unknown> => isObject(resource) && resource['mode'] === 'data')
    .map((resource) => ({
      kind: 'data' as const,
      address: String(resource['address']),
      type: String(resource['type']),
      values: { ...read.get(String(resource['address'])), ...valuesOf(resource['expressions']) },
    }));
  const modules = entries(rootModule['module_calls']).map(([name, call]) => ({
    kind: 'module' as const,
    address: `module.${name}`,
    type: 'module',
    values: {
      source: (call as Record<string, unknown>)['source'],
      ...valuesOf((call as Record<string, unknown>)['expressions']),
    },
  }));
  return [...providers, ...outputs, ...variables, ...data, ...modules];
}

function planResource(change: Record<string, unknown>, expressions: unknown): Resource {
  const details = isObject(change['change']) ? change['change'] : {};
  const action = actionOf(details['actions']);
  const before = isObject(details['before']) ? details['before'] : undefined;
  const after = isObject(details['after']) ? details['after'] : undefined;
  const known = action === 'delete' ? (before ?? {}) : (after ?? {});
  const raw = expressionsToValues(expressions);
  const values = action === 'delete' ? known : withUnknownsFilled(known, details['after_unknown'], raw);
  const name = String(change['name']);
  return {
    address: String(change['address']),
    type: String(change['type']),
    name,
    constructPath: constructPathFromName(name),
    action,
    values: isObject(values) ? values : {},
    configured: isObject(raw) ? raw : undefined,
    before,
    sensitivePaths: sensitivePaths(details['before_sensitive'], details['after_sensitive']),
    replacedBecause: replacePaths(details['replace_paths']),
    suppressions: [],
    invalidSuppressions: [],
  };
}

/** `{"password": true, "environment": [{"variables": true}]}` -> `["password", "environment.0.variables"]`. */
function sensitivePaths(...markers: unknown[]): string[] | undefined {
  const paths = new Set(
    markers.flatMap((marker) =>
      [...flatten(marker).entries()].filter(([, marked]) => marked === true).map(([path]) => path),
    ),
  );
  return paths.size ? [...paths] : undefined;
}

/** `[["engine"], ["auth", 0, "secret_arn"]]` -> `["engine", "auth.0.secret_arn"]`. */
function replacePaths(paths: unknown): string[] | undefined {
  if (!Array.isArray(paths) || paths.length === 0) return undefined;
  return paths.map((path) => (Array.isArray(path) ? path.join('.') : String(path)));
}

function actionOf(actions: unknown): Action {
  const list = Array.isArray(actions) ? actions.map(String) : [];
  if (list.includes('create') && list.includes('delete')) return 'replace';
  const [only] = list;
  return only === 'create' || only === 'update' || only === 'delete' || only === 'read' ? only : 'no-op';
}

/**
 * Where the plan only knows "unknown", show the configuration's expression instead (it names what it refers to).
 * Unknowns the code does not set (ids, ARNs, AWS-chosen defaults) stay unset: a rule must not mistake an AWS default
 * for a setting.
 */
function withUnknownsFilled(known: unknown, unknown: unknown, raw: unknown): unknown {
  if (unknown === true) return raw;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(known) ? known : [];
    const rawList = Array.isArray(raw) ? raw : [];
    const length = Math.max(list.length, unknown.length);
    return Array.from({ length }, (_, index) => withUnknownsFilled(list[index], unknown[index], rawList[index]));
  }
  if (isObject(unknown) && (isObject(known) || known === undefined || known === null)) {
    const merged: Record<string, unknown> = { ...(isObject(known) ? known : {}) };
    const rawObject = isObject(raw) ? raw : {};
    for (const [key, unknownPart] of Object.entries(unknown)) {
      merged[key] = withUnknownsFilled(merged[key], unknownPart, rawObject[key]);
    }
    return merged;
  }
  return known;
}

const EXPRESSION_KEYS = new Set(['constant_value', 'references']);

/** Configuration expressions -> plain values; a reference without a literal becomes `${reference}`. */
function expressionsToValues(expressions: unknown): unknown {
  if (Array.isArray(expressions)) return expressions.map(expressionsToValues);
  if (!isObject(expressions)) return undefined;
  const keys = Object.keys(expressions);
  if (keys.length > 0 && keys.every((key) => EXPRESSION_KEYS.has(key))) {
    if ('constant_value' in expressions) return expressions['constant_value'];
    const [first] = Array.isArray(expressions['references']) ? expressions['references'] : [];
    return first === undefined ? undefined : `\${${String(first)}}`;
  }
  return Object.fromEntries(keys.map((key) => [key, expressionsToValues(expressions[key])]));
}

function configurationExpressions(configuration: Record<string, unknown>): Map<string, unknown> {
  const rootModule = isObject(configuration['root_module']) ? configuration['root_module'] : {};
  const resources = Array.isArray(rootModule['resources']) ? rootModule['resources'] : [];
  return new Map(
    resources.filter(isObject).map((resource) => [String(resource['address']), resource['expressions']] as const),
  );
}

/**
 * The configuration declares every root variable but does not say which are ephemeral; the plan's `variables` holds
 * the value of every variable except the ephemeral ones, which is exactly what matters here.
 */
function variablesOf(configuration: Record<string, unknown>, values: unknown): ReviewModel['variables'] {
  const rootModule = isObject(configuration['root_module']) ? configuration['root_module'] : {};
  const declared = isObject(rootModule['variables']) ? Object.keys(rootModule['variables']) : [];
  const kept = isObject(values) ? values : {};
  return Object.fromEntries(declared.map((name) => [name, { ephemeral: !(name in kept) }]));
}

/**
 * A plan names the provider of each resource in `provider_name`: its source address since Terraform 0.13
 * (`registry.terraform.io/hashicorp/aws`), the provider configuration's name before (`aws`, `aws.west`: Terraform
 * 0.12's JSON format 0.1, whose `provider_config` entries have a `name` and no `full_name`). A plan that names no
 * provider at all has no resources to review: an empty stack, not another provider's.
 */
function assertAws(changes: Record<string, unknown>[], configuration: Record<string, unknown>, source: string): void {
  const providers = new Set(
    changes.map((change) => change['provider_name']).filter((name): name is string => typeof name === 'string'),
  );
  const configured = isObject(configuration['provider_config']) ? Object.values(configuration['provider_config']) : [];
  for (const provider of configured.filter(isObject)) {
    const name = provider['full_name'] ?? provider['name'];
    if (typeof name === 'string') providers.add(name);
  }
  if (changes.length === 0 && providers.size === 0) return;
  if ([...providers].some(isAwsProvider)) return;
  const found = [...providers].join(', ') || 'no provider';
  throw new InputError(`${source} is a plan for ${found}, not AWS; this review only knows AWS resources.`);
}

/**
 * `registry.terraform.io/hashicorp/aws`; `registry.terraform.io/-/aws`, the legacy address a state written before 0.13
 * keeps until `terraform state replace-provider` (https://developer.hashicorp.com/terraform/cli/commands/state/replace-provider);
 * 0.12's `aws` (https://developer.hashicorp.com/terraform/cli/commands/0.13upgrade: source addresses came with 0.13).
 */
function isAwsProvider(name: string): boolean {
  return name.endsWith('hashicorp/aws') || name.endsWith('/-/aws') || /^aws(?:\.[\w-]+)?$/.test(name);
}

/** The AWS provider blocks (every alias), their expressions read as values. */
function awsProviders(configuration: Record<string, unknown>): unknown[] {
  const providers = isObject(configuration['provider_config']) ? Object.values(configuration['provider_config']) : [];
  return providers
    .filter((provider): provider is Record<string, unknown> => isObject(provider) && provider['name'] === 'aws')
    .map((provider) => {
      const values = expressionsToValues(provider['expressions']);
      // The alias sits beside the expressions in a plan; keep it so aliased providers read as such.
      return provider['alias'] === undefined
        ? values
        : { ...(isObject(values) ? values : {}), alias: provider['alias'] };
    });
}
