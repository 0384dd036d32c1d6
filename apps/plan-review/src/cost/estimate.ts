import { label, liveResources, referencedResources, resourcesReferring } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import { asList, blocksAt, isExpression, readBoolean } from '../model/values';
import { extendedSupportBilled } from '../rules/rds';
import { PRICE_TABLE, type Price, type PriceTable, type RegionPrices } from './price-table';
import { DEFAULT_USAGE, type UsageAssumptions } from './usage-assumptions';

/** One thing that costs money, priced: what it is, how the number is made, and the prices it used. */
export interface CostLine {
  readonly address: string;
  /** The construct path (or the address). */
  readonly resource: string;
  /** Which part of the resource's bill (`instance`, `storage`): with the address, what a change is compared by. */
  readonly component: string;
  /** What is billed: `instance db.t4g.micro, Multi-AZ (primary and standby)`. */
  readonly item: string;
  /** The arithmetic, for a reviewer to check: `2 x 730 h x $0.025`. */
  readonly formula: string;
  readonly monthlyUsd: number;
  /** True when the number rests on a usage assumption rather than on what the plan provisions. */
  readonly usageBased: boolean;
  readonly prices: readonly Price[];
}

/** A resource that costs money but could not be priced (no price for its class or Region, a value known at apply). */
export interface NotPriced {
  readonly address: string;
  readonly resource: string;
  readonly reason: string;
}

export interface CostEstimate {
  /** The Region of the stack's default AWS provider; undefined when the plan does not say. */
  readonly region: string | undefined;
  /** Whether the price table has that Region; without it nothing is priced and every costing resource is listed. */
  readonly regionPriced: boolean;
  readonly asOf: string;
  readonly hoursPerMonth: number;
  readonly lines: readonly CostLine[];
  readonly notPriced: readonly NotPriced[];
  readonly totalUsd: number;
  /** How many distinct prices the lines use that were not read from an AWS page (price-table.json `verified`). */
  readonly unverifiedPrices: number;
  readonly usage: UsageAssumptions;
}

export interface EstimateOptions {
  readonly table?: PriceTable;
  readonly usage?: UsageAssumptions;
  /** `YYYY-MM-DD`: whether an engine version is past standard support (Extended Support) depends on the day. */
  readonly today: string;
}

/** Every resource type the estimate prices; anything else is free or usage the estimate does not cover. */
const PRICED_TYPES = [
  'aws_db_instance',
  'aws_db_proxy',
  'aws_vpc_endpoint',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_dashboard',
  'aws_cloudwatch_log_group',
  'aws_lambda_function',
  'aws_apigatewayv2_api',
  'aws_api_gateway_rest_api',
];

/**
 * A month of the stack at list prices, from the resources of the plan (or synth) themselves: what they provision
 * (instance class, Multi-AZ, storage, endpoint AZs, keys, alarms) priced from the dated price table of their Region,
 * and what only use decides (requests, durations, logs) from the usage assumptions. It is an estimate: no free tier,
 * no data transfer, no backups beyond the free allowance, no taxes or discounts.
 */
export function estimateCost(model: ReviewModel, options: EstimateOptions): CostEstimate {
  const table = options.table ?? PRICE_TABLE;
  const usage = options.usage ?? DEFAULT_USAGE;
  const region = regionOf(model);
  const prices = region !== undefined && Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  const context: PricingContext = { model, table, usage, today: options.today, hours: table.hoursPerMonth };
  for (const resource of liveResources(model, ...PRICED_TYPES)) {
    if (!prices) {
      if (costsMoney(resource)) notPriced.push(notPricedBecause(resource, regionMissing(region)));
      continue;
    }
    for (const outcome of PRICERS[resource.type](resource, prices, context)) {
      if ('reason' in outcome) notPriced.push(notPricedBecause(resource, outcome.reason));
      else lines.push({ address: resource.address, resource: label(resource), ...outcome });
    }
  }
  const used = new Set(lines.flatMap((line) => line.prices));
  return {
    region,
    regionPriced: prices !== undefined,
    asOf: table.asOf,
    hoursPerMonth: table.hoursPerMonth,
    lines,
    notPriced,
    totalUsd: roundCents(lines.reduce((sum, line) => sum + line.monthlyUsd, 0)),
    unverifiedPrices: [...used].filter((price) => !price.verified).length,
    usage,
  };
}

/** The difference a change makes: the totals and every line that appears, goes or changes, largest first. */
export interface CostDelta {
  readonly base: string;
  readonly baseTotalUsd: number;
  readonly deltaUsd: number;
  readonly changes: readonly CostChange[];
}

export interface CostChange {
  readonly resource: string;
  /** The line after the change, or before it when the change removes it. */
  readonly item: string;
  readonly beforeUsd: number;
  readonly afterUsd: number;
}

export function costDelta(base: string, before: CostEstimate, after: CostEstimate): CostDelta {
  const byKey = (estimate: CostEstimate) =>
    new Map(estimate.lines.map((line) => [`${line.address}\u0000${line.component}`, line]));
  const was = byKey(before);
  const now = byKey(after);
  const changes = [...new Set([...was.keys(), ...now.keys()])]
    .map((key): CostChange => {
      const shown = (now.get(key) ?? was.get(key)) as CostLine;
      return {
        resource: shown.resource,
        item: shown.item,
        beforeUsd: was.get(key)?.monthlyUsd ?? 0,
        afterUsd: now.get(key)?.monthlyUsd ?? 0,
      };
    })
    .filter((change) => roundCents(change.afterUsd - change.beforeUsd) !== 0)
    .sort((a, b) => Math.abs(b.afterUsd - b.beforeUsd) - Math.abs(a.afterUsd - a.beforeUsd));
  return {
    base,
    baseTotalUsd: before.totalUsd,
    deltaUsd: roundCents(after.totalUsd - before.totalUsd),
    changes,
  };
}

/** The `region` of the default (un-aliased) AWS provider, when it is a literal. */
export function regionOf(model: ReviewModel): string | undefined {
  const provider = model.blocks?.find((block) => block.kind === 'provider' && block.address === 'provider.aws');
  const region = provider?.values['region'];
  return typeof region === 'string' && !isExpression(region) ? region : undefined;
}

export function roundCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

interface PricingContext {
  readonly model: ReviewModel;
  readonly table: PriceTable;
  readonly usage: UsageAssumptions;
  readonly today: string;
  readonly hours: number;
}

type Priced = Omit<CostLine, 'address' | 'resource'>;
type Outcome = Priced | { readonly reason: string };
type Pricer = (resource: Resource, prices: RegionPrices, context: PricingContext) => Outcome[];

const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_db_instance: priceDbInstance,
  aws_db_proxy: priceDbProxy,
  aws_vpc_endpoint: priceVpcEndpoint,
  aws_kms_key: (_key, prices) => [monthly('key', 'customer managed key', prices.kmsKeyMonth, 'KMS key price')],
  aws_secretsmanager_secret: (_secret, prices) => [
    monthly('secret', 'secret', prices.secretMonth, 'Secrets Manager price'),
  ],
  aws_cloudwatch_metric_alarm: priceAlarm,
  aws_cloudwatch_dashboard: (_dashboard, prices) => [
    monthly('dashboard', 'dashboard', prices.dashboardMonth, 'dashboard price'),
  ],
  aws_cloudwatch_log_group: (_group, prices, { usage }) => [
    perUnit(
      'ingestion',
      `log ingestion, ${usage.logIngestionGbPerGroup} GB (assumed)`,
      usage.logIngestionGbPerGroup,
      'GB',
      prices.logIngestionGb,
      'log ingestion price',
      true,
    ),
  ],
  aws_lambda_function: priceFunction,
  aws_apigatewayv2_api: priceHttpApi,
  aws_api_gateway_rest_api: (_api, prices, { usage }) => [
    apiRequests('REST API', prices.restApiRequestsMillion, usage),
  ],
};

/** A resource priced per month as a whole (a key, a secret, a dashboard). */
function monthly(component: string, item: string, price: Price | undefined, what: string): Outcome {
  return perUnit(component, item, 1, 'month', price, what, false);
}

function perUnit(
  component: string,
  item: string,
  quantity: number,
  unit: string,
  price: Price | undefined,
  what: string,
  usageBased: boolean,
): Outcome {
  if (!price) return { reason: `the price table has no ${what} for this Region` };
  return {
    component,
    item,
    formula: `${quantity} ${unit} x ${usd(price.usd)}`,
    monthlyUsd: quantity * price.usd,
    usageBased,
    prices: [price],
  };
}

/**
 * An instance and its storage. Multi-AZ bills both the primary and the standby: instance-hours and provisioned storage
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html, "Multi-AZ DB instances"), and
 * Extended Support charges "apply to standby instances in Multi-AZ deployments" too
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html). Backup storage up to the
 * provisioned size is free (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/RDSFAQ.Billing.html): not priced.
 */
function priceDbInstance(db: Resource, prices: RegionPrices, context: PricingContext): Outcome[] {
  const instanceClass = literal(db.values['instance_class']);
  const multiAz = readBoolean(db.values['multi_az']) === true;
  const copies = multiAz ? 2 : 1;
  const deployment = multiAz ? 'Multi-AZ (primary and standby)' : 'Single-AZ';
  const times = multiAz ? '2 x ' : '';
  const outcomes: Outcome[] = [];
  const hourly =
    instanceClass && Object.hasOwn(prices.rdsInstanceHour, instanceClass)
      ? prices.rdsInstanceHour[instanceClass]
      : undefined;
  outcomes.push(
    hourly
      ? {
          component: 'instance',
          item: `instance ${instanceClass}, ${deployment}`,
          formula: `${times}${context.hours} h x ${usd(hourly.usd)}`,
          monthlyUsd: copies * context.hours * hourly.usd,
          usageBased: false,
          prices: [hourly],
        }
      : {
          reason: `the price table has no RDS instance price for ${instanceClass ?? 'an instance class known only at apply'}`,
        },
  );
  const gb = Number(db.values['allocated_storage']);
  const storageType = literal(db.values['storage_type']) ?? defaultStorageType(db);
  const storage = Object.hasOwn(prices.rdsStorageGbMonth, storageType)
    ? prices.rdsStorageGbMonth[storageType]
    : undefined;
  if (!Number.isFinite(gb) || gb <= 0) outcomes.push({ reason: 'allocated_storage is known only at apply' });
  else if (!storage)
    outcomes.push({ reason: `the price table has no RDS ${storageType} storage price for this Region` });
  else
    outcomes.push({
      component: 'storage',
      item: `storage ${gb} GB ${storageType}, ${deployment}`,
      formula: `${times}${gb} GB x ${usd(storage.usd)}`,
      monthlyUsd: copies * gb * storage.usd,
      usageBased: false,
      prices: [storage],
    });
  const extraIops = billedIops(storageType, gb, Number(db.values['iops']));
  if (extraIops > 0) {
    const iops = Object.hasOwn(prices.rdsIopsMonth, storageType) ? prices.rdsIopsMonth[storageType] : undefined;
    outcomes.push(
      iops
        ? {
            component: 'iops',
            item: `${extraIops} provisioned IOPS ${storageType}, ${deployment}`,
            formula: `${times}${extraIops} IOPS x ${usd(iops.usd)}`,
            monthlyUsd: copies * extraIops * iops.usd,
            usageBased: false,
            prices: [iops],
          }
        : { reason: `the price table has no ${storageType} IOPS price for this Region` },
    );
  }
  if (extendedSupportBilled(db.values, context.today)) {
    const vcpus = instanceClass ? context.table.instanceVcpus[instanceClass] : undefined;
    const rate = prices.rdsExtendedSupportVcpuHour;
    outcomes.push(
      vcpus && rate
        ? {
            component: 'extended-support',
            item: `Extended Support ${String(db.values['engine'])} ${String(db.values['engine_version'])}, ${vcpus.vcpus} vCPUs, ${deployment}`,
            formula: `${times}${vcpus.vcpus} vCPU x ${context.hours} h x ${usd(rate.usd)}`,
            monthlyUsd: copies * vcpus.vcpus * context.hours * rate.usd,
            usageBased: false,
            prices: [rate],
          }
        : {
            reason: `Extended Support is billed, but the price table has no ${rate ? `vCPU count for ${instanceClass}` : 'Extended Support price for this Region'}`,
          },
    );
  }
  return outcomes;
}

/**
 * RDS Proxy bills per vCPU-hour of the DB instance it fronts, with a minimum number of vCPUs
 * (https://aws.amazon.com/rds/proxy/pricing/; price-table.json `rdsProxyMinimumVcpus` says what was read). The
 * instance counts once, Multi-AZ or not: an assumption (the proxy serves the writer), not read from AWS.
 */
function priceDbProxy(proxy: Resource, prices: RegionPrices, { model, table, hours }: PricingContext): Outcome[] {
  const rate = prices.rdsProxyVcpuHour;
  if (!rate) return [{ reason: 'the price table has no RDS Proxy price for this Region' }];
  const targets = resourcesReferring(model, 'aws_db_proxy_target', 'db_proxy_name', proxy).flatMap((target) =>
    referencedResources(model, target.values['db_instance_identifier'], 'aws_db_instance'),
  );
  if (!targets.length) return [{ reason: 'no DB instance in the plan is its target, so its vCPUs are unknown' }];
  return targets.map((db): Outcome => {
    const instanceClass = literal(db.values['instance_class']);
    const vcpus = instanceClass ? table.instanceVcpus[instanceClass] : undefined;
    if (!vcpus)
      return { reason: `the price table has no vCPU count for ${instanceClass ?? 'an instance class known at apply'}` };
    const billed = Math.max(vcpus.vcpus, table.rdsProxyMinimumVcpus.vcpus);
    return {
      component: `proxy ${db.address}`,
      item: `proxy for ${label(db)} (${instanceClass}: ${vcpus.vcpus} vCPUs, billed at least ${table.rdsProxyMinimumVcpus.vcpus})`,
      formula: `${billed} vCPU x ${hours} h x ${usd(rate.usd)}`,
      monthlyUsd: billed * hours * rate.usd,
      usageBased: false,
      prices: [rate],
    };
  });
}

/**
 * An interface endpoint bills "for each hour that your VPC endpoint remains provisioned in each Availability Zone"
 * plus each GB processed (https://aws.amazon.com/privatelink/pricing/). It has one network interface per subnet, each
 * subnet in one AZ, so its subnets count its AZs. Gateway endpoints (S3, DynamoDB) are free.
 */
function priceVpcEndpoint(endpoint: Resource, prices: RegionPrices, { hours, usage }: PricingContext): Outcome[] {
  if (endpoint.values['vpc_endpoint_type'] !== 'Interface') return [];
  const subnets = endpoint.values['subnet_ids'];
  const hourly = prices.interfaceEndpointAzHour;
  const outcomes: Outcome[] = [];
  if (!Array.isArray(subnets)) outcomes.push({ reason: 'subnet_ids is known only at apply, so its AZs are unknown' });
  else if (!hourly) outcomes.push({ reason: 'the price table has no interface endpoint price for this Region' });
  else
    outcomes.push({
      component: 'endpoint-hours',
      item: `interface endpoint ${String(endpoint.values['service_name'] ?? '')} in ${subnets.length} AZs`,
      formula: `${subnets.length} AZ x ${hours} h x ${usd(hourly.usd)}`,
      monthlyUsd: subnets.length * hours * hourly.usd,
      usageBased: false,
      prices: [hourly],
    });
  outcomes.push(
    perUnit(
      'endpoint-data',
      `endpoint data, ${usage.endpointDataGbPerMonth} GB (assumed)`,
      usage.endpointDataGbPerMonth,
      'GB',
      prices.interfaceEndpointDataGb,
      'interface endpoint data price',
      true,
    ),
  );
  return outcomes;
}

/** Alarms bill per metric they watch (https://aws.amazon.com/cloudwatch/pricing/): one, or each metric of a query. */
function priceAlarm(alarm: Resource, prices: RegionPrices): Outcome[] {
  const queried = blocksAt(alarm.values, 'metric_query').filter((query) => query['metric'] !== undefined).length;
  const metrics = Math.max(1, queried);
  return [
    perUnit(
      'alarm',
      `alarm on ${metrics} metric${metrics > 1 ? 's' : ''}`,
      metrics,
      'metric',
      prices.alarmMetricMonth,
      'alarm price',
      false,
    ),
  ];
}

/**
 * Requests plus GB-seconds (memory x duration) at the function's architecture's rate
 * (https://aws.amazon.com/lambda/pricing/). Memory and architecture come from the plan; how often it runs from the
 * usage assumptions: the API's requests for a function an API integrates, otherwise the rare-invocation figure.
 */
function priceFunction(fn: Resource, prices: RegionPrices, { model, usage }: PricingContext): Outcome[] {
  const memoryMb = Number(fn.values['memory_size'] ?? 128);
  const architecture = literal(asList(fn.values['architectures'])[0]) ?? 'x86_64';
  const calledByApi =
    resourcesReferring(model, 'aws_apigatewayv2_integration', 'integration_uri', fn).length > 0 ||
    resourcesReferring(model, 'aws_api_gateway_integration', 'uri', fn).length > 0;
  const invocations = calledByApi ? usage.apiRequestsPerMonth : usage.otherFunctionInvocationsPerMonth;
  const requests = prices.lambdaRequestsMillion;
  const duration = Object.hasOwn(prices.lambdaGbSecond, architecture) ? prices.lambdaGbSecond[architecture] : undefined;
  if (!requests || !duration)
    return [{ reason: `the price table has no Lambda ${architecture} price for this Region` }];
  if (!Number.isFinite(memoryMb)) return [{ reason: 'memory_size is known only at apply' }];
  const gbSeconds = invocations * (usage.averageFunctionDurationMs / 1000) * (memoryMb / 1024);
  return [
    {
      component: 'invocations',
      item: `${invocations.toLocaleString('en-US')} invocations (assumed${calledByApi ? ': the API requests' : ''}) of ${usage.averageFunctionDurationMs} ms at ${memoryMb} MB ${architecture}`,
      formula: `${invocations / 1e6}M x ${usd(requests.usd)} + ${round(gbSeconds)} GB-s x ${usd(duration.usd)}`,
      monthlyUsd: (invocations / 1e6) * requests.usd + gbSeconds * duration.usd,
      usageBased: true,
      prices: [requests, duration],
    },
  ];
}

function priceHttpApi(api: Resource, prices: RegionPrices, { usage }: PricingContext): Outcome[] {
  const protocol = api.values['protocol_type'];
  if (protocol === 'HTTP') return [apiRequests('HTTP API', prices.httpApiRequestsMillion, usage)];
  return [
    {
      reason: `a ${String(protocol)} API is billed per message and connection minute, which the estimate does not price`,
    },
  ];
}

function apiRequests(kind: string, price: Price | undefined, usage: UsageAssumptions): Outcome {
  const millions = usage.apiRequestsPerMonth / 1e6;
  return perUnit(
    'requests',
    `${kind} requests, ${usage.apiRequestsPerMonth.toLocaleString('en-US')} (assumed)`,
    millions,
    'M',
    price,
    `${kind} price`,
    true,
  );
}

/**
 * gp3 includes a baseline of IOPS in the storage price: 3,000 below 400 GB and 12,000 from 400 GB for MySQL
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage); io1/io2 bill every
 * provisioned IOPS.
 */
function billedIops(storageType: string, gb: number, iops: number): number {
  if (!Number.isFinite(iops) || iops <= 0) return 0;
  if (storageType === 'gp3') return Math.max(0, iops - (gb >= 400 ? 12_000 : 3_000));
  return storageType.startsWith('io') ? iops : 0;
}

/** RDS's default storage type: io1 when IOPS are set, gp2 otherwise (CreateDBInstance, StorageType). */
function defaultStorageType(db: Resource): string {
  return Number(db.values['iops']) > 0 ? 'io1' : 'gp2';
}

function costsMoney(resource: Resource): boolean {
  return resource.type !== 'aws_vpc_endpoint' || resource.values['vpc_endpoint_type'] === 'Interface';
}

function regionMissing(region: string | undefined): string {
  return region === undefined
    ? 'the plan names no Region the review can read (the AWS provider sets none, or sets it by an expression)'
    : `the price table has no prices for ${region}`;
}

function notPricedBecause(resource: Resource, reason: string): NotPriced {
  return { address: resource.address, resource: label(resource), reason };
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !isExpression(value) ? value : undefined;
}

export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 10 })}`;
}

function round(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
