/** A configuration mistake; the message is one sentence that starts with the field's path. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    /** The file the value comes from, e.g. `apps/infra/src/config/prod.ts`, when known. */
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function requireThat(condition: boolean, field: string, problem: string): void {
  if (!condition) throw new ConfigError(field, problem);
}

/** A whole number from `min` to `max`; `maxReason` explains a computed upper bound in the message. */
export function requireInteger(value: number, field: string, min: number, max: number, maxReason?: string): void {
  const range = maxReason ? `from ${min} to ${max} (${maxReason})` : `from ${min} to ${max}`;
  requireThat(
    Number.isInteger(value) && value >= min && value <= max,
    field,
    `must be a whole number ${range}, got ${value}.`,
  );
}

/** Lowercase letters, digits and hyphens, as resource names and S3 bucket names allow. */
export const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export function requireRegion(value: string, field: string): void {
  requirePattern(value, field, REGION_PATTERN, 'an AWS region name such as ap-northeast-2');
  // The constructs write ARNs of the `aws` partition (`arn:aws:…`); China (`cn-…`) and GovCloud (`us-gov-…`) Regions
  // are other partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
  requireThat(
    !/^(cn-|us-gov-)/.test(value),
    field,
    `${value} is in another AWS partition than \`aws\`, whose ARNs this project writes: not supported.`,
  );
}

export function requireNamePrefix(value: string, field: string): void {
  requirePattern(value, field, NAME_PREFIX_PATTERN, '3-20 lowercase letters, digits or hyphens');
}

export function requireAccountId(value: string, field: string): void {
  requirePattern(value, field, ACCOUNT_ID_PATTERN, 'a 12-digit AWS account id');
}

export function requirePattern(value: string, field: string, pattern: RegExp, expected: string): void {
  requireThat(typeof value === 'string' && pattern.test(value), field, `must be ${expected}, got "${value}".`);
}
