import { isObject } from '../model/values';
import { PRICE_TABLE, type Provenance } from './price-table';

/** Every dated number of the table, with where it sits (`regions.us-east-1.kmsKeyMonth`). */
function provenances(value: unknown, path = ''): [string, Provenance][] {
  if (!isObject(value)) return [];
  if (typeof value['source'] === 'string') return [[path, value as unknown as Provenance]];
  return Object.entries(value).flatMap(([key, item]) => provenances(item, path ? `${path}.${key}` : key));
}

describe('the price table (price-table.json)', () => {
  const entries = provenances(PRICE_TABLE);

  it('prices the Regions the stacks deploy to (apps/infra config: ap-northeast-2) and us-east-1', () => {
    expect(Object.keys(PRICE_TABLE.regions)).toEqual(expect.arrayContaining(['ap-northeast-2', 'us-east-1']));
  });

  it('gives every number an AWS source, the day it was read (not after the table), and says why when unverified', () => {
    expect(entries.length).toBeGreaterThan(30);
    for (const [path, entry] of entries) {
      expect({ path, source: entry.source }).toEqual({
        path,
        source: expect.stringMatching(/^https:\/\/(docs\.)?aws\.amazon\.com\//),
      });
      expect({ path, read: entry.read <= PRICE_TABLE.asOf && /^\d{4}-\d{2}-\d{2}$/.test(entry.read) }).toEqual({
        path,
        read: true,
      });
      if (!entry.verified) expect({ path, note: entry.note }).toEqual({ path, note: expect.stringMatching(/.{20}/) });
    }
  });

  it('knows the vCPUs of every instance class it prices (RDS Proxy and Extended Support bill per vCPU)', () => {
    for (const region of Object.values(PRICE_TABLE.regions))
      for (const instanceClass of Object.keys(region.rdsInstanceHour))
        expect({ instanceClass, vcpus: PRICE_TABLE.instanceVcpus[instanceClass]?.vcpus }).toEqual({
          instanceClass,
          vcpus: expect.any(Number),
        });
  });
});
