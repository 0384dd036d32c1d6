import { apiLogsAndKmsRules } from './api-logs-kms';
import { architectureRules } from './architecture';
import { dataProtectionRules } from './data-protection';
import { entryPointRules } from './entry-points';
import { iamRules } from './iam';
import { iamPrivilegeRules } from './iam-privileges';
import { lambdaRules } from './lambda';
import { monitoringRules } from './monitoring';
import { networkRules } from './network';
import { rdsRules } from './rds';
import { rdsProxyRules } from './rds-proxy';
import { resourcePolicyRules } from './resource-policies';
import type { Rule } from './rule';
import { secretsRules } from './secrets';
import { stateRules } from './state';

export type { Finding, Rule } from './rule';

/** Every rule, in the order the review lists them. */
export const allRules: readonly Rule[] = [
  ...rdsRules,
  ...rdsProxyRules,
  ...secretsRules,
  ...lambdaRules,
  ...apiLogsAndKmsRules,
  ...monitoringRules,
  ...networkRules,
  ...architectureRules,
  ...iamRules,
  ...iamPrivilegeRules,
  ...entryPointRules,
  ...resourcePolicyRules,
  ...stateRules,
  ...dataProtectionRules,
];
