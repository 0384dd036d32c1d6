import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Edits of the fixture synth (testing/fixtures.ts) the Lambda rules' cases share. */

export { EXAMPLE_ACCESS_KEY_ID } from '../credentials/example-credentials';
export { accountAliasArn, FOREIGN_ACCOUNT, invokePermission, OUR_ACCOUNT } from '../../testing/policy-documents';

export const apiFunction = (synth: SynthJson) => synthResource(synth, 'aws_lambda_function', 'api-function/function');
export const rotationFunction = (synth: SynthJson) =>
  synthResource(synth, 'aws_lambda_function', 'credentials/function');
export const apiVariables = (synth: SynthJson) => apiFunction(synth).environment.variables;

/** A permission for an S3 bucket (or another service, by `principal`) to invoke the API function. */
export const addBucketPermission = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_permission', 'bucket-invoke', {
    action: 'lambda:InvokeFunction',
    function_name: '${aws_lambda_function.api-function_6EE8A0DE.function_name}',
    source_arn: 'arn:aws:s3:::rds-platform-dev-uploads',
    ...values,
  });
