import type { Rule } from '../rule';
import { lambdaEnvironmentCmk } from './lambda-environment-cmk';
import { lambdaImageByDigest } from './lambda-image-by-digest';
import { lambdaInVpc } from './lambda-in-vpc';
import { lambdaNoEventLogging } from './lambda-no-event-logging';
import { lambdaNoSecretsInEnvironment } from './lambda-no-secrets-in-environment';
import { lambdaPermissionSourceArn } from './lambda-permission-source-arn';
import { lambdaReservedConcurrency } from './lambda-reserved-concurrency';
import { lambdaRuntimeSupported } from './lambda-runtime-supported';
import { lambdaXrayTracing } from './lambda-xray-tracing';

export { RUNTIME_DEPRECATIONS, runtimeProblem } from './runtimes';

/** Lambda functions (network placement, concurrency, tracing, environment, logging, runtime, image) and who may invoke them. */
export const lambdaRules: Rule[] = [
  lambdaInVpc,
  lambdaReservedConcurrency,
  lambdaXrayTracing,
  lambdaEnvironmentCmk,
  lambdaNoSecretsInEnvironment,
  lambdaNoEventLogging,
  lambdaRuntimeSupported,
  lambdaImageByDigest,
  lambdaPermissionSourceArn,
];
