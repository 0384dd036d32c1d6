/**
 * What a heartbeat run id may be, for every writer of the `heartbeats` table (the API, the failover meter): 1 to 64
 * ASCII letters, digits and `. _ : -`. The column compares bytes (migration 002), so a run id is exactly the string
 * given: no case folding, no accent folding, no trailing-space padding. Keeping it to this set also keeps it
 * readable in a URL, a log line and a shell, without any encoding question.
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const MAX_RUN_ID_LENGTH = 64;
/** The rule as a sentence, for error messages. */
export const RUN_ID_RULE = `1 to ${MAX_RUN_ID_LENGTH} of the characters A-Z a-z 0-9 . _ : -`;

export function isValidRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}
