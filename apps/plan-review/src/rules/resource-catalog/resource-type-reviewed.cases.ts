import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { allRules } from '../index';
import type { Rule } from '../rule';

// The rule is built from the others (rules/index.ts): its cases run the registry's own instance.
const resourceTypeReviewed = allRules.find((rule) => rule.id === 'resource-type-reviewed') as Rule;

export default defineCases({
  rule: resourceTypeReviewed,
  failing: [
    {
      // A resource type no rule was written for: a RAM share (the stack's resources offered to other accounts).
      variant: 'a RAM resource share',
      change: (s) =>
        addSynthResource(s, 'aws_ram_resource_share', 'offer', { name: 'subnets', allow_external_principals: true }),
    },
  ],
  passing: [
    {
      // Added: a new resource of a known type passes here and faces that type's rules.
      variant: 'a second KMS alias (a catalogued type)',
      change: (s) =>
        addSynthResource(s, 'aws_kms_alias', 'reporting', {
          name: 'alias/rdsp-dev-reporting',
          target_key_id: '${aws_kms_key.kms_secrets_C95EF308.key_id}',
        }),
    },
  ],
});
