import { blockAsResource, blocksOf } from '../model/blocks';
import { credentialsIn, literalSourcesOf, type CredentialLeak } from '../model/credentials';
import { label, liveResources } from '../model/lookup';
import type { ConfigurationBlock, Resource, ReviewModel } from '../model/types';
import { finding, type Rule } from './rule';

/**
 * Every string of every resource, not only Lambda environments: a plan and its state hold all of them in clear text
 * (tags, user data, stage variables, SSM String parameters, JSON documents). From a plan, both the planned values and
 * the `configuration` section are read, since a literal in a write-only attribute (`password_wo`) is null in the
 * planned values but written verbatim in the configuration. The values before the change are not read: they are in
 * the state already, and a change that removes a credential must be able to pass.
 */
export const credentialsRule: Rule = {
  id: 'no-credentials-in-configuration',
  severity: 'critical',
  peers: { checkov: ['CKV_SECRET_2', 'CKV_SECRET_4', 'CKV_SECRET_13', 'CKV_SECRET_14'], trivy: [] },
  title:
    'No resource attribute holds a credential: passwords in URLs, AWS keys, private keys, tokens, ' +
    'literals in secret-named or write-only attributes',
  appliesTo: ['(every resource)', 'provider', 'terraform.backend', 'output', 'variable', 'locals', 'data', 'module'],
  check: (model) => [
    ...allLiveResources(model).map((resource) => {
      const leaks = leaksOf(resource, model);
      // Paths and kinds only: the values are exactly what must not be printed.
      return finding(
        credentialsRule.id,
        resource,
        leaks.length
          ? `${label(resource)} holds credentials: ${leaks.map(({ path, kind }) => `${path} (${kind})`).join(', ')}`
          : undefined,
      );
    }),
    ...backendBlocks(model).map((block) => {
      const leaks = blockLeaks(block, model);
      return finding(
        credentialsRule.id,
        blockAsResource(block),
        leaks.length
          ? `${block.address} holds credentials: ${leaks.map(({ path, kind }) => `${path} (${kind})`).join(', ')}`
          : undefined,
      );
    }),
  ],
};

/** The blocks read besides resources, the backend's settings (an S3 backend takes access_key / secret_key) first. */
function backendBlocks(model: ReviewModel): ConfigurationBlock[] {
  const { backend } = model;
  const settings: ConfigurationBlock[] = backend
    ? [{ kind: 'provider', address: `terraform.backend.${backend.type}`, type: backend.type, values: backend.config }]
    : [];
  return [...settings, ...blocksOf(model, 'provider', 'output', 'variable', 'locals', 'data', 'module')];
}

/**
 * Outside resources: a provider's and the backend's settings are read for credential formats only (our offline plans give it dummy
 * keys that match none); an output's value, a variable's default, the locals, data source and module arguments as
 * written, keyed by the names their authors chose (`variable "db_password" { default = "…" }`).
 */
function blockLeaks(block: ConfigurationBlock, model: ReviewModel): CredentialLeak[] {
  const { variables } = model;
  const { kind, values } = block;
  switch (kind) {
    case 'provider':
      return credentialsIn(values, { written: false });
    case 'output':
    case 'variable': {
      const value = values[kind === 'output' ? 'value' : 'default'];
      const name = block.address.slice(kind.length + 1);
      return value === undefined || value === null
        ? []
        : credentialsIn({ [name]: value }, { written: true, variables, keyedByAuthor: true });
    }
    default:
      return credentialsIn(values, { written: true, variables, keyedByAuthor: kind !== 'data' });
  }
}

function allLiveResources(model: ReviewModel): Resource[] {
  return liveResources(model, ...new Set(model.resources.map((resource) => resource.type)));
}

function leaksOf(resource: Resource, model: ReviewModel): CredentialLeak[] {
  // A synth is the configuration as written; a plan's values are partly computed, its `configured` is as written.
  const { variables } = model;
  const literalSources = literalSourcesOf(model.blocks);
  const leaks = [
    ...credentialsIn(resource.values, { written: model.kind === 'synth', variables, literalSources }),
    ...(resource.configured ? credentialsIn(resource.configured, { written: true, variables, literalSources }) : []),
  ];
  const seen = new Set<string>();
  return leaks.filter((leak) => !seen.has(leak.path) && seen.add(leak.path));
}
