/**
 * The values dev.ts, prod.ts and state.ts ship with so that synth, the offline plans and every test run on a fresh
 * clone, and that must never reach AWS: the deploy refuses a stack that still carries one (cli/deploy.ts).
 */

/** An account id nobody owns. */
export const PLACEHOLDER_ACCOUNT_ID = '111111111111';

/**
 * An alert address that can never receive mail: `.invalid` is reserved and never resolves (RFC 2606). Replace it with
 * your on-call address (each subscription must be confirmed from the e-mail SNS sends).
 */
export const PLACEHOLDER_ALERT_EMAIL = 'replace-me-with-your-on-call-address@example.invalid';

/**
 * Account ids that are nobody's to deploy to: ours, and the one AWS's documentation uses in every example
 * (deploy/dev.example.json uses it too, so a verbatim copy of the example is refused).
 */
export const DOCUMENTATION_ACCOUNT_IDS = [PLACEHOLDER_ACCOUNT_ID, '123456789012'];

/**
 * Domains reserved for documentation and tests, which never receive mail: `.test`, `.example`, `.invalid`,
 * `.localhost` and example.com/.net/.org with their subdomains (RFC 2606 and RFC 6761).
 */
const RESERVED_TOP_LEVEL = ['test', 'example', 'invalid', 'localhost'];
const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];

export function isReservedAddress(address: string): boolean {
  const domain = address.trim().toLowerCase().split('@').pop() ?? '';
  const labels = domain.split('.');
  return (
    RESERVED_TOP_LEVEL.includes(labels[labels.length - 1]) ||
    RESERVED_DOMAINS.some((reserved) => domain === reserved || domain.endsWith(`.${reserved}`))
  );
}

/** What of a stack's settings is still a placeholder, as "<field> <value>" phrases (empty when none). */
export function placeholdersIn(settings: {
  readonly accountId: string;
  readonly monitoring?: { readonly alertEmails: readonly string[] };
}): string[] {
  const found: string[] = [];
  if (DOCUMENTATION_ACCOUNT_IDS.includes(settings.accountId)) found.push(`accountId ${settings.accountId}`);
  for (const address of settings.monitoring?.alertEmails ?? []) {
    if (isReservedAddress(address)) found.push(`monitoring.alertEmails ${address}`);
  }
  return found;
}
