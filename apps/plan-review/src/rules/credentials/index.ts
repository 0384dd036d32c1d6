import { noCredentialsInConfiguration } from './no-credentials-in-configuration';

/** Credentials written anywhere in the configuration: one rule, over every resource and block. */
export const credentialsRule = noCredentialsInConfiguration;
