import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Edits of the fixture synth (testing/fixtures.ts) the Lambda rules' cases share. */

/** The stack's own account in the fixture, and one that is in neither the stack nor review-config.json. */
export const OUR_ACCOUNT = '123456789012';
export const FOREIGN_ACCOUNT = '999988887777';

/** AWS's documentation example access key id (IAM User Guide), never a real one. */
export const EXAMPLE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

export const apiFunction = (synth: SynthJson) => synthResource(synth, 'aws_lambda_function', 'api-function/function');
export const rotationFunction = (synth: SynthJson) =>
  synthResource(synth, 'aws_lambda_function', 'credentials/function');
export const apiVariables = (synth: SynthJson) => apiFunction(synth).environment.variables;

/** The permission that lets the HTTP API invoke the API function. */
export const invokePermission = (synth: SynthJson) => synthResource(synth, 'aws_lambda_permission', 'http-api/invoke');

/** A permission for an S3 bucket (or another service, by `principal`) to invoke the API function. */
export const addBucketPermission = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_permission', 'bucket-invoke', {
    action: 'lambda:InvokeFunction',
    function_name: '${aws_lambda_function.api-function_6EE8A0DE.function_name}',
    source_arn: 'arn:aws:s3:::rds-platform-dev-uploads',
    ...values,
  });

/** The ARN of an alias in the fixture's account and region (`aws/lambda` is the AWS managed key's). */
export const accountAliasArn = (alias: string) => `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:alias/${alias}`;
