import { customerManagedKeyProblem, isCustomerManagedKey } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { FUNCTION, hasEnvironmentVariables } from './functions';

export const lambdaEnvironmentCmk = defineResourceRule({
  id: 'lambda-environment-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_173'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_173',
      difference:
        'checkov accepts any non-empty kms_key_arn, the ARN of alias/aws/lambda or a data source that may resolve to ' +
        "it included; we refuse the AWS managed key, whose policy is AWS's and not the stack's.",
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_173',
      difference:
        'checkov refuses a kms_key_arn on a function without environment variables and a function whose ' +
        '`environment` block holds no variables; we pass both, since the key encrypts the variables and nothing else.',
    },
  ],
  title: 'Lambda environment variables are encrypted with a CMK',
  description:
    "Lambda encrypts a function's environment variables at rest with the AWS managed key `aws/lambda` unless " +
    "`kms_key_arn` names a customer managed key. The AWS managed key's policy is AWS's: the stack cannot limit who " +
    "may use it to the function's role. With a customer managed key, the key policy the stack writes decides who may " +
    'decrypt the variables (viewing them takes kms:Decrypt on that key), and each use is logged against it. Only ' +
    'functions that have variables need one: `kms_key_arn` protects nothing else. An `alias/aws/lambda` name or ' +
    'ARN, or a data source that may look it up, is the AWS managed key again.',
  remediation:
    "Set `kms_key_arn` to the ARN of an `aws_kms_key` of the stack whose policy lets the function's role decrypt.",
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#kms_key_arn',
  ],
  appliesTo: FUNCTION,
  problem: (fn, model) =>
    !hasEnvironmentVariables(fn.values) || isCustomerManagedKey(fn.values['kms_key_arn'], model)
      ? undefined
      : `${label(fn)} has environment variables but no CMK (${customerManagedKeyProblem(fn.values['kms_key_arn'], 'kms_key_arn', model)})`,
});
