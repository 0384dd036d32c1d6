import { defineCases } from '../../testing/cases';
import { AUDIENCE, githubTrust } from './fixture-edits';
import { trustFederatedSubject } from './trust-federated-subject';

export default defineCases({
  rule: trustFederatedSubject,
  failing: [
    {
      variant: 'a GitHub OIDC trust testing only the audience',
      change: (s) => githubTrust(s, { StringEquals: AUDIENCE }),
    },
    { variant: 'a GitHub OIDC trust without any condition', change: (s) => githubTrust(s) },
    {
      variant: 'a GitHub OIDC trust for repo:* (every repository on GitHub)',
      change: (s) =>
        githubTrust(s, {
          StringEquals: AUDIENCE,
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },
        }),
    },
  ],
  passing: [
    {
      variant: 'a GitHub OIDC trust for one repository and its pull requests',
      change: (s) =>
        githubTrust(s, {
          StringEquals: AUDIENCE,
          StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/rds-platform:pull_request'] },
        }),
    },
  ],
});
