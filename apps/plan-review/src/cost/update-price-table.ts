import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { todayUtc } from '../suppression-policy';
import { WORKSPACE_ROOT } from '../repository/workspace';
import type { Price, PriceTable, RegionPrices } from './price-table';

/**
 * `npx nx run plan-review:price-table`: rewrites price-table.json from the AWS Price List API (GetProducts, served from
 * us-east-1: https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html). It needs
 * AWS credentials and `@aws-sdk/client-pricing`, which the workspace does not depend on (see docs/cost.md); it never
 * runs in a test. A price the API returns exactly once is written as read from AWS that day; any other keeps its
 * entry, and the run says which.
 *
 * The filters follow the Price List API's product attributes as AWS documents them; they were written without an AWS
 * account, so the first real run is their test: an entry that matches nothing or several prices is reported, not
 * guessed.
 */
export const PRICE_TABLE_PATH = join(WORKSPACE_ROOT, 'apps/plan-review/src/cost/price-table.json');

export interface Filter {
  readonly Type: 'TERM_MATCH';
  readonly Field: string;
  readonly Value: string;
}

export interface PriceQuery {
  /** Where the price goes in a Region's prices: `['rdsInstanceHour', 'db.t4g.micro']`, `['kmsKeyMonth']`. */
  readonly path: readonly string[];
  readonly serviceCode: string;
  readonly filters: readonly Omit<Filter, 'Type'>[];
  /** The API prices some things per request; the table per million. */
  readonly perMillion?: boolean;
}

export interface GetProductsInput {
  readonly ServiceCode: string;
  readonly Filters: Filter[];
  readonly FormatVersion: 'aws_v1';
  readonly NextToken?: string;
}

export interface GetProductsOutput {
  readonly PriceList?: string[];
  readonly NextToken?: string;
}

/** `GetProductsCommand` sent by a `PricingClient`, or a stand-in in a test. */
export type GetProducts = (input: GetProductsInput) => Promise<GetProductsOutput>;

/** What to ask for every price of a Region: the instance classes and storage types it already has, and the rest. */
export function queriesFor(prices: RegionPrices): PriceQuery[] {
  const mysql = [
    { Field: 'databaseEngine', Value: 'MySQL' },
    { Field: 'deploymentOption', Value: 'Single-AZ' },
  ];
  const volume: Record<string, string> = {
    gp2: 'General Purpose',
    gp3: 'General Purpose-GP3',
    io1: 'Provisioned IOPS',
  };
  return [
    ...Object.keys(prices.rdsInstanceHour).map((instanceClass) => ({
      path: ['rdsInstanceHour', instanceClass],
      serviceCode: 'AmazonRDS',
      filters: [{ Field: 'instanceType', Value: instanceClass }, ...mysql],
    })),
    ...Object.keys(prices.rdsStorageGbMonth)
      .filter((type) => volume[type])
      .map((type) => ({
        path: ['rdsStorageGbMonth', type],
        serviceCode: 'AmazonRDS',
        filters: [
          { Field: 'productFamily', Value: 'Database Storage' },
          { Field: 'volumeType', Value: volume[type] },
          ...mysql,
        ],
      })),
    { path: ['rdsProxyVcpuHour'], serviceCode: 'AmazonRDS', filters: [{ Field: 'productFamily', Value: 'RDS Proxy' }] },
    {
      path: ['interfaceEndpointAzHour'],
      serviceCode: 'AmazonVPC',
      filters: [
        { Field: 'productFamily', Value: 'VpcEndpoint' },
        { Field: 'endpointType', Value: 'PrivateLink' },
        { Field: 'group', Value: 'VpcEndpoint-Hours' },
      ],
    },
    { path: ['kmsKeyMonth'], serviceCode: 'awskms', filters: [{ Field: 'productFamily', Value: 'Encryption Key' }] },
    { path: ['secretMonth'], serviceCode: 'AWSSecretsManager', filters: [{ Field: 'productFamily', Value: 'Secret' }] },
    {
      path: ['alarmMetricMonth'],
      serviceCode: 'AmazonCloudWatch',
      filters: [
        { Field: 'productFamily', Value: 'Alarm' },
        { Field: 'alarmType', Value: 'Standard' },
      ],
    },
    {
      path: ['dashboardMonth'],
      serviceCode: 'AmazonCloudWatch',
      filters: [{ Field: 'productFamily', Value: 'Dashboard' }],
    },
    {
      path: ['logIngestionGb'],
      serviceCode: 'AmazonCloudWatch',
      filters: [
        { Field: 'productFamily', Value: 'Data Payload' },
        { Field: 'group', Value: 'Ingested Logs' },
      ],
    },
    {
      path: ['lambdaRequestsMillion'],
      serviceCode: 'AWSLambda',
      filters: [{ Field: 'group', Value: 'AWS-Lambda-Requests' }],
      perMillion: true,
    },
    {
      path: ['lambdaGbSecond', 'arm64'],
      serviceCode: 'AWSLambda',
      filters: [{ Field: 'group', Value: 'AWS-Lambda-Duration-ARM' }],
    },
    {
      path: ['lambdaGbSecond', 'x86_64'],
      serviceCode: 'AWSLambda',
      filters: [{ Field: 'group', Value: 'AWS-Lambda-Duration' }],
    },
    {
      path: ['httpApiRequestsMillion'],
      serviceCode: 'AmazonApiGateway',
      filters: [{ Field: 'operation', Value: 'ApiGatewayHttpApi' }],
      perMillion: true,
    },
    {
      path: ['restApiRequestsMillion'],
      serviceCode: 'AmazonApiGateway',
      filters: [{ Field: 'operation', Value: 'ApiGatewayRequest' }],
      perMillion: true,
    },
  ];
}

/** GetProducts' filters for a query in a Region (`regionCode`, as the API names it). */
export function filtersOf(query: PriceQuery, region: string): Filter[] {
  return [{ Field: 'regionCode', Value: region }, ...query.filters].map((filter) => ({
    Type: 'TERM_MATCH',
    ...filter,
  }));
}

/**
 * The on-demand USD price of the first tier (`beginRange` 0) of every product in a GetProducts answer (each a JSON
 * string: `terms.OnDemand.<sku.term>.priceDimensions.<sku.term.rate>.pricePerUnit.USD`), without duplicates.
 */
export function onDemandPrices(priceList: readonly string[]): number[] {
  const found = new Set<number>();
  for (const text of priceList) {
    const product = JSON.parse(text) as {
      terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, Dimension> }> };
    };
    for (const term of Object.values(product.terms?.OnDemand ?? {}))
      for (const dimension of Object.values(term.priceDimensions ?? {}))
        if ((dimension.beginRange ?? '0') === '0') found.add(Number(dimension.pricePerUnit?.USD));
  }
  return [...found].filter((usd) => Number.isFinite(usd) && usd > 0);
}

interface Dimension {
  readonly beginRange?: string;
  readonly pricePerUnit?: { readonly USD?: string };
}

/** The one price a query finds, or why there is none (nothing found, or several different prices). */
export async function fetchPrice(
  getProducts: GetProducts,
  query: PriceQuery,
  region: string,
): Promise<number | string> {
  const list: string[] = [];
  let token: string | undefined;
  do {
    const page = await getProducts({
      ServiceCode: query.serviceCode,
      Filters: filtersOf(query, region),
      FormatVersion: 'aws_v1',
      NextToken: token,
    });
    list.push(...(page.PriceList ?? []));
    token = page.NextToken;
  } while (token);
  const prices = onDemandPrices(list);
  if (prices.length !== 1)
    return prices.length ? `${prices.length} different prices (${prices.join(', ')})` : 'no price';
  return query.perMillion ? prices[0] * 1e6 : prices[0];
}

/** The table with every price the API gave written as read from AWS on `today`; the others as they were. */
export async function updatedTable(
  table: PriceTable,
  getProducts: GetProducts,
  today: string,
  report: (line: string) => void = () => undefined,
): Promise<PriceTable> {
  const regions: Record<string, RegionPrices> = {};
  for (const [region, prices] of Object.entries(table.regions)) {
    const updated = structuredClone(prices) as unknown as Record<string, Record<string, Price> | Price>;
    for (const query of queriesFor(prices)) {
      const result = await fetchPrice(getProducts, query, region);
      const where = `${region} ${query.path.join(' ')}`;
      if (typeof result === 'string') {
        report(`${where}: kept (${result})`);
        continue;
      }
      const [key, subKey] = query.path;
      const old = (subKey ? (updated[key] as Record<string, Price>)?.[subKey] : updated[key]) as Price | undefined;
      const price: Price = {
        usd: result,
        source: old?.source ?? 'https://aws.amazon.com/pricing/',
        read: today,
        verified: true,
        note: `AWS Price List API GetProducts ${query.serviceCode} ${query.filters.map((f) => `${f.Field}=${f.Value}`).join(' ')}`,
      };
      if (subKey) (updated[key] as Record<string, Price>)[subKey] = price;
      else updated[key] = price;
      report(`${where}: ${result}`);
    }
    regions[region] = updated as unknown as RegionPrices;
  }
  return { ...table, asOf: today, regions };
}

async function main(): Promise<void> {
  let client: { send(command: unknown): Promise<GetProductsOutput> };
  let Command: new (input: GetProductsInput) => unknown;
  try {
    // Named at run time: the workspace does not install the package, so there is nothing for TypeScript to resolve.
    const sdk = await import(['@aws-sdk', 'client-pricing'].join('/'));
    client = new sdk.PricingClient({ region: 'us-east-1' });
    Command = sdk.GetProductsCommand;
  } catch {
    process.stderr.write(
      '@aws-sdk/client-pricing is not installed: `npm install --no-save @aws-sdk/client-pricing` first (docs/cost.md).\n',
    );
    process.exitCode = 1;
    return;
  }
  const table = JSON.parse(readFileSync(PRICE_TABLE_PATH, 'utf8')) as PriceTable;
  const updated = await updatedTable(
    table,
    (input) => client.send(new Command(input)),
    todayUtc(),
    (line) => process.stdout.write(`${line}\n`),
  );
  writeFileSync(PRICE_TABLE_PATH, `${JSON.stringify(updated, null, 2)}\n`);
  process.stdout.write(`rewrote ${PRICE_TABLE_PATH}; run \`npx nx run plan-review:cost-docs\` next\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  });
}
