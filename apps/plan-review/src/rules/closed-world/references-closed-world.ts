import type { ConfigurationBlock, Resource } from '../../model/types';
import { currentContext, defineRule, type Finding } from '../rule';
import { changedValues, describeReferences, foreignReferences, type StackWorld, stackWorld } from './references';

export const referencesClosedWorld = defineRule({
  id: 'references-closed-world',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title:
    'Every account, organization, ARN, resource id, endpoint service, host, URL and e-mail address comes from the stack or the reviewed allow-list',
  description:
    'An ARN names its account, and a request from a principal of another account, or to a resource of another ' +
    "account, crosses the boundary a stack's own policies cannot close alone: the other account decides what its side " +
    'allows. Identity (a trusted foreign account or organization), network (a subnet, an endpoint to another ' +
    "account's service), code (a layer or image of another account), logging, alerting and state (a foreign bucket, " +
    'topic or address) and SDK endpoint overrides all leave the stack by writing such a value. So every account id, ' +
    'organization id, ARN, resource id, endpoint service, host, URL and e-mail address the change writes, in ' +
    'resources, providers, the backend, outputs, variables and data sources, must come from the stack (a Terraform ' +
    'reference, an id or name of something the stack creates, its own accounts, AWS itself) or be on the reviewed ' +
    'allow-list (`references` in review-config.json, under CODEOWNERS). Of a resource already deployed, only the ' +
    'attributes the change alters are read.',
  remediation:
    'Refer to what the stack creates by reference; when a value from outside is intended, add it to `references` in ' +
    'review-config.json with the reason, for review by its owners.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html',
  ],
  appliesTo: ['every resource, provider, backend, output, variable and data source'],
  check(model, { config } = currentContext()) {
    const world = stackWorld(model, config);
    const subjects: (Resource | ConfigurationBlock)[] = [
      ...model.resources.filter((resource) => resource.action !== 'delete'),
      ...(model.blocks ?? []),
    ];
    const findings: Finding[] = subjects.map((subject) => {
      const found = foreignReferences(changedValues(subject), world, config);
      return {
        ruleId: 'references-closed-world',
        address: subject.address,
        passed: found.length === 0,
        message:
          found.length === 0
            ? `${subject.address}: ok`
            : `${subject.address} names ${describeReferences(found)}: not of this stack nor on the reviewed allow-list`,
      };
    });
    if (model.backend) {
      // The backend names the state bucket and its key, which the state stack creates, not this one: an ARN of the
      // stack's own account is the stack's there (the state-backend rule checks which bucket and key).
      const backendWorld: StackWorld = {
        ...world,
        ownAccountArns: true,
      };
      const found = foreignReferences(model.backend.config, backendWorld, config);
      findings.push({
        ruleId: 'references-closed-world',
        address: `backend.${model.backend.type}`,
        passed: found.length === 0,
        message:
          found.length === 0
            ? `backend.${model.backend.type}: ok`
            : `the ${model.backend.type} backend names ${describeReferences(found)}: not of this stack nor on the reviewed allow-list`,
      });
    }
    return findings;
  },
});
