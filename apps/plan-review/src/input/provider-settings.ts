import { asList, isObject } from '../model/values';

/**
 * What the AWS provider blocks say about the whole stack, read the same way from a synth (`provider.aws`, a list of
 * blocks, one per alias) and from a plan (`configuration.provider_config`, with constant values). Each argument is
 * the list of the stack's AWS provider blocks as plain values.
 */
export function defaultTagsOf(providers: readonly unknown[]): Record<string, unknown> {
  const [first] = providers;
  const defaultTags = isObject(first) ? first['default_tags'] : undefined;
  const tags = Array.isArray(defaultTags) ? defaultTags[0] : defaultTags;
  return isObject(tags) && isObject(tags['tags']) ? tags['tags'] : {};
}

/**
 * The accounts the stack may deploy to: the `allowed_account_ids` of its AWS providers (the provider refuses any
 * other, so these are the stack's own), or, in an offline synth, whose provider cannot check them, the same list
 * kept in the provider's `//` comment. Empty when no provider names one.
 */
export function allowedAccountIdsOf(providers: readonly unknown[]): string[] {
  const accounts = providers.flatMap((provider) => {
    if (!isObject(provider)) return [];
    const comment = isObject(provider['//']) ? provider['//'] : {};
    return [...asList(provider['allowed_account_ids']), ...asList(comment['allowed_account_ids'])];
  });
  return [...new Set(accounts.filter((account): account is string => typeof account === 'string'))];
}
