import { defineCases } from '../../testing/cases';
import { FIXTURE_BOUNDS_CONFIG, synthResource, synthResources, type SynthJson } from '../../testing/fixtures';
import { logGroupRetention } from './log-group-retention';

const flowLogs = (synth: SynthJson) => synthResource(synth, 'aws_cloudwatch_log_group', 'network/flow-log-group');

export default defineCases({
  rule: logGroupRetention,
  // The fixture is dev: at least 14 days (FIXTURE_BOUNDS_CONFIG, as review-config.json).
  config: FIXTURE_BOUNDS_CONFIG,
  failing: [
    { variant: 'retention_in_days removed', change: (s) => delete flowLogs(s).retention_in_days },
    { variant: 'retention_in_days = 0 (never expire)', change: (s) => (flowLogs(s).retention_in_days = 0) },
    { variant: 'retention_in_days = 1 in dev', change: (s) => (flowLogs(s).retention_in_days = 1) },
    {
      variant: 'retention_in_days = 30 in prod (90 at least)',
      environment: 'prod',
      change: (s) => (flowLogs(s).retention_in_days = 30),
    },
    {
      variant: 'every log group kept 14 days in an environment named production (the prod bound applies)',
      environment: 'production',
      change: (s) => synthResources(s, 'aws_cloudwatch_log_group').forEach((group) => (group.retention_in_days = 14)),
    },
  ],
  passing: [
    { variant: 'retention_in_days = 14 in dev (the minimum)', change: (s) => (flowLogs(s).retention_in_days = 14) },
    { variant: 'retention_in_days = 3653 (ten years)', change: (s) => (flowLogs(s).retention_in_days = 3653) },
    {
      variant: 'every log group kept 90 days in prod',
      environment: 'prod',
      change: (s) => synthResources(s, 'aws_cloudwatch_log_group').forEach((group) => (group.retention_in_days = 90)),
    },
  ],
});
