import { hasConcreteCondition } from '../../model/resource-policies';
import { names, perAllowStatement, SERVICES_WITHOUT_SOURCE_KEYS, SOURCE_KEYS } from './statements';

export const trustServiceConfusedDeputy = perAllowStatement({
  id: 'trust-service-confused-deputy',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title:
    'Role trusts of AWS services (other than Lambda and EC2) test aws:SourceAccount or aws:SourceArn ' +
    '(confused deputy)',
  trustsOnly: true,
  description:
    'A role that trusts a service principal (`rds.amazonaws.com`, `vpc-flow-logs.amazonaws.com`) lets that service ' +
    'assume it for whoever asks the service, in any account: a resource of another customer that names the role could ' +
    'make the service act with its permissions (the cross-service confused deputy). AWS documents aws:SourceAccount ' +
    'and aws:SourceArn (or aws:SourceOrgID, aws:SourceOrgPaths) in the trust as the guard; the condition must test a ' +
    "concrete value, not `...IfExists`. Lambda, Lambda@Edge and EC2 assume roles for the account's own functions and " +
    'instances and send no source keys, so they are exempt.',
  remediation:
    "Add a StringEquals condition on aws:SourceAccount (the stack's account) and, where the service sends it, an " +
    'ArnLike condition on aws:SourceArn naming the resource that uses the role.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  ],
  problem: (statement) => {
    const services = statement.principals.filter(
      (principal) => principal.type === 'Service' && !SERVICES_WITHOUT_SOURCE_KEYS.includes(principal.value),
    );
    return services.length && !hasConcreteCondition(statement, SOURCE_KEYS)
      ? `lets ${names(services)} assume it with no aws:SourceAccount or aws:SourceArn condition`
      : undefined;
  },
});
