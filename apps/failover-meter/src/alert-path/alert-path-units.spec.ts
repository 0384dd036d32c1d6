import { cannotRunReason, describeAwsError } from './aws-problems';
import { parseTopicArn } from './alert-path-outputs';
import { maskEndpoint } from './mask';

describe('maskEndpoint', () => {
  it.each([
    ['email', 'oncall@example.com', 'o***@example.com'],
    ['email-json', 'first.last+alerts@corp.example.org', 'f***@corp.example.org'],
    ['email', 'not-an-address', '***'],
    ['https', 'https://hooks.example.com/services/T000/B000/s3cr3t', 'https://hooks.example.com/…'],
    ['https', 'https://relay.example.com/?token=s3cr3t', 'https://relay.example.com/…'],
    ['http', 'http://user:pa55@relay.example.com:8080/', 'http://relay.example.com:8080/…'],
    ['https', 'https://relay.example.com', 'https://relay.example.com'],
    ['https', 'not a url', '***'],
    ['sms', '+1 555 123 4567', '***67'],
    ['sqs', 'arn:aws:sqs:eu-west-1:123456789012:team-queue', 'arn:aws:sqs:eu-west-1:123456789012:team-queue'],
    [
      'lambda',
      'arn:aws:lambda:eu-west-1:123456789012:function:relay',
      'arn:aws:lambda:eu-west-1:123456789012:function:relay',
    ],
    ['unknown-protocol', 'something secret', '***'],
    ['email', undefined, '(none)'],
  ])('%s %s -> %s', (protocol, endpoint, masked) => {
    expect(maskEndpoint(protocol, endpoint)).toBe(masked);
  });
});

describe('cannotRunReason', () => {
  const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

  it('tells how to set the region when the SDK has none', () => {
    expect(cannotRunReason(new Error('Region is missing'), 'sns:Publish', '')).toBe(
      'no AWS region: set AWS_REGION (e.g. AWS_REGION=ap-northeast-2)',
    );
  });

  it.each([
    ['CredentialsProviderError', /^no AWS credentials found: set AWS_PROFILE/],
    ['ExpiredTokenException', /^the AWS credentials have expired \(ExpiredTokenException\)/],
    ['InvalidClientTokenId', /^AWS rejected the credentials \(InvalidClientTokenId\): check AWS_PROFILE/],
    ['UnrecognizedClientException', /^AWS rejected the credentials/],
    ['AccessDeniedException', /^access denied to sns:Publish \(AccessDeniedException\): x$/],
    ['KMSAccessDenied', /^access denied to sns:Publish \(KMSAccessDenied\)/],
    ['TimeoutError', /^cannot reach AWS in eu-west-1 for sns:Publish \(TimeoutError\)/],
  ])('%s', (name, reason) => {
    expect(cannotRunReason(named(name), 'sns:Publish', 'eu-west-1')).toMatch(reason);
  });

  it('leaves ordinary failures of the alert path alone', () => {
    expect(cannotRunReason(named('NotFoundException'), 'sns:Publish', 'eu-west-1')).toBeUndefined();
    expect(cannotRunReason(named('KMSDisabledException'), 'sns:Publish', 'eu-west-1')).toBeUndefined();
  });

  it('keeps messages to one line', () => {
    expect(describeAwsError(named('Boom', 'first line\n  at stack'))).toBe('Boom: first line');
  });
});

describe('parseTopicArn', () => {
  it('takes the region, account and name from the ARN', () => {
    expect(parseTopicArn('arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts')).toEqual({
      arn: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts',
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      accountId: '123456789012',
      name: 'alerts',
    });
  });

  it.each(['arn:aws:sqs:eu-west-1:123456789012:alerts', 'arn:aws:sns:eu-west-1:1234:alerts', 'alerts'])(
    'rejects %s',
    (arn) => expect(parseTopicArn(arn)).toBeUndefined(),
  );
});
