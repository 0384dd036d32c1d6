import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { referencesClosedWorld } from './references-closed-world';

const OTHER_ACCOUNT = '999999999999';
const apiFunction = (synth: SynthJson) => synthResource(synth, 'aws_lambda_function', 'api-function/function');

export default defineCases({
  rule: referencesClosedWorld,
  // One entry of the repository's allow-list (apps/plan-review/review-config.json): the cases see what it allows.
  config: {
    accounts: {},
    references: { 'arn:aws:logs:*:*:log-group:RDSOSMetrics': "Enhanced Monitoring's log group, which RDS creates" },
  },
  failing: [
    {
      // A Lambda layer from another account: code from outside the stack.
      variant: 'a Lambda layer of another account',
      change: (s) => (apiFunction(s).layers = [`arn:aws:lambda:ap-northeast-2:${OTHER_ACCOUNT}:layer:helpers:3`]),
    },
  ],
  passing: [
    {
      // Added: a layer the stack itself publishes, named by reference.
      variant: 'a Lambda layer of the stack, by reference',
      change: (s) => {
        addSynthResource(s, 'aws_lambda_layer_version', 'helpers', { layer_name: 'rdsp-dev-helpers' });
        apiFunction(s).layers = ['${aws_lambda_layer_version.helpers.arn}'];
      },
    },
    {
      // Added: what review-config.json allows, Enhanced Monitoring's log group of RDS.
      variant: 'an ARN on the reviewed allow-list (RDSOSMetrics)',
      change: (s) =>
        (apiFunction(s).environment.variables.METRICS_LOG_GROUP =
          'arn:aws:logs:ap-northeast-2:123456789012:log-group:RDSOSMetrics'),
    },
  ],
});
