import { credentialsIn, type CredentialLeak } from '../model/credentials';
import { label, liveResources } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
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
  checkovId: 'CKV_SECRET_2, CKV_SECRET_4, CKV_SECRET_13, CKV_SECRET_14',
  critical: true,
  title:
    'No resource attribute holds a credential: passwords in URLs, AWS keys, private keys, tokens, ' +
    'literals in secret-named or write-only attributes',
  appliesTo: ['(every resource)'],
  check: (model) =>
    allLiveResources(model).map((resource) => {
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
};

function allLiveResources(model: ReviewModel): Resource[] {
  return liveResources(model, ...new Set(model.resources.map((resource) => resource.type)));
}

function leaksOf(resource: Resource, model: ReviewModel): CredentialLeak[] {
  // A synth is the configuration as written; a plan's values are partly computed, its `configured` is as written.
  const { variables } = model;
  const leaks = [
    ...credentialsIn(resource.values, { written: model.kind === 'synth', variables }),
    ...(resource.configured ? credentialsIn(resource.configured, { written: true, variables }) : []),
  ];
  const seen = new Set<string>();
  return leaks.filter((leak) => !seen.has(leak.path) && seen.add(leak.path));
}
