import { credentialFormatIn } from '../../model/credentials';
import { label } from '../../model/lookup';
import { isArnReference, isSecretName, referencesSecret } from '../../model/secret-names';
import { defineResourceRule } from '../rule';
import { FUNCTION, variablesOf } from './functions';

export const lambdaNoSecretsInEnvironment = defineResourceRule({
  id: 'lambda-no-secrets-in-environment',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_45'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_45',
      difference:
        'checkov refuses only values that match its AWS-key and private-key patterns, so it accepts ' +
        '`DB_PASSWORD = "…"`, a URL with a password, and a reference to a random_password, secret_string or ' +
        "password; we refuse them, since each puts a credential in the function's configuration and the state.",
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_45',
      difference:
        'checkov refuses any 40-character base64-like value under any name (its AWS-secret-key pattern); we refuse a ' +
        'secret access key only next to its key word or under a secret name, so an innocent 40-character value ' +
        '(a digest, an opaque id) passes.',
    },
  ],
  title: 'Lambda environment variables hold no secrets',
  description:
    "Environment variables are configuration, not a secret store: whoever may read the function's configuration " +
    '(GetFunctionConfiguration, the console) reads them in clear text, and a value the stack gives is in the plan and ' +
    "the state as well. AWS's guidance is to keep secrets in Secrets Manager and give the function the secret's ARN. " +
    'A variable named like a secret (a password, token or key word, inside the name too: `DB_PASSWORD_V2`) may only ' +
    'carry an ARN; any variable that references a secret value (`random_password.*.result`, a `secret_string`, a ' +
    '`.password`) or holds a credential in a known format (a URL or DSN with a password, an AWS access key, a token) ' +
    'fails. Findings name the variables, never their values.',
  remediation:
    "Keep the value in Secrets Manager, pass the function the secret's ARN and read the secret at run time, with " +
    "GetSecretValue granted to the function's role.",
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html',
    'https://developer.hashicorp.com/terraform/language/state/sensitive-data',
  ],
  appliesTo: FUNCTION,
  problem: (fn) => {
    // A secret-named variable may only carry the secret's ARN; a reference (`${random_password.x.result}`) is
    // resolved into the environment, and so into the state and the console, like a literal. Any variable may
    // carry a credential in a known format (`DATABASE_URL=mysql://admin:…@host`, an access key).
    const leaked = Object.entries(variablesOf(fn.values)).filter(
      ([name, value]) =>
        credentialFormatIn(String(value)) !== undefined ||
        referencesSecret(value) ||
        (isSecretName(name) && !isArnReference(value)),
    );
    // Names only: the values are exactly what must not be printed.
    return leaked.length
      ? `${label(fn)} holds secrets in environment variables ${leaked.map(([name]) => name).join(', ')}`
      : undefined;
  },
});
