import { review } from '../../review';
import { fixtureSynth, synthModel, synthResources, type SynthJson } from '../../testing/fixtures';
import { allRules } from '../index';

const RULE = 'lambda-environment-cmk';

const resultOf = (synth: SynthJson) => {
  const rules = allRules.filter((rule) => rule.id === RULE);
  const result = review(synthModel(synth), { rules }).results.find((found) => found.rule.id === RULE);
  if (!result) throw new Error(`no rule ${RULE}`);
  return result;
};

/** Both functions of the fixture, without a CMK, their environment replaced by `environment`. */
const functionsWith = (environment: unknown): SynthJson => {
  const synth = fixtureSynth();
  for (const fn of synthResources(synth, 'aws_lambda_function')) {
    delete fn.kms_key_arn;
    if (environment === undefined) delete fn.environment;
    else fn.environment = environment;
  }
  return synth;
};

/**
 * `kms_key_arn` is the key Lambda encrypts a function's environment variables with, and nothing else
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html; the provider's `kms_key_arn`:
 * "ARN of the AWS Key Management Service key used to encrypt environment variables",
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#kms_key_arn). A function
 * without variables has nothing for a CMK to protect; checkov's CKV_AWS_173 checks only functions that have some.
 */
describe('lambda-environment-cmk', () => {
  it.each([
    ['no environment block', undefined],
    ['an empty environment block', {}],
    ['an empty list of environment blocks (a plan without one)', []],
    ['no variables in the block', { variables: {} }],
    ['a block of a plan with no variables', [{ variables: {} }]],
    ['null variables', [{ variables: null }]],
  ])('passes a function without a CMK that has %s', (_, environment) => {
    const result = resultOf(functionsWith(environment));
    expect(result.status).toBe('pass');
    expect(result.findings).toHaveLength(2);
  });

  it.each([
    ['a variable', { variables: { LOG_LEVEL: 'info' } }],
    ['a variable, as a plan lists the block', [{ variables: { LOG_LEVEL: 'info' } }]],
    ['variables given by an expression the review cannot read', { variables: '${var.environment}' }],
  ])('fails a function without a CMK that has %s', (_, environment) => {
    const result = resultOf(functionsWith(environment));
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toContain('has environment variables but no CMK (kms_key_arn unset)');
  });

  it('fails a function whose environment comes from a dynamic block (its variables are known only at apply)', () => {
    const synth = functionsWith(undefined);
    synthResources(synth, 'aws_lambda_function')[0].dynamic = {
      environment: { for_each: '${var.environments}', content: { variables: '${environment.value}' } },
    };
    expect(resultOf(synth).findings.filter((found) => !found.passed)).toHaveLength(1);
  });
});

describe('lambda-runtime-supported', () => {
  const RUNTIME_RULE = 'lambda-runtime-supported';
  const on = (today: string) =>
    review(synthModel(fixtureSynth()), { rules: allRules.filter((rule) => rule.id === RUNTIME_RULE), today })
      .results[0];

  it("compares with the review's day: nodejs22.x passes until its deprecation date and fails from it", () => {
    expect(on('2027-04-29').status).toBe('pass');
    const deprecated = on('2027-04-30');
    expect(deprecated.status).toBe('fail');
    expect(deprecated.findings[0].message).toMatch(/uses nodejs22\.x, deprecated since 2027-04-30$/);
  });
});
