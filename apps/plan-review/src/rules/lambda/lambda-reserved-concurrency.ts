import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { FUNCTION } from './functions';

export const lambdaReservedConcurrency = defineResourceRule({
  id: 'lambda-reserved-concurrency',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_115'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_115',
      difference:
        'checkov accepts any value but -1, including an expression (`var.concurrency`) it cannot read; we refuse a ' +
        'value we cannot read as a number of 0 or more, since it may be -1, which leaves the function unreserved.',
    },
  ],
  title: 'Lambda functions reserve their concurrency',
  description:
    'Reserved concurrency is both a floor and a ceiling: Lambda keeps that many concurrent executions for the ' +
    'function alone and never runs more of it. The ceiling bounds the connections the API function opens through ' +
    "RDS Proxy to the database, and keeps a flood of requests (or a loop) from taking the account's whole regional " +
    'concurrency from the rotation function and every other. Without `reserved_concurrent_executions` (or with -1, ' +
    'the provider\'s "unreserved") the function scales up to the account\'s unreserved concurrency.',
  remediation:
    'Set `reserved_concurrent_executions` to the concurrency the function and the database behind it are sized for ' +
    '(0 throttles every invocation).',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#reserved_concurrent_executions',
  ],
  appliesTo: FUNCTION,
  problem: (fn) => {
    const reserved = fn.values['reserved_concurrent_executions'];
    return typeof reserved === 'number' && reserved >= 0
      ? undefined
      : `${label(fn)} has reserved_concurrent_executions=${String(reserved ?? 'unset')}`;
  },
});
