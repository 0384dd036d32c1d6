import type { Backend, ConfigurationBlock, Resource, ReviewModel } from '../model/types';
import { asList, isObject } from '../model/values';
import { constructPathFromName, constructPathWithoutStack } from './construct-path';
import { InputError } from './input-error';
import { allowedAccountIdsOf, defaultTagsOf } from './provider-settings';
import { readSuppressions } from './suppressions';

/** What a CDKTF synth (`cdk.tf.json`) says, including what a plan leaves out: construct paths, suppressions, backend. */
export interface SynthDocument {
  readonly stackName: string | undefined;
  readonly defaultTags: Record<string, unknown>;
  readonly accountIds: readonly string[];
  readonly backend: Backend | undefined;
  readonly resources: readonly Resource[];
  readonly variables: ReviewModel['variables'];
  readonly blocks: readonly ConfigurationBlock[];
}

export function isSynthDocument(json: unknown): boolean {
  return isObject(json) && (isObject(json['resource']) || isObject(json['terraform'])) && !('resource_changes' in json);
}

export function readSynthDocument(json: unknown, source: string): SynthDocument {
  if (!isSynthDocument(json)) {
    throw new InputError(`${source} is not a CDKTF synth: it has neither \`resource\` nor \`terraform\` at the top.`);
  }
  const document = json as Record<string, unknown>;
  const metadata = isObject(document['//']) && isObject(document['//']['metadata']) ? document['//']['metadata'] : {};
  const stackName = typeof metadata['stackName'] === 'string' ? metadata['stackName'] : undefined;
  const resourcesByType = resourcesOf(document, source);
  assertAws(document, Object.keys(resourcesByType), source);

  const resources: Resource[] = [];
  for (const [type, byName] of Object.entries(resourcesByType)) {
    for (const [name, values] of Object.entries(byName)) {
      resources.push(synthResource(type, name, values as Record<string, unknown>, stackName));
    }
  }
  return {
    stackName,
    defaultTags: defaultTagsOf(awsProviders(document)),
    accountIds: allowedAccountIdsOf(awsProviders(document)),
    backend: backendOf(document),
    resources,
    variables: variablesOf(document['variable']),
    blocks: blocksOf(document),
  };
}

/**
 * `resource` as Terraform reads it: type -> name -> attributes. Anything else (`"aws_db_instance": "x"`) is not a
 * configuration Terraform would apply, and skipping it would review fewer resources than the change declares.
 */
function resourcesOf(document: Record<string, unknown>, source: string): Record<string, Record<string, unknown>> {
  const resourcesByType = document['resource'] ?? {};
  if (!isObject(resourcesByType)) throw new InputError(`${source}: \`resource\` is not an object of resource types.`);
  for (const [type, byName] of Object.entries(resourcesByType)) {
    if (!isObject(byName) || !Object.values(byName).every(isObject)) {
      throw new InputError(`${source}: \`resource.${type}\` is not an object of resources (name -> attributes).`);
    }
  }
  return resourcesByType as Record<string, Record<string, unknown>>;
}

/** Everything but resources, terraform settings and comments: providers, outputs, variables, locals, data, modules. */
function blocksOf(document: Record<string, unknown>): ConfigurationBlock[] {
  const named = (kind: ConfigurationBlock['kind'], key: string): ConfigurationBlock[] =>
    Object.entries(isObject(document[key]) ? document[key] : {}).flatMap(([name, values]) =>
      asList(values)
        .filter(isObject)
        .map((block) => ({
          kind,
          // `provider.aws`, and `provider.aws.replica` for an aliased one (plans key them as `aws.replica`).
          address: typeof block['alias'] === 'string' ? `${kind}.${name}.${block['alias']}` : `${kind}.${name}`,
          type: kind === 'provider' ? name : kind,
          values: block,
        })),
    );
  const data = Object.entries(isObject(document['data']) ? document['data'] : {}).flatMap(([type, byName]) =>
    Object.entries(isObject(byName) ? byName : {})
      .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
      .map(([name, values]) => ({ kind: 'data' as const, address: `data.${type}.${name}`, type, values })),
  );
  const locals = isObject(document['locals'])
    ? [{ kind: 'locals' as const, address: 'locals', type: 'locals', values: document['locals'] }]
    : [];
  return [
    ...named('provider', 'provider'),
    ...named('output', 'output'),
    ...named('variable', 'variable'),
    ...locals,
    ...data,
    ...named('module', 'module'),
  ];
}

function synthResource(type: string, name: string, values: Record<string, unknown>, stackName?: string): Resource {
  const comment = values['//'];
  const path = isObject(comment) && isObject(comment['metadata']) ? comment['metadata']['path'] : undefined;
  const suppressions = readSuppressions(comment);
  return {
    address: `${type}.${name}`,
    type,
    name,
    constructPath: typeof path === 'string' ? constructPathWithoutStack(path, stackName) : constructPathFromName(name),
    action: 'planned',
    values,
    suppressions: suppressions.valid,
    invalidSuppressions: suppressions.invalid,
  };
}

/** `variable` blocks: name -> whether it is declared ephemeral. */
function variablesOf(declarations: unknown): ReviewModel['variables'] {
  if (!isObject(declarations)) return {};
  return Object.fromEntries(
    Object.entries(declarations).map(([name, declaration]) => [
      name,
      { ephemeral: isObject(declaration) && declaration['ephemeral'] === true },
    ]),
  );
}

function assertAws(document: Record<string, unknown>, resourceTypes: string[], source: string): void {
  const providers = isObject(document['provider']) ? Object.keys(document['provider']) : [];
  if (providers.includes('aws') || resourceTypes.some((type) => type.startsWith('aws_'))) return;
  const found = [...providers, ...resourceTypes].join(', ') || 'nothing';
  throw new InputError(`${source} is not an AWS stack (it declares ${found}); this review only knows AWS resources.`);
}

function backendOf(document: Record<string, unknown>): Backend | undefined {
  const terraform = isObject(document['terraform']) ? document['terraform'] : {};
  // A `cloud` block (HCP Terraform) is a backend too: the state goes wherever it names.
  // (https://developer.hashicorp.com/terraform/cli/cloud/settings).
  if (isObject(terraform['cloud'])) return { type: 'cloud', config: terraform['cloud'] };
  const backend = isObject(terraform['backend']) ? terraform['backend'] : undefined;
  const [type] = backend ? Object.keys(backend) : [];
  if (!backend || !type) return undefined;
  return { type, config: isObject(backend[type]) ? backend[type] : {} };
}

function awsProviders(document: Record<string, unknown>): unknown[] {
  const providers = isObject(document['provider']) ? document['provider'] : {};
  return asList(providers['aws']);
}
