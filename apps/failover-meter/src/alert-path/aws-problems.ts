/**
 * Errors that mean the check could not run at all (no credentials, no region, access denied, AWS unreachable), as
 * opposed to an alert path that is broken. The SDK's own messages ("Could not load credentials from any providers")
 * do not say what to do; these one-liners do, and never carry a credential.
 */
export class CannotRunError extends Error {
  override readonly name = 'CannotRunError';
}

// Error names, not classes: the SDK clients each bring their own copy of @smithy/property-provider, so `instanceof
// CredentialsProviderError` depends on which copy threw. Names: https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/handling-exceptions.html
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const REJECTED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
]);
// SNS says AuthorizationError, SQS and CloudWatch AccessDenied(Exception); KMSAccessDenied is the caller's own
// permission on the topic's key (SNS encrypts with it on the publisher's behalf).
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'KMSAccessDenied']);
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH']);

/** Why `error` means the check cannot run, in one line; undefined when it is an ordinary failure of `action`. */
export function cannotRunReason(error: unknown, action: string, region: string): string | undefined {
  const { name, message, code } = errorFacts(error);
  if (name === 'CredentialsProviderError') {
    return (
      'no AWS credentials found: set AWS_PROFILE (after `aws sso login --profile <name>` for an SSO profile) or ' +
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available'
    );
  }
  if (message === 'Region is missing') return 'no AWS region: set AWS_REGION (e.g. AWS_REGION=ap-northeast-2)';
  if (EXPIRED.has(name)) return `the AWS credentials have expired (${name}): log in again or refresh them`;
  if (REJECTED.has(name)) return `AWS rejected the credentials (${name}): check AWS_PROFILE or the access keys`;
  if (DENIED.has(name)) return `access denied to ${action} (${name}): ${firstLine(message)}`;
  if ((code !== undefined && UNREACHABLE.has(code)) || name === 'TimeoutError') {
    return `cannot reach AWS in ${region} for ${action} (${code ?? name}): check the network and the topic's region`;
  }
  return undefined;
}

/** `NotFound: Topic does not exist`: the error's name and the first line of its message. */
export function describeAwsError(error: unknown): string {
  const { name, message } = errorFacts(error);
  return `${name}: ${firstLine(message)}`;
}

function errorFacts(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as NodeJS.ErrnoException).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** Sends one AWS request; an error that means the check cannot run becomes a CannotRunError that says why. */
export async function call<T>(action: string, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const reason = cannotRunReason(error, action, region);
    throw reason === undefined ? error : new CannotRunError(reason);
  }
}
