import { accessRules } from './access';
import { apiStageRules } from './api';
import { kmsKeyRules } from './kms';
import { logGroupRules } from './logs';
import { architectureRules } from './architecture';
import { closedWorldRule } from './closed-world';
import { dataProtectionRules } from './data-protection';
import { entryPointRules } from './entry-points';
import { credentialsRule } from './credentials';
import { guardRules } from './guards';
import { iamPrivilegeRules, iamRules } from './iam';
import { lambdaRules } from './lambda';
import { monitoringRules } from './monitoring';
import { networkPathRules, networkRules, securityGroupCidrRules } from './network';
import { queueRules } from './queues';
import { rdsRules } from './rds';
import { resourceCatalogRule } from './resource-catalog';
import { rdsProxyRules } from './rds-proxy';
import { resourcePolicyRules } from './resource-policies';
import type { Rule } from './rule';
import { secretsRules } from './secrets';
import { sharingRules } from './sharing';
import { stateRules } from './state';

export type { Finding, Rule } from './rule';

const typeRules: readonly Rule[] = [
  ...rdsRules,
  ...rdsProxyRules,
  ...secretsRules,
  credentialsRule,
  ...lambdaRules,
  ...apiStageRules,
  ...logGroupRules,
  ...kmsKeyRules,
  ...queueRules,
  ...monitoringRules,
  ...networkRules,
  ...networkPathRules,
  ...securityGroupCidrRules,
  ...architectureRules,
  ...iamRules,
  ...iamPrivilegeRules,
  ...entryPointRules,
  ...resourcePolicyRules,
  ...stateRules,
  ...dataProtectionRules,
  ...sharingRules,
  closedWorldRule,
  ...guardRules,
  ...accessRules,
];

/** Every rule, in the order the review lists them; the catalog of types last, built from the others. */
export const allRules: readonly Rule[] = [...typeRules, resourceCatalogRule(typeRules)];
