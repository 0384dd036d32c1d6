import { dev } from './dev';
import type { EnvironmentConfig } from './environment-config';
import { prod } from './prod';
import { validateTimeBudget, worstCaseDbPath } from './time-budget';

const withLambda = (base: EnvironmentConfig, lambda: Partial<EnvironmentConfig['lambda']>, authMode = base.authMode) =>
  ({ ...base, authMode, lambda: { ...base.lambda, ...lambda } }) as EnvironmentConfig;

describe('worstCaseDbPath', () => {
  it('counts three secret fetches and three connects in secret mode, then the INSERT and the SELECT', () => {
    expect(worstCaseDbPath('secret', { dbConnectTimeoutMs: 2000, dbQueryTimeoutMs: 3000 })).toEqual({
      secretFetches: 3,
      connects: 3,
      statements: 2,
      totalMs: 3 * 2000 + 3 * 2000 + 2 * 3000 + 1000,
    });
  });

  it('counts no fetch and two connects in iam mode (the token is signed locally; there is no pending version)', () => {
    expect(worstCaseDbPath('iam', { dbConnectTimeoutMs: 2000, dbQueryTimeoutMs: 3000 })).toEqual({
      secretFetches: 0,
      connects: 2,
      statements: 2,
      totalMs: 2 * 2000 + 2 * 3000 + 1000,
    });
  });
});

describe('validateTimeBudget', () => {
  it('accepts the shipped dev (secret) and prod (iam) timeouts, and prod in secret mode too', () => {
    expect(() => validateTimeBudget(dev)).not.toThrow();
    expect(() => validateTimeBudget(prod)).not.toThrow();
    expect(() => validateTimeBudget(withLambda(prod, {}, 'secret'))).not.toThrow();
  });

  it('GIVEN a Lambda timeout shorter than the secret-mode path THEN it names lambda.timeoutSeconds and the sum', () => {
    expect(() => validateTimeBudget(withLambda(dev, { timeoutSeconds: 10 }))).toThrow(
      'lambda.timeoutSeconds: (10) is shorter than the worst database path of a cold POST in secret mode: ' +
        '3 secret fetches x 2000 ms + 3 connects x lambda.dbConnectTimeoutMs (2000) + ' +
        '2 statements x lambda.dbQueryTimeoutMs (3000) + 1000 ms margin = 19000 ms; raise it to 19 or lower those ' +
        'timeouts, or the function times out instead of answering 503.',
    );
  });

  it('GIVEN a connect timeout raised to 5 s THEN the three connects no longer fit the 20 s timeout', () => {
    expect(() => validateTimeBudget(withLambda(dev, { dbConnectTimeoutMs: 5000 }))).toThrow(
      /^lambda\.timeoutSeconds: \(20\) .* = 28000 ms; raise it to 28 /,
    );
  });

  it('GIVEN iam mode THEN 11 s fits and 10 s does not', () => {
    expect(() => validateTimeBudget(withLambda(prod, { timeoutSeconds: 11 }))).not.toThrow();
    expect(() => validateTimeBudget(withLambda(prod, { timeoutSeconds: 10 }))).toThrow(
      /^lambda\.timeoutSeconds: \(10\) is shorter than the worst database path of a cold POST in iam mode: 2 connects/,
    );
  });

  it.each<[string, Partial<EnvironmentConfig['lambda']>, RegExp]>([
    [
      'a connect timeout below 100 ms',
      { dbConnectTimeoutMs: 50 },
      /^lambda\.dbConnectTimeoutMs: must be a whole number from 100 to 60000, got 50/,
    ],
    [
      'a fractional query timeout',
      { dbQueryTimeoutMs: 1500.5 },
      /^lambda\.dbQueryTimeoutMs: must be a whole number from 100 to 900000/,
    ],
  ])('GIVEN %s THEN it names the field', (_case, lambda, message) => {
    expect(() => validateTimeBudget(withLambda(dev, lambda))).toThrow(message);
  });
});
