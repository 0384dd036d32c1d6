import { asList, isObject, isSet } from '../model/values';

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
 * The accounts the stack may deploy to: the `allowed_account_ids` of its default (un-aliased) AWS provider (the
 * provider refuses any other, so these are the stack's own), or, in an offline synth, whose provider cannot check
 * them, the same list kept in the provider's `//` comment. Empty when the default provider names none.
 *
 * An aliased provider (`alias = "other"`) is left out: a change may add one pinned to any account, and what it pins
 * says nothing about the stack's own account, so naming a foreign account there must not make it trusted.
 *
 * Residual: the `//` comment of an offline synth is code like any other, so a change could edit it. Only the real
 * plan proves the account (the provider refuses credentials of another one); the offline review trusts the comment.
 */
export function allowedAccountIdsOf(providers: readonly unknown[]): string[] {
  const accounts = providers.flatMap((provider) => {
    if (!isObject(provider) || isSet(provider['alias'])) return [];
    const comment = isObject(provider['//']) ? provider['//'] : {};
    return [...asList(provider['allowed_account_ids']), ...asList(comment['allowed_account_ids'])];
  });
  return [...new Set(accounts.filter((account): account is string => typeof account === 'string'))];
}
