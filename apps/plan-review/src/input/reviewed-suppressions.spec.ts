import { join } from 'node:path';
import { allRules } from '../rules';
import { ruleIds } from '../suppression-policy';
import { WORKSPACE_ROOT } from '../repository/workspace';
import { InputError } from './input-error';
import {
  parseReviewedSuppressions,
  readReviewedSuppressions,
  REVIEWED_SUPPRESSIONS_FILE,
} from './reviewed-suppressions';

const entry = { rule: 'CKV_AWS_353', resource: 'database/instance', reason: 'no PI on db.t4g.micro' };
const parse = (json: unknown) => () => parseReviewedSuppressions(json, 'review-suppressions.json');

describe('the reviewed suppression file', () => {
  it('reads rule, resource, stack, reason and expiry', () => {
    expect(parse({ suppressions: [{ ...entry, stack: 'dev', expires: '2027-03-31' }] })()).toEqual([
      { ...entry, stack: 'dev', expires: '2027-03-31' },
    ]);
  });

  it.each([
    ['no suppressions list', {}, /expected \{ "suppressions": \[ ... \] \}/],
    ['an entry that is not an object', { suppressions: ['CKV_AWS_353'] }, /suppressions\[0\] is not an object/],
    ['an entry without a reason', { suppressions: [{ ...entry, reason: ' ' }] }, /suppressions\[0\] needs "reason"/],
    ['an entry without a resource', { suppressions: [{ rule: 'x', reason: 'y' }] }, /needs "resource"/],
    [
      'an expiry that is not a date',
      { suppressions: [entry, { ...entry, expires: '2027-02-30' }] },
      /suppressions\[1\]: "expires" must be a YYYY-MM-DD date, got "2027-02-30"/,
    ],
    ['a misspelt key', { suppressions: [{ ...entry, expiry: '2027-01-01' }] }, /unknown keys expiry/],
  ])('rejects %s as unusable input, naming the entry', (_, json, message) => {
    expect(parse(json)).toThrow(InputError);
    expect(parse(json)).toThrow(message);
  });

  it('means none when the default file is absent, and is unusable input when a named one is', () => {
    expect(readReviewedSuppressions('/nonexistent/review-suppressions.json', false)).toEqual([]);
    expect(() => readReviewedSuppressions('/nonexistent/review-suppressions.json', true)).toThrow(/does not exist/);
  });

  it('at the repository root, reads and waives no critical rule', () => {
    const reviewed = readReviewedSuppressions(join(WORKSPACE_ROOT, REVIEWED_SUPPRESSIONS_FILE), true);
    const critical = allRules.filter((rule) => rule.severity === 'critical').flatMap(ruleIds);
    expect(reviewed.length).toBeGreaterThan(0);
    expect(reviewed.filter((suppression) => critical.includes(suppression.rule))).toEqual([]);
  });
});
