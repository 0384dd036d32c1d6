import { accessRule, POLICY_EVALUATION_DOCS } from './access-rule';

export const accessReachDeclared = accessRule({
  id: 'access-reach-declared',
  title:
    'Each protected asset (secrets, database, function code, alert path) is reached only by its declared roles, escalation paths included',
  severity: 'critical',
  description:
    'A role that cannot read a secret may still reach it: by changing the code or configuration of a function whose ' +
    'role can, by passing a role to a service it controls (`iam:PassRole`), or by editing a policy. The access ' +
    'matrix follows these escalation paths from every role of the synth to each protected asset (the secrets and ' +
    'their values, the database, the code of the functions, the alert path) and fails every role that reaches one it ' +
    'is not declared for, with the path.',
  remediation:
    'Remove the permission that opens the named path (the code update, the role pass, the policy write), or declare ' +
    'the reach in the access matrix when it is intended, for review.',
  docs: [...POLICY_EVALUATION_DOCS, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  problems: (access) => access.undeclaredReach,
  what: 'undeclared reach',
});
