import { blockAsResource, blocksOf } from '../../model/blocks';
import { credentialsIn, literalSourcesOf, type CredentialLeak } from '../../model/credentials';
import { label, liveResources } from '../../model/lookup';
import type { ConfigurationBlock, Resource, ReviewModel } from '../../model/types';
import { defineRule, finding } from '../rule';

/**
 * Every string of every resource, not only Lambda environments: a plan and its state hold all of them in clear text
 * (tags, user data, stage variables, SSM String parameters, JSON documents). From a plan, both the planned values and
 * the `configuration` section are read, since a literal in a write-only attribute (`password_wo`) is null in the
 * planned values but written verbatim in the configuration. The values before the change are not read: they are in
 * the state already, and a change that removes a credential must be able to pass.
 */
export const noCredentialsInConfiguration = defineRule({
  id: 'no-credentials-in-configuration',
  severity: 'critical',
  peers: { checkov: ['CKV_SECRET_2', 'CKV_SECRET_4', 'CKV_SECRET_13', 'CKV_SECRET_14'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_SECRET_2',
      difference:
        "detect-secrets' AWS detector also refuses key ids that begin with A3T and any quoted 40-character value up " +
        'to 20 characters after `aws` and a key, token or password word; we refuse the AKIA, ASIA, ABIA and ACCA ids ' +
        "of AWS's unique-id table and a 40-character value next to a secret-access-key word or in a `secret_key`, " +
        'since other 40-character values (digests, ids) near `aws` are no key.',
    },
    {
      peer: 'checkov',
      id: 'CKV_SECRET_4',
      difference:
        "detect-secrets' basic-auth detector refuses a password only in a URL with a scheme (`scheme://user:pw@`); " +
        'we also refuse a DSN without a scheme (`admin:…@tcp(db:3306)/app`, as the MySQL drivers take it) and an ' +
        'HTTP Basic header whose value decodes to user:password.',
    },
    {
      peer: 'checkov',
      id: 'CKV_SECRET_13',
      difference:
        "detect-secrets' private-key detector also refuses PuTTY and SSH.com (`BEGIN SSH2 ENCRYPTED PRIVATE KEY`) " +
        'key files; we refuse PEM private keys of every kind (RSA, EC, OpenSSH, PKCS#8, PGP blocks), since nothing ' +
        'in this serverless stack takes an SSH key and AWS takes TLS keys in PEM.',
    },
    {
      peer: 'checkov',
      id: 'CKV_SECRET_14',
      difference:
        "detect-secrets' Slack detector also refuses an incoming-webhook URL (`hooks.slack.com/services/…`); we do " +
        'not, since the stack alerts through SNS and references-closed-world refuses a subscription endpoint nobody ' +
        'reviewed.',
    },
  ],
  title:
    'No resource attribute holds a credential: passwords in URLs, AWS keys, private keys, tokens, ' +
    'literals in secret-named or write-only attributes',
  description:
    'A plan and the state hold every attribute of every resource in clear text, and so does the synth in the ' +
    'repository: a credential written in any of them is readable by everyone who can read those, and outlives its ' +
    "rotation in their history. The rule reads every string of every resource, the providers' and the backend's " +
    'settings, outputs, variable defaults, locals, data source and module arguments, and refuses a credential in a ' +
    'published format (a password in a URL or DSN, AWS access keys, private keys, GitHub and Slack tokens, HTTP ' +
    'Basic and Bearer credentials) and any literal in a secret-named or write-only attribute (`password_wo`, ' +
    '`secret_string_wo`, `DB_PASSWORD`), also through a local or a variable default written as one. From a plan it ' +
    'reads the planned values and the configuration, where a write-only literal is kept. Findings name the path and ' +
    'the kind, never the value.',
  remediation:
    'Remove the value and rotate it; give the resource a reference instead: a secret ARN, an ephemeral value for a ' +
    'write-only attribute, a role instead of access keys, and no credentials in provider or backend blocks.',
  docs: [
    'https://developer.hashicorp.com/terraform/language/state/sensitive-data',
    'https://developer.hashicorp.com/terraform/language/resources/ephemeral/write-only',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    'https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1',
  ],
  appliesTo: ['(every resource)', 'provider', 'terraform.backend', 'output', 'variable', 'locals', 'data', 'module'],
  check: (model) => [
    ...allLiveResources(model).map((resource) => {
      const leaks = leaksOf(resource, model);
      // Paths and kinds only: the values are exactly what must not be printed.
      return finding(
        noCredentialsInConfiguration.id,
        resource,
        leaks.length
          ? `${label(resource)} holds credentials: ${leaks.map(({ path, kind }) => `${path} (${kind})`).join(', ')}`
          : undefined,
      );
    }),
    ...backendBlocks(model).map((block) => {
      const leaks = blockLeaks(block, model);
      return finding(
        noCredentialsInConfiguration.id,
        blockAsResource(block),
        leaks.length
          ? `${block.address} holds credentials: ${leaks.map(({ path, kind }) => `${path} (${kind})`).join(', ')}`
          : undefined,
      );
    }),
  ],
});

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
