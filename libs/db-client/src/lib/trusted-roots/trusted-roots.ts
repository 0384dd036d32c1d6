/**
 * A set of CA certificates a database server's certificate must chain to. Each Lambda bundles only the set for what
 * it connects to (an unused set is tree-shaken out of the bundle): the API connects to RDS Proxy, the rotation
 * function to the DB instance.
 */
export interface TrustedRoots {
  /** For people: which certificates these are and why they are the right ones. */
  readonly name: string;
  /** The AWS page that names these roots for this kind of endpoint. */
  readonly source: string;
  /** PEM certificates. */
  readonly certificates: readonly string[];
}
