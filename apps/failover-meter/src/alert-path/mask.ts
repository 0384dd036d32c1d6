/**
 * A subscription endpoint as it may be printed in a CI log: e-mail addresses and phone numbers are personal data, and
 * HTTP(S) endpoints often carry a token in the path or query (chat webhooks). ARNs (sqs, lambda, firehose,
 * application) name resources, not people or secrets, and are printed as they are.
 * Protocols: https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
 */
export function maskEndpoint(protocol: string, endpoint: string | undefined): string {
  if (endpoint === undefined || endpoint === '') return '(none)';
  switch (protocol) {
    case 'email':
    case 'email-json':
      return maskEmail(endpoint);
    case 'http':
    case 'https':
      return maskUrl(endpoint);
    case 'sms':
      return `***${endpoint.replace(/\D/g, '').slice(-2)}`;
    default:
      return endpoint.startsWith('arn:') ? endpoint : '***';
  }
}

/** `oncall@example.com` -> `o***@example.com`: enough to tell two subscribers apart, not to write to one. */
function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** `https://user:pw@hooks.example.com/services/T0/B0/secret?token=x` -> `https://hooks.example.com/…`. */
function maskUrl(raw: string): string {
  if (!URL.canParse(raw)) return '***';
  const url = new URL(raw);
  const rest = url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' ? '/…' : '';
  return `${url.protocol}//${url.host}${rest}`;
}
