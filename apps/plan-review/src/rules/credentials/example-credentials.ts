/**
 * Made-up credentials in each one's published format (AWS's own documentation keys, `Passw0rd`), never a real one:
 * the cases and the spec show the rule finds them, and that no finding repeats them.
 */
export const EXAMPLE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const EXAMPLE_PRIVATE_KEY =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAPassw0rd\n-----END RSA PRIVATE KEY-----';
