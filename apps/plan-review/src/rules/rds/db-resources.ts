/** The resource types the RDS rules look at, by what each rule needs of them. */

/** A DB instance (RDS for MySQL: this architecture's database). */
export const INSTANCE = ['aws_db_instance'];
/** Where the storage is: a DB instance, or an Aurora / Multi-AZ cluster (its instances keep no storage of their own). */
export const STORAGE = ['aws_db_instance', 'aws_rds_cluster'];
/** What has an endpoint that may be public: a DB instance, an Aurora cluster's instances, a Multi-AZ DB cluster. */
export const ENDPOINT = ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_rds_cluster'];
