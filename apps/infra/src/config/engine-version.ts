import { ConfigError } from './config-error';

/**
 * The RDS for MySQL major versions the stacks deploy, and whether each is past RDS standard support. Past it, RDS
 * keeps the instance running on paid Extended Support (per vCPU-hour) unless the instance opts out, and an opted-out
 * instance is upgraded to the next major version at a time RDS chooses
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html). MySQL 8.0's standard support ended
 * on 2026-07-31 (https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html).
 */
export const MYSQL_MAJOR_VERSIONS = {
  // Runs only with the explicit opt-in `database.extendedSupport: true` (engineLifecycleSupport below).
  '8.0': { pastStandardSupport: true, proxyClientPasswordAuthType: undefined },
  // The default of dev and prod. MySQL 8.4 creates accounts with caching_sha2_password and ships
  // mysql_native_password disabled (https://dev.mysql.com/doc/refman/8.4/en/native-pluggable-authentication.html,
  // https://dev.mysql.com/doc/refman/8.4/en/caching-sha2-pluggable-authentication.html), so clients authenticate to
  // the proxy with it too: RDS Proxy takes MYSQL_CACHING_SHA2_PASSWORD as a ClientPasswordAuthType
  // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_UserAuthConfig.html).
  '8.4': { pastStandardSupport: false, proxyClientPasswordAuthType: 'MYSQL_CACHING_SHA2_PASSWORD' },
} as const;

export type MysqlMajorVersion = keyof typeof MYSQL_MAJOR_VERSIONS;

const FIELD = 'database.engineVersion';

/** `8.0` for "8.0" or "8.0.40"; a ConfigError names the field for anything else. */
export function mysqlMajorVersion(engineVersion: string): MysqlMajorVersion {
  const match = /^(\d+\.\d+)(\.\d+)?$/.exec(typeof engineVersion === 'string' ? engineVersion : '');
  const major = match?.[1];
  if (!major || !Object.hasOwn(MYSQL_MAJOR_VERSIONS, major)) {
    const known = Object.keys(MYSQL_MAJOR_VERSIONS).join(' or ');
    throw new ConfigError(FIELD, `must be a MySQL ${known} version such as "8.4" or "8.4.5", got "${engineVersion}".`);
  }
  return major as MysqlMajorVersion;
}

/** The DB parameter group family of a MySQL version: `mysql8.4`. */
export function parameterGroupFamily(engineVersion: string): string {
  return `mysql${mysqlMajorVersion(engineVersion)}`;
}

/**
 * RDS's `engine_lifecycle_support`. An instance past standard support may run only when the config says so
 * (`database.extendedSupport: true`), so that the paid Extended Support is a reviewed choice, never a silent one; an
 * instance that has not opted in opts out, and a version past standard support without the opt-in is an error.
 */
export function engineLifecycleSupport(engineVersion: string, extendedSupport: boolean): string {
  const major = mysqlMajorVersion(engineVersion);
  if (MYSQL_MAJOR_VERSIONS[major].pastStandardSupport && !extendedSupport) {
    throw new ConfigError(
      'database.extendedSupport',
      `must be true to run MySQL ${major}, which is past RDS standard support (paid Extended Support); move ` +
        `${FIELD} to a version in standard support, or set it to true to accept the charge.`,
    );
  }
  return extendedSupport ? 'open-source-rds-extended-support' : 'open-source-rds-extended-support-disabled';
}

/**
 * The proxy's `client_password_auth_type` for an engine version: MYSQL_CACHING_SHA2_PASSWORD on 8.4 (the plugin
 * MySQL 8.4 defaults to), nothing on 8.0, which leaves the attribute to RDS's default (the provider marks it optional
 * and computed: unset plans no change). The API reference documents MYSQL_CACHING_SHA2_PASSWORD as the RDS for MySQL
 * default (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_UserAuthConfig.html); 8.4 sets it anyway,
 * so a proxy created when the default was MYSQL_NATIVE_PASSWORD moves with its database.
 */
export function proxyClientPasswordAuthType(engineVersion: string): string | undefined {
  return MYSQL_MAJOR_VERSIONS[mysqlMajorVersion(engineVersion)].proxyClientPasswordAuthType;
}
