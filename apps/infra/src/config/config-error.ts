/** A configuration mistake; the message is one sentence that starts with the field's path. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function requireThat(condition: boolean, field: string, problem: string): void {
  if (!condition) throw new ConfigError(field, problem);
}

export function requireInteger(value: number, field: string, min: number, max: number): void {
  requireThat(
    Number.isInteger(value) && value >= min && value <= max,
    field,
    `must be a whole number from ${min} to ${max}, got ${value}.`,
  );
}

export function requirePattern(value: string, field: string, pattern: RegExp, expected: string): void {
  requireThat(typeof value === 'string' && pattern.test(value), field, `must be ${expected}, got "${value}".`);
}
