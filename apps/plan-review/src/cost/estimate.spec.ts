import {
  fixturePlan,
  fixtureSynth,
  planModel,
  synthModel,
  synthResource,
  synthResources,
  type SynthJson,
} from '../testing/fixtures';
import { costDelta, estimateCost, type CostEstimate } from './estimate';
import type { Price, PriceTable, RegionPrices } from './price-table';
import { DEFAULT_USAGE } from './usage-assumptions';

/**
 * The pricing model, on round prices so each expectation is arithmetic a reader can redo. The prices are made up; the
 * shape of the bill (what multiplies what) is AWS's, each from the page cited beside its test.
 */
const price = (usd: number): Price => ({
  usd,
  source: 'https://example.test/price',
  read: '2026-12-07',
  verified: true,
});
const vcpus = (count: number) => ({
  vcpus: count,
  source: 'https://example.test/vcpus',
  read: '2026-12-07',
  verified: true,
});
const REGION: RegionPrices = {
  rdsInstanceHour: { 'db.t4g.medium': price(0.1), 'db.r6g.xlarge': price(0.5), 'db.t4g.nano': price(0.01) },
  rdsStorageGbMonth: { gp2: price(0.1), gp3: price(0.1) },
  rdsIopsMonth: { gp3: price(0.02) },
  rdsProxyVcpuHour: price(0.01),
  rdsExtendedSupportVcpuHour: price(0.1),
  interfaceEndpointAzHour: price(0.01),
  interfaceEndpointDataGb: price(0.01),
  kmsKeyMonth: price(1),
  secretMonth: price(0.4),
  alarmMetricMonth: price(0.1),
  dashboardMonth: price(3),
  logIngestionGb: price(0.5),
  lambdaRequestsMillion: price(0.2),
  lambdaGbSecond: { arm64: price(0.00001), x86_64: price(0.00002) },
  httpApiRequestsMillion: price(1),
  restApiRequestsMillion: price(3.5),
};
const TABLE: PriceTable = {
  asOf: '2026-12-07',
  currency: 'USD',
  hoursPerMonth: 730,
  rdsProxyMinimumVcpus: vcpus(2),
  instanceVcpus: { 'db.t4g.medium': vcpus(2), 'db.r6g.xlarge': vcpus(4), 'db.t4g.nano': vcpus(1) },
  regions: { 'ap-northeast-2': REGION },
};
// Before MySQL 8.0's end of standard support (2026-07-31): the fixture's opt-in costs nothing yet.
const IN_STANDARD_SUPPORT = '2026-07-01';
const estimate = (synth: SynthJson, today = IN_STANDARD_SUPPORT): CostEstimate =>
  estimateCost(synthModel(synth), { table: TABLE, today });
const line = (result: CostEstimate, item: RegExp) => {
  const found = result.lines.filter((candidate) => item.test(candidate.item));
  if (found.length !== 1) throw new Error(`expected one line like ${item}, got ${found.map((l) => l.item).join('; ')}`);
  return found[0];
};

describe('estimateCost', () => {
  it('doubles instance-hours and storage for Multi-AZ (AWS: both primary and standby are billed)', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html, "Multi-AZ DB instances":
    // compute is billed per instance-hour "for both the primary and standby", storage "for both the primary and standby".
    const multiAz = estimate(fixtureSynth());
    expect(line(multiAz, /^instance /).monthlyUsd).toBeCloseTo(2 * 730 * 0.1);
    expect(line(multiAz, /^storage /).monthlyUsd).toBeCloseTo(2 * 20 * 0.1);
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').multi_az = false;
    const singleAz = estimate(synth);
    expect(line(singleAz, /^instance /).monthlyUsd).toBeCloseTo(730 * 0.1);
    expect(line(singleAz, /^storage /).monthlyUsd).toBeCloseTo(20 * 0.1);
    expect(line(singleAz, /^instance /).item).toContain('Single-AZ');
  });

  it('bills gp3 IOPS only above the baseline included below 400 GB (3,000)', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage
    const synth = fixtureSynth();
    Object.assign(synthResource(synth, 'aws_db_instance'), { storage_type: 'gp3', iops: 3000, multi_az: false });
    expect(estimate(synth).lines.some((candidate) => /IOPS/.test(candidate.item))).toBe(false);
    synthResource(synth, 'aws_db_instance').iops = 5000;
    expect(line(estimate(synth), /IOPS/).monthlyUsd).toBeCloseTo(2000 * 0.02);
  });

  it('prices RDS Proxy per vCPU-hour of its target instance, at least the documented minimum of vCPUs', () => {
    // https://aws.amazon.com/rds/proxy/pricing/: per vCPU of the underlying instance, with a minimum (price table).
    expect(line(estimate(fixtureSynth()), /^proxy /).monthlyUsd).toBeCloseTo(2 * 730 * 0.01);
    const large = fixtureSynth();
    synthResource(large, 'aws_db_instance').instance_class = 'db.r6g.xlarge';
    expect(line(estimate(large), /^proxy /).monthlyUsd).toBeCloseTo(4 * 730 * 0.01);
    const tiny = fixtureSynth();
    synthResource(tiny, 'aws_db_instance').instance_class = 'db.t4g.nano';
    expect(line(estimate(tiny), /^proxy /).monthlyUsd).toBeCloseTo(2 * 730 * 0.01);
  });

  it('prices an interface endpoint per AZ-hour (one AZ per subnet) plus the assumed data; a gateway endpoint is free', () => {
    // https://aws.amazon.com/privatelink/pricing/: "billed for each hour that your VPC endpoint remains provisioned in
    // each Availability Zone", and "for each Gigabyte processed".
    const synth = fixtureSynth();
    const endpoint = synthResources(synth, 'aws_vpc_endpoint')[0];
    expect(line(estimate(synth), /^interface endpoint /).monthlyUsd).toBeCloseTo(2 * 730 * 0.01);
    endpoint.subnet_ids = [...endpoint.subnet_ids, '${aws_subnet.third.id}'];
    expect(line(estimate(synth), /^interface endpoint /).monthlyUsd).toBeCloseTo(3 * 730 * 0.01);
    expect(line(estimate(synth), /^endpoint data/).monthlyUsd).toBeCloseTo(DEFAULT_USAGE.endpointDataGbPerMonth * 0.01);
    endpoint.vpc_endpoint_type = 'Gateway';
    expect(estimate(synth).lines.filter((candidate) => candidate.address.startsWith('aws_vpc_endpoint.'))).toEqual([]);
  });

  it('prices every customer managed key and every secret per month', () => {
    // https://aws.amazon.com/kms/pricing/: "Each AWS KMS key that you create in KMS costs $1/month".
    const synth = fixtureSynth();
    const result = estimate(synth);
    const keys = result.lines.filter((candidate) => candidate.address.startsWith('aws_kms_key.'));
    expect(keys).toHaveLength(synthResources(synth, 'aws_kms_key').length);
    expect(keys.every((key) => key.monthlyUsd === 1)).toBe(true);
    expect(line(result, /^secret$/).monthlyUsd).toBe(0.4);
  });

  it('adds Extended Support per vCPU-hour, standby included, only past the end of standard support unless opted out', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html: charges begin after the end
    // of standard support and "apply to standby instances in Multi-AZ deployments".
    expect(estimate(fixtureSynth()).lines.some((candidate) => /Extended Support/.test(candidate.item))).toBe(false);
    const past = estimate(fixtureSynth(), '2026-12-07');
    expect(line(past, /^Extended Support/).monthlyUsd).toBeCloseTo(2 * 2 * 730 * 0.1);
    const optedOut = fixtureSynth();
    synthResource(optedOut, 'aws_db_instance').engine_lifecycle_support = 'open-source-rds-extended-support-disabled';
    expect(estimate(optedOut, '2026-12-07').lines.some((candidate) => /Extended Support/.test(candidate.item))).toBe(
      false,
    );
  });

  it('reads Lambda memory and architecture from the plan and runs the API function once per assumed API request', () => {
    const synth = fixtureSynth();
    const api = synthResource(synth, 'aws_lambda_function', 'api-function/function');
    api.memory_size = 1024;
    api.architectures = ['x86_64'];
    const usage = { ...DEFAULT_USAGE, apiRequestsPerMonth: 2_000_000, averageFunctionDurationMs: 500 };
    const result = estimateCost(synthModel(synth), { table: TABLE, usage, today: IN_STANDARD_SUPPORT });
    const apiLine = result.lines.find((candidate) => candidate.address === 'aws_lambda_function.api-function_6EE8A0DE');
    // 2M requests at $0.2 per million, plus 2M x 0.5 s x 1 GB at the x86 rate.
    expect(apiLine?.monthlyUsd).toBeCloseTo(2 * 0.2 + 2_000_000 * 0.5 * 1 * 0.00002);
    expect(apiLine?.usageBased).toBe(true);
    expect(line(result, /^HTTP API requests/).monthlyUsd).toBeCloseTo(2 * 1);
  });

  it('lists what it cannot price with the reason instead of counting it as free', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').instance_class = 'db.x2g.16xlarge';
    const result = estimate(synth);
    expect(result.lines.some((candidate) => /^instance /.test(candidate.item))).toBe(false);
    expect(result.notPriced).toContainEqual(
      expect.objectContaining({ reason: 'the price table has no RDS instance price for db.x2g.16xlarge' }),
    );
  });

  it('prices nothing in a Region the table does not have, and says so for each resource that costs money', () => {
    const synth = fixtureSynth();
    synth.provider.aws[0].region = 'eu-central-2';
    const result = estimate(synth);
    expect(result).toMatchObject({ region: 'eu-central-2', regionPriced: false, lines: [], totalUsd: 0 });
    expect(result.notPriced.map((entry) => entry.address)).toContain(
      synthResources(synth, 'aws_db_instance').length && result.notPriced[0].address,
    );
    expect(new Set(result.notPriced.map((entry) => entry.reason))).toEqual(
      new Set(['the price table has no prices for eu-central-2']),
    );
    expect(result.notPriced.some((entry) => entry.address.startsWith('aws_db_instance.'))).toBe(true);
  });

  it('gives a plan and its synth the same estimate', () => {
    const fromPlan = estimateCost(planModel(fixturePlan()), { table: TABLE, today: IN_STANDARD_SUPPORT });
    expect(fromPlan.totalUsd).toBe(estimate(fixtureSynth()).totalUsd);
    expect(fromPlan.totalUsd).toBeGreaterThan(0);
  });

  it('counts the distinct unverified prices it used', () => {
    const unverified: Price = { ...price(1), verified: false };
    const table: PriceTable = { ...TABLE, regions: { 'ap-northeast-2': { ...REGION, kmsKeyMonth: unverified } } };
    expect(estimateCost(synthModel(fixtureSynth()), { table, today: IN_STANDARD_SUPPORT }).unverifiedPrices).toBe(1);
  });
});

describe('costDelta', () => {
  it('gives the change of the total and of each line, largest first', () => {
    const before = estimate(fixtureSynth());
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').multi_az = false;
    const after = estimate(synth);
    const delta = costDelta('main', before, after);
    expect(delta.deltaUsd).toBeCloseTo(-(730 * 0.1 + 20 * 0.1));
    expect(delta.changes).toEqual([
      { resource: 'database/instance', item: 'instance db.t4g.medium, Single-AZ', beforeUsd: 146, afterUsd: 73 },
      { resource: 'database/instance', item: 'storage 20 GB gp2, Single-AZ', beforeUsd: 4, afterUsd: 2 },
    ]);
  });
});
