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

/** What of a stack's settings is still a placeholder, as "<field> <value>" phrases (empty when none). */
export function placeholdersIn(settings: {
  readonly accountId: string;
  readonly monitoring?: { readonly alertEmails: readonly string[] };
}): string[] {
  const found: string[] = [];
  if (settings.accountId === PLACEHOLDER_ACCOUNT_ID) found.push(`accountId ${PLACEHOLDER_ACCOUNT_ID}`);
  if (settings.monitoring?.alertEmails.includes(PLACEHOLDER_ALERT_EMAIL)) {
    found.push(`monitoring.alertEmails ${PLACEHOLDER_ALERT_EMAIL}`);
  }
  return found;
}
