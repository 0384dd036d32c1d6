import type { AccessRequest } from './evaluate';

/**
 * What AWS services send when they act for this stack: one entry per service principal and request, each with the
 * AWS page that documents it. A policy may only rely on a context key its entry lists; where AWS documents no key,
 * the entry sends none, so the stack must work without it (the access matrix proves it does).
 */
export interface ServiceRequestKind {
  readonly principal: string;
  readonly actions: readonly string[];
  /** The AWS page that documents the request context. */
  readonly documentation: string;
  /** The context keys the service sends (the builder fills in values). */
  readonly sends: readonly string[];
}

export const SERVICE_REQUESTS = {
  lambdaAssumesExecutionRole: {
    principal: 'lambda.amazonaws.com',
    actions: ['sts:AssumeRole'],
    documentation: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
    // Lambda documents no source keys for assuming the execution role; iam:PassRole decides who can name it.
    sends: [],
  },
  rdsProxyAssumesRole: {
    principal: 'rds.amazonaws.com',
    actions: ['sts:AssumeRole'],
    documentation:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/cross-service-confused-deputy-prevention.html',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  rdsMonitoringAssumesRole: {
    principal: 'monitoring.rds.amazonaws.com',
    actions: ['sts:AssumeRole'],
    documentation: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  flowLogsAssumeRole: {
    principal: 'vpc-flow-logs.amazonaws.com',
    actions: ['sts:AssumeRole'],
    documentation: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  fisAssumesRole: {
    principal: 'fis.amazonaws.com',
    actions: ['sts:AssumeRole'],
    documentation: 'https://docs.aws.amazon.com/fis/latest/userguide/security_iam_id-based-policy-examples.html',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  apiGatewayInvokes: {
    principal: 'apigateway.amazonaws.com',
    actions: ['lambda:InvokeFunction'],
    // SourceArn: arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>
    documentation:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html',
    sends: ['aws:SourceArn'],
  },
  secretsManagerInvokesRotation: {
    principal: 'secretsmanager.amazonaws.com',
    actions: ['lambda:InvokeFunction'],
    // SourceArn is the secret being rotated.
    documentation:
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html',
    sends: ['aws:SourceArn'],
  },
  cloudWatchPublishesAlarm: {
    principal: 'cloudwatch.amazonaws.com',
    actions: ['sns:Publish'],
    documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  cloudWatchEncryptsForTopic: {
    principal: 'cloudwatch.amazonaws.com',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    // SNS asks KMS for the data key with the topic ARN as encryption context
    // (https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html).
    documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    sends: ['aws:SourceAccount', 'aws:SourceArn', 'kms:EncryptionContext:aws:sns:topicArn'],
  },
  eventBridgePublishes: {
    principal: 'events.amazonaws.com',
    actions: ['sns:Publish'],
    documentation:
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  eventBridgeEncryptsForTopic: {
    principal: 'events.amazonaws.com',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    // "Adding the aws:SourceAccount and aws:SourceArn to a AWS KMS policy is not supported for
    // EventBridge-to-encrypted topics."
    documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    sends: ['kms:EncryptionContext:aws:sns:topicArn'],
  },
  eventBridgeSendsDeadLetter: {
    principal: 'events.amazonaws.com',
    actions: ['sqs:SendMessage'],
    documentation: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html',
    sends: ['aws:SourceArn'],
  },
  rdsEventsPublish: {
    principal: 'events.rds.amazonaws.com',
    actions: ['sns:Publish'],
    // SourceArn is the resource that raised the event (the DB instance), not the event subscription.
    documentation: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  rdsEventsEncryptForTopic: {
    principal: 'events.rds.amazonaws.com',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    // RDS documents no source keys for its KMS requests: only SNS's encryption context is relied on.
    documentation: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html',
    sends: ['kms:EncryptionContext:aws:sns:topicArn'],
  },
  cloudWatchLogsEncrypts: {
    principal: 'logs.<region>.amazonaws.com',
    // The actions of the key policy statement the page documents for CloudWatch Logs.
    actions: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
    documentation: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    sends: ['kms:EncryptionContext:aws:logs:arn'],
  },
  logDeliveryWrites: {
    principal: 'delivery.logs.amazonaws.com',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    documentation:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL',
    sends: ['aws:SourceAccount', 'aws:SourceArn'],
  },
  secretsManagerUsesKeyForCaller: {
    principal: '<the caller>',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    // Secrets Manager calls KMS on the caller's behalf (kms:ViaService) with the secret's ARN and version id as
    // encryption context.
    documentation:
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context',
    sends: [
      'kms:ViaService',
      'kms:CallerAccount',
      'kms:EncryptionContext:SecretARN',
      'kms:EncryptionContext:SecretVersionId',
    ],
  },
} as const satisfies Record<string, ServiceRequestKind>;

export type ServiceRequestName = keyof typeof SERVICE_REQUESTS;

/**
 * A request a service makes, with exactly the context keys its catalog entry lists (`values` must give each one,
 * and may give no other). `principal` overrides the entry's for templated principals (`logs.<region>…`).
 */
export function serviceRequest(
  kind: ServiceRequestName,
  action: string,
  resource: string,
  values: Readonly<Record<string, string>>,
  principal?: string,
): AccessRequest {
  const entry: ServiceRequestKind = SERVICE_REQUESTS[kind];
  if (!entry.actions.includes(action)) throw new Error(`${kind} does not make ${action} requests`);
  const given = Object.keys(values).sort();
  const sent = [...entry.sends].sort();
  if (JSON.stringify(given) !== JSON.stringify(sent)) {
    throw new Error(
      `${kind} sends exactly ${sent.join(', ') || 'no context keys'} (${entry.documentation}); got ${given.join(', ')}`,
    );
  }
  // Global keys AWS sets on every request a service principal makes itself (and over TLS, as every service call is):
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
  const own = principal === undefined || principal.endsWith('.amazonaws.com');
  const global: Record<string, string> = own
    ? { 'aws:PrincipalIsAWSService': 'true', 'aws:SecureTransport': 'true' }
    : { 'aws:ViaAWSService': 'true', 'aws:SecureTransport': 'true' };
  return { principal: principal ?? entry.principal, action, resource, context: { ...global, ...values } };
}
