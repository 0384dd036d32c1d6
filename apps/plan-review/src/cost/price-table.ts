import priceTableJson from './price-table.json';

/**
 * Where a number of the price table comes from: the AWS page (or API) it was read from, the day, and whether it was
 * actually read there (`verified`). An unverified number says why in `note` (the stored page did not hold it, and
 * where the figure comes from instead); the estimate counts and shows them so no reader mistakes them for AWS's word.
 */
export interface Provenance {
  readonly source: string;
  /** `YYYY-MM-DD` */
  readonly read: string;
  readonly verified: boolean;
  readonly note?: string;
}

export interface Price extends Provenance {
  readonly usd: number;
}

export interface VcpuCount extends Provenance {
  readonly vcpus: number;
}

/** The list prices of one Region (on-demand, USD). A missing entry is reported as not priced, never taken as 0. */
export interface RegionPrices {
  /** RDS for MySQL, Single-AZ, per instance-hour, by instance class. */
  readonly rdsInstanceHour: Readonly<Record<string, Price>>;
  /** Per GB-month of provisioned storage, by storage type (gp2, gp3, io1). */
  readonly rdsStorageGbMonth: Readonly<Record<string, Price>>;
  /** Per provisioned IOPS-month, by storage type (gp3: above the included baseline; io1: all). */
  readonly rdsIopsMonth: Readonly<Record<string, Price>>;
  readonly rdsProxyVcpuHour?: Price;
  /** Years 1 and 2 past the end of standard support (year 3 costs more). */
  readonly rdsExtendedSupportVcpuHour?: Price;
  readonly interfaceEndpointAzHour?: Price;
  readonly interfaceEndpointDataGb?: Price;
  readonly kmsKeyMonth?: Price;
  readonly secretMonth?: Price;
  /** Per standard-resolution alarm metric-month. */
  readonly alarmMetricMonth?: Price;
  readonly dashboardMonth?: Price;
  readonly logIngestionGb?: Price;
  readonly lambdaRequestsMillion?: Price;
  /** By architecture (`arm64`, `x86_64`). */
  readonly lambdaGbSecond: Readonly<Record<string, Price>>;
  readonly httpApiRequestsMillion?: Price;
  readonly restApiRequestsMillion?: Price;
}

export interface PriceTable {
  /** The day the table was written or regenerated (`YYYY-MM-DD`). */
  readonly asOf: string;
  readonly currency: 'USD';
  /** AWS prices a month of an hourly resource at 730 hours (365 x 24 / 12). */
  readonly hoursPerMonth: number;
  /** RDS Proxy bills at least this many vCPUs per provisioned instance, whatever the class. */
  readonly rdsProxyMinimumVcpus: VcpuCount;
  readonly instanceVcpus: Readonly<Record<string, VcpuCount>>;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/**
 * The price table kept as data (price-table.json): `npx nx run plan-review:price-table` rewrites it from the AWS Price
 * List API where credentials exist (update-price-table.ts); every entry carries its source and whether it was read.
 */
export const PRICE_TABLE: PriceTable = priceTableJson as PriceTable;
