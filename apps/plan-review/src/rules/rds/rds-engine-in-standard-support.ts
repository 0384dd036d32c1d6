import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { STORAGE } from './db-resources';
import { EXTENDED_SUPPORT_OPT_IN, engineSupportProblem } from './standard-support';

export const rdsEngineInStandardSupport = defineResourceRule({
  id: 'rds-engine-in-standard-support',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title:
    'RDS engine versions are in standard support, or past it with the explicit opt-in to Extended Support ' +
    `(engine_lifecycle_support = ${EXTENDED_SUPPORT_OPT_IN})`,
  description:
    'Every RDS engine major version has an end of standard support date. Past it, RDS keeps an instance that sets no ' +
    '`engine_lifecycle_support` running on RDS Extended Support, charged per vCPU-hour, automatically; an instance ' +
    'that opts out (`open-source-rds-extended-support-disabled`) cannot be created, and an existing one is upgraded ' +
    'to the next major version by RDS, at a time RDS chooses. The rule reads the major version of `engine_version` ' +
    '(unset, RDS picks a current default) against a dated table of each engine major version (standard-support.ts, ' +
    "with each date's AWS source) on the review's day, and passes a version past standard support only with the " +
    'explicit opt-in, the reviewed choice to pay. An engine or major version the table does not know fails until ' +
    'its date is added.',
  remediation:
    'Upgrade `engine_version` to a major version in standard support, or set ' +
    '`engine_lifecycle_support = "open-source-rds-extended-support"` to accept the Extended Support charge as a ' +
    'reviewed choice.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  ],
  appliesTo: STORAGE,
  problem: (db, _model, { today }) => {
    const problem = engineSupportProblem(db.values, today);
    return problem && `${label(db)} ${problem}`;
  },
});
