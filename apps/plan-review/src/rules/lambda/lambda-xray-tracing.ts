import { label } from '../../model/lookup';
import { valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';
import { FUNCTION } from './functions';

export const lambdaXrayTracing = defineResourceRule({
  id: 'lambda-xray-tracing',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_50'], trivy: [] },
  title: 'Lambda functions have X-Ray tracing',
  description:
    'Traces show each call a request made (to the proxy, Secrets Manager, KMS) and how long it took: the record a team ' +
    'reads to find a slow, failing or unexpected dependency. Lambda supports two tracing modes: with `Active` it ' +
    'samples and records invocations itself; with `PassThrough` it traces only requests an upstream service (API ' +
    'Gateway) already sampled. The rule asks for the mode to be written in `tracing_config`: without one the stack ' +
    "leaves tracing to Lambda's default and says nothing of it.",
  remediation:
    'Set `tracing_config { mode = "Active" }` (or `PassThrough` behind a traced caller) and let the execution role ' +
    'write trace segments to X-Ray.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html',
    'https://docs.aws.amazon.com/lambda/latest/api/API_TracingConfig.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#tracing_config',
  ],
  appliesTo: FUNCTION,
  problem: (fn) => {
    const mode = valueAt(fn.values, 'tracing_config.mode');
    return mode === 'Active' || mode === 'PassThrough' ? undefined : `${label(fn)} has no tracing_config`;
  },
});
