import {
  ENTRY_POINT_LEAK_CASES,
  ENTRY_POINT_PASSING_SETUP,
  ENTRY_POINT_RULE_CASES,
  ENTRY_POINT_SAFE_CASES,
} from './entry-point-cases';
import {
  IDENTITY_POLICY_LEAK_CASES,
  IDENTITY_POLICY_RULE_CASES,
  IDENTITY_POLICY_SAFE_CASES,
} from './identity-policy-cases';
import {
  RESOURCE_POLICY_LEAK_CASES,
  RESOURCE_POLICY_RULE_CASES,
  RESOURCE_POLICY_SAFE_CASES,
} from './resource-policy-cases';
import type { RuleCase } from './rule-cases';

/**
 * Cases for the policy rules, one file per kind: resource-based policies, identity policies, entry points. They are
 * spread into RULE_CASES, LEAK_CASES and SAFE_CASES like every other rule's.
 */
export const POLICY_RULE_CASES: RuleCase[] = [
  ...RESOURCE_POLICY_RULE_CASES,
  ...IDENTITY_POLICY_RULE_CASES,
  ...ENTRY_POINT_RULE_CASES,
];

export const POLICY_PASSING_SETUP = ENTRY_POINT_PASSING_SETUP;

export const POLICY_LEAK_CASES: RuleCase[] = [
  ...RESOURCE_POLICY_LEAK_CASES,
  ...IDENTITY_POLICY_LEAK_CASES,
  ...ENTRY_POINT_LEAK_CASES,
];

export const POLICY_SAFE_CASES: RuleCase[] = [
  ...RESOURCE_POLICY_SAFE_CASES,
  ...IDENTITY_POLICY_SAFE_CASES,
  ...ENTRY_POINT_SAFE_CASES,
];
