import type { Rule } from './rule';

/** Backends that keep state on the machine running Terraform: used by the offline plan, never for a deployment. */
const LOCAL_BACKENDS = ['local'];

export const stateRules: Rule[] = [
  {
    id: 'state-backend-encrypted-and-locked',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'The S3 state backend is encrypted and locks (use_lockfile or a DynamoDB table)',
    appliesTo: ['terraform.backend'],
    check: (model) => {
      const backend = model.backend;
      if (!backend || LOCAL_BACKENDS.includes(backend.type)) return [];
      const address = `terraform.backend.${backend.type}`;
      const { encrypt, kms_key_id: kmsKeyId, use_lockfile: useLockfile, dynamodb_table: lockTable } = backend.config;
      const problems = [
        backend.type !== 's3' ? `is ${backend.type}, not s3` : undefined,
        encrypt === true || typeof kmsKeyId === 'string' ? undefined : 'does not set encrypt=true',
        useLockfile === true || typeof lockTable === 'string' ? undefined : 'does not lock (use_lockfile=true)',
      ].filter(Boolean);
      const message = problems.length
        ? `the ${backend.type} backend ${problems.join(', ')}`
        : `the ${backend.type} backend: ok`;
      return [{ ruleId: 'state-backend-encrypted-and-locked', address, passed: problems.length === 0, message }];
    },
  },
];
