const FUNCTION_SUFFIX = '-secret-rotation';

/**
 * The sentence an error ends with when it leaves the database on a password AWSCURRENT does not hold: what pages.
 * A failed step makes Secrets Manager record a RotationFailed event
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieve-ct-entries.html), which the stack's
 * EventBridge rule `<namePrefix>-rotation-failed` sends to the alerts topic (apps/infra monitoring.ts); the function's
 * error also raises `<namePrefix>-rotation-errors`. The prefix is read from POWERTOOLS_SERVICE_NAME, which the stack
 * sets to the function's name, `<namePrefix>-secret-rotation` (apps/infra credentials.ts).
 */
export function whatPages(env: NodeJS.ProcessEnv = process.env): string {
  const service = env['POWERTOOLS_SERVICE_NAME'] ?? '';
  const prefix = service.endsWith(FUNCTION_SUFFIX) ? service.slice(0, -FUNCTION_SUFFIX.length) : '<namePrefix>';
  return (
    `This failure is a RotationFailed event: the EventBridge rule ${prefix}-rotation-failed pages the alerts topic ` +
    `(with the alarm ${prefix}-rotation-errors)`
  );
}
