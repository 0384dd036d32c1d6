import { blocksOf } from '../../model/blocks';
import { defineRule } from '../rule';

export const noModuleCalls = defineRule({
  id: 'no-module-calls',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'The synth calls no modules (the review cannot see the resources inside one)',
  description:
    'A `module` block tells Terraform to create the resources of a child module, local or from a registry, which ' +
    "the synth (`cdk.tf.json`) names only by its `source`: the review reads the synth and the plan's configuration, " +
    'so every resource inside a module would pass every rule unseen. The stack declares its resources itself; a ' +
    "module call, in the synth or in a plan's configuration, fails.",
  remediation: 'Declare the resources in the stack (CDKTF constructs) instead of calling a Terraform module.',
  docs: ['https://developer.hashicorp.com/terraform/language/block/module'],
  appliesTo: ['module'],
  check: (model) => {
    const modules = blocksOf(model, 'module');
    if (modules.length === 0) {
      return [{ ruleId: 'no-module-calls', address: 'module', passed: true, message: 'no module calls: ok' }];
    }
    return modules.map((module) => ({
      ruleId: 'no-module-calls',
      address: module.address,
      passed: false,
      message: `${module.address} (source ${String(module.values['source'] ?? 'unset')}) creates resources the review cannot see: declare them in the stack`,
    }));
  },
});
