import { allow, secretPolicy } from '../../testing/policy-documents';
import type { SynthJson } from '../../testing/fixtures';

/** Resource policies and role trusts for this concern's cases: the shared policy helpers, and two of its own. */
export {
  addResource,
  allow,
  AUDIENCE,
  document,
  FOREIGN_ACCOUNT,
  GITHUB,
  githubTrust,
  key,
  OUR_ACCOUNT,
  role,
  secretPolicy,
  trust,
} from '../../testing/policy-documents';

/** A secret policy for everyone, narrowed by one condition. */
export const narrowedBy = (operator: string, conditionKey: string, value: string) =>
  secretPolicy(
    allow({ AWS: '*' }, 'secretsmanager:GetSecretValue', { Condition: { [operator]: { [conditionKey]: value } } }),
  );

/** Appends an aliased AWS provider pinned to `account` (a second region, say). */
export const aliasedProvider = (account: string) => (synth: SynthJson) => {
  synth['provider'].aws.push({ alias: 'other', region: 'us-east-1', allowed_account_ids: [account] });
};
