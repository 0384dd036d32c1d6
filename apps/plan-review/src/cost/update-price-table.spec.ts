import { PRICE_TABLE, type PriceTable } from './price-table';
import {
  fetchPrice,
  filtersOf,
  onDemandPrices,
  queriesFor,
  updatedTable,
  type GetProducts,
  type GetProductsInput,
} from './update-price-table';

/** One product of a GetProducts answer, shaped as the Price List API returns it (a JSON string per product). */
function product(sku: string, usd: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({
    product: { productFamily: 'Database Instance', sku, attributes: { regionCode: 'ap-northeast-2', ...extra } },
    serviceCode: 'AmazonRDS',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          offerTermCode: 'JRTCKXETXF',
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit: 'Hrs',
              beginRange: '0',
              endRange: 'Inf',
              description: 'USD per instance hour',
              pricePerUnit: { USD: usd },
            },
          },
        },
      },
    },
  });
}

/** Answers each GetProducts call from `answers`, by the instance type or service asked for; records every call. */
function standIn(answers: (input: GetProductsInput) => string[]): {
  getProducts: GetProducts;
  calls: GetProductsInput[];
} {
  const calls: GetProductsInput[] = [];
  return {
    calls,
    getProducts: async (input) => {
      calls.push(input);
      return { PriceList: answers(input) };
    },
  };
}

const seoul = PRICE_TABLE.regions['ap-northeast-2'];
const instanceQuery = queriesFor(seoul).find((query) => query.path[1] === 'db.t4g.micro');

describe('the price table update (AWS Price List API GetProducts; never called for real in a test)', () => {
  it('asks for RDS for MySQL Single-AZ on-demand per instance class, in the Region by its regionCode', () => {
    expect(instanceQuery).toBeDefined();
    expect(filtersOf(instanceQuery!, 'ap-northeast-2')).toEqual([
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'ap-northeast-2' },
      { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.t4g.micro' },
      { Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'MySQL' },
      // Single-AZ: the estimate doubles it for Multi-AZ (AWS bills the standby's instance-hours too).
      { Type: 'TERM_MATCH', Field: 'deploymentOption', Value: 'Single-AZ' },
    ]);
  });

  it('reads the first tier of the on-demand terms, and finds one price or says why not', async () => {
    expect(onDemandPrices([product('A', '0.0250000000'), product('B', '0.0250000000')])).toEqual([0.025]);
    const one = standIn(() => [product('A', '0.0250000000')]);
    await expect(fetchPrice(one.getProducts, instanceQuery!, 'ap-northeast-2')).resolves.toBe(0.025);
    const two = standIn(() => [product('A', '0.025'), product('B', '0.05')]);
    await expect(fetchPrice(two.getProducts, instanceQuery!, 'ap-northeast-2')).resolves.toBe(
      '2 different prices (0.025, 0.05)',
    );
    const none = standIn(() => []);
    await expect(fetchPrice(none.getProducts, instanceQuery!, 'ap-northeast-2')).resolves.toBe('no price');
  });

  it('pages through NextToken and converts per-request prices to per million', async () => {
    const requests = queriesFor(seoul).find((query) => query.path[0] === 'lambdaRequestsMillion')!;
    const pages = [{ PriceList: [], NextToken: 'page-2' }, { PriceList: [product('L', '0.0000002')] }];
    const getProducts: GetProducts = async () => pages.shift()!;
    await expect(fetchPrice(getProducts, requests, 'ap-northeast-2')).resolves.toBeCloseTo(0.2);
  });

  it('writes a found price as read from AWS that day and keeps every other entry as it was', async () => {
    const table: PriceTable = { ...PRICE_TABLE, regions: { 'ap-northeast-2': seoul } };
    const { getProducts, calls } = standIn((input) =>
      input.Filters.some((filter) => filter.Value === 'db.t4g.micro') ? [product('A', '0.026')] : [],
    );
    const report: string[] = [];
    const updated = await updatedTable(table, getProducts, '2027-01-15', (line) => report.push(line));
    expect(updated.asOf).toBe('2027-01-15');
    expect(updated.regions['ap-northeast-2'].rdsInstanceHour['db.t4g.micro']).toMatchObject({
      usd: 0.026,
      read: '2027-01-15',
      verified: true,
      source: seoul.rdsInstanceHour['db.t4g.micro'].source,
    });
    expect(updated.regions['ap-northeast-2'].kmsKeyMonth).toEqual(seoul.kmsKeyMonth);
    expect(report).toContain('ap-northeast-2 kmsKeyMonth: kept (no price)');
    expect(calls.every((call) => call.FormatVersion === 'aws_v1')).toBe(true);
  });
});
