import { serviceRequest } from './service-requests';

describe('serviceRequest', () => {
  it('sends exactly the keys AWS documents: EventBridge sends no source keys to KMS for an encrypted topic', () => {
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html: "Adding the aws:SourceAccount and
    // aws:SourceArn to a AWS KMS policy is not supported for EventBridge-to-encrypted topics."
    expect(() =>
      serviceRequest('eventBridgeEncryptsForTopic', 'kms:GenerateDataKey', 'arn:key', {
        'kms:EncryptionContext:aws:sns:topicArn': 'arn:topic',
        'aws:SourceAccount': '123456789012',
      }),
    ).toThrow(/sends exactly kms:EncryptionContext:aws:sns:topicArn/);
  });

  it('needs every key the service sends: RDS events name the DB instance as their source', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html
    expect(() =>
      serviceRequest('rdsEventsPublish', 'sns:Publish', 'arn:topic', { 'aws:SourceAccount': '1' }),
    ).toThrow();
    expect(
      serviceRequest('rdsEventsPublish', 'sns:Publish', 'arn:topic', {
        'aws:SourceAccount': '123456789012',
        'aws:SourceArn': 'arn:aws:rds:eu-west-1:123456789012:db:rdsp-dev-mysql',
      }).principal,
    ).toBe('events.rds.amazonaws.com');
  });
});
