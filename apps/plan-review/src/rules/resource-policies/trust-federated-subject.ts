import { GITHUB_SUBJECT, keysTested, names, perAllowStatement } from './statements';

export const trustFederatedSubject = perAllowStatement({
  id: 'trust-federated-subject',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title:
    'Role trusts of an identity provider (GitHub OIDC, SAML) test its audience and subject, so not every ' +
    'identity of that provider may assume the role',
  trustsOnly: true,
  description:
    'A role that trusts an OIDC or SAML provider lets every identity that provider vouches for assume it unless ' +
    'the trust tests the subject: for GitHub Actions, every workflow of every repository on GitHub can get a token ' +
    'from `token.actions.githubusercontent.com`. AWS and GitHub document a condition on ' +
    '`token.actions.githubusercontent.com:sub` (with `:aud` = `sts.amazonaws.com`) as what limits the role to chosen ' +
    'repositories; `repo:*` passes a wildcard test but admits every repository, so the owner must be named. For SAML ' +
    "the provider's `SAML:aud` is the subject key.",
  remediation:
    'Add a condition on `token.actions.githubusercontent.com:sub` naming the owner and repository ' +
    '(`repo:acme/rds-platform:ref:refs/heads/main`), beside the `:aud` condition.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
    'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
  ],
  problem: (statement) => {
    const federated = statement.principals.filter((principal) => principal.type === 'Federated');
    if (!federated.length) return undefined;
    // The provider's own keys: `token.actions.githubusercontent.com:sub`, `SAML:aud`, `cognito-identity...:aud`.
    const subjectKeys = keysTested(statement).filter((key) => /:sub$|^SAML:aud$/i.test(key));
    if (!subjectKeys.length) {
      return `lets every identity of ${names(federated)} assume it (no condition on the provider's :sub)`;
    }
    // `repo:*` passes the wildcard test but admits every repository on GitHub: the owner must be named.
    const github = Object.values(statement.conditions)
      .flatMap((tested) => [tested[GITHUB_SUBJECT] ?? []].flat().map(String))
      .filter((subject) => !/^repo:[^*?/]+\//.test(subject));
    return github.length
      ? `lets GitHub subjects ${github.join(', ')} assume it (name the owner and repository)`
      : undefined;
  },
});
