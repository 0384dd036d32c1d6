// The memory of the RDS instance classes this project may use and the max_connections our DB parameter group sets
// from it: the DB connections alarm and the connection budget of the proxy are shares of that number.
import { ConfigError } from './config-error';

const GIB = 1024 ** 3;

/** Memory of the RDS instance classes this project may use, in GiB (RDS instance class docs). */
export const T_CLASS_MEMORY_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};
/** m classes have 4 GiB per vCPU, r classes 8; a `large` has 2 vCPUs. */
export const GIB_PER_LARGE: Readonly<Record<string, number>> = { m: 8, r: 16 };
export const SIZE_FACTOR: Readonly<Record<string, number>> = {
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 16,
  '12xlarge': 24,
  '16xlarge': 32,
};

/** The memory of an instance class in bytes, e.g. db.t4g.micro -> 1 GiB, db.r6g.large -> 16 GiB. */
export function instanceClassMemoryBytes(instanceClass: string): number {
  const match = /^db\.([a-z])(\d+)[a-z]*\.([a-z0-9]+)$/.exec(instanceClass);
  const family = match?.[1];
  const size = match?.[3] ?? '';
  const gib =
    family === 't'
      ? T_CLASS_MEMORY_GIB[size]
      : family && GIB_PER_LARGE[family] && SIZE_FACTOR[size]
        ? GIB_PER_LARGE[family] * SIZE_FACTOR[size]
        : undefined;
  if (gib === undefined) {
    throw new ConfigError(
      'database.instanceClass',
      `${instanceClass} has no known memory size (t, m and r classes are known); add it to config/max-connections.ts.`,
    );
  }
  return gib * GIB;
}

/** RDS for MySQL's default max_connections divides `DBInstanceClassMemory` by this (`{DBInstanceClassMemory/12582880}`). */
export const MYSQL_BYTES_PER_CONNECTION = 12582880;

/**
 * The max_connections our parameter group sets (constructs/database.ts), so the DB connections alarm
 * (constructs/alarm-definitions.ts) and the connection budget (environment-rules.ts) are shares of a number we
 * control rather than of a default nobody can compute. AWS's own default, `{DBInstanceClassMemory/12582880}`, divides
 * `DBInstanceClassMemory`, the class's memory less what the OS and RDS keep, which AWS does not publish ("the exact
 * value depends on a combination of factors"): AWS quotes about 630 instead of 683 for 8 GiB, and "approximately 60"
 * for a 1 GiB class (db.t3.micro), i.e. 92 % and 70 % of the formula on the nominal memory; the smaller the class, the
 * larger the share RDS keeps. Two thirds of the formula on the nominal memory stays below both, so we never allow more
 * connections than AWS would size the memory for; it is an integer in MySQL's allowed range 1-100000, so the instance
 * has exactly this value.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html
 */
export function maxConnections(instanceClass: string): number {
  return Math.min(100000, Math.floor((instanceClassMemoryBytes(instanceClass) * 2) / 3 / MYSQL_BYTES_PER_CONNECTION));
}
