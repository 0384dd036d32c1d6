import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { logGroupRetention } from './log-group-retention';

const flowLogs = (synth: SynthJson) => synthResource(synth, 'aws_cloudwatch_log_group', 'network/flow-log-group');

export default defineCases({
  rule: logGroupRetention,
  failing: [
    { variant: 'retention_in_days removed', change: (s) => delete flowLogs(s).retention_in_days },
    { variant: 'retention_in_days = 0 (never expire)', change: (s) => (flowLogs(s).retention_in_days = 0) },
  ],
  passing: [
    // Any period CloudWatch Logs accepts: the rule sets no minimum (an audit's year, or a day for noisy flow logs).
    { variant: 'retention_in_days = 1', change: (s) => (flowLogs(s).retention_in_days = 1) },
    { variant: 'retention_in_days = 3653 (ten years)', change: (s) => (flowLogs(s).retention_in_days = 3653) },
  ],
});
