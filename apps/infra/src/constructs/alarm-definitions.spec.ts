import { DEFAULT_ALARM_THRESHOLDS as T } from '../config/environment-rules';
import {
  apiAlarms,
  appMetricAlarms,
  databaseAlarms,
  defaultMaxConnections,
  functionAlarms,
  instanceClassMemoryBytes,
  proxyAlarms,
} from './alarm-definitions';

const byName = <D extends { name: string }>(definitions: D[]) =>
  Object.fromEntries(definitions.map((definition) => [definition.name, definition]));

describe('alarm definitions', () => {
  it('knows the memory of t, m and r classes and refuses a class it does not know', () => {
    expect(instanceClassMemoryBytes('db.t4g.micro')).toBe(1024 ** 3);
    expect(instanceClassMemoryBytes('db.m6g.xlarge')).toBe(16 * 1024 ** 3);
    expect(instanceClassMemoryBytes('db.r6g.large')).toBe(16 * 1024 ** 3);
    expect(() => instanceClassMemoryBytes('db.x2g.large')).toThrow(
      'database.instanceClass: db.x2g.large has no known memory size',
    );
  });

  it('puts the DB connections alarm at a share of the class default max_connections (DBInstanceClassMemory/12582880)', () => {
    expect(defaultMaxConnections('db.t4g.micro')).toBe(85);
    const db = byName(databaseAlarms({ instanceId: 'db-1', instanceClass: 'db.t4g.micro', allocatedStorageGb: 20 }, T));
    expect(db['db-connections']).toMatchObject({ metricName: 'DatabaseConnections', threshold: 68 });
    expect(db['db-free-storage']).toMatchObject({
      metricName: 'FreeStorageSpace',
      comparison: 'LessThanThreshold',
      threshold: 2 * 1024 ** 3,
      treatMissingData: 'breaching',
      critical: true,
    });
    expect(db['db-freeable-memory'].threshold).toBe(Math.round(0.1 * 1024 ** 3));
    expect(db['db-cpu']).toMatchObject({ threshold: 80, evaluationPeriods: 3, treatMissingData: 'missing' });
    expect(Object.values(db).every((alarm) => alarm.dimensions.DBInstanceIdentifier === 'db-1')).toBe(true);
  });

  it('alarms on sustained pinning only, failed logins and borrow latency (in microseconds) of the proxy', () => {
    const proxy = byName(proxyAlarms('rdsp-dev-proxy', T));
    expect(proxy['proxy-session-pinning']).toMatchObject({
      metricName: 'DatabaseConnectionsCurrentlySessionPinned',
      statistic: 'Minimum',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 0,
    });
    expect(proxy['proxy-auth-failures']).toMatchObject({
      metricName: 'ClientConnectionsSetupFailedAuth',
      threshold: 5,
    });
    expect(proxy['proxy-borrow-latency'].threshold).toBe(500_000);
  });

  it('watches a function against its own timeout and reservation, and skips concurrency at a reservation of 1', () => {
    const api = byName(
      functionAlarms(
        { functionName: 'fn', shortName: 'api', layer: 'lambda', timeoutSeconds: 20, reservedConcurrency: 10 },
        T,
      ),
    );
    expect(api['api-duration']).toMatchObject({ statistic: 'p99', threshold: 16000 });
    expect(api['api-concurrency']).toMatchObject({ metricName: 'ConcurrentExecutions', threshold: 8 });
    expect(api['api-throttles'].critical).toBe(true);
    const bootstrap = functionAlarms(
      { functionName: 'b', shortName: 'bootstrap', layer: 'rotation', timeoutSeconds: 300, reservedConcurrency: 1 },
      T,
    );
    expect(bootstrap.map((alarm) => alarm.name)).toEqual([
      'bootstrap-errors',
      'bootstrap-throttles',
      'bootstrap-duration',
    ]);
  });

  it('watches the API stage and the app metrics that mean a broken guarantee', () => {
    expect(apiAlarms({ apiId: 'a1', stage: 'dev' }, T).map((alarm) => [alarm.metricName, alarm.dimensions])).toEqual([
      ['5xx', { ApiId: 'a1', Stage: 'dev' }],
      ['Latency', { ApiId: 'a1', Stage: 'dev' }],
    ]);
    expect(
      appMetricAlarms('rdsp-dev-api', T).map((alarm) => [alarm.namespace, alarm.metricName, alarm.dimensions]),
    ).toEqual([
      ['RdsPlatform', 'CredentialRefreshesForced', { service: 'rdsp-dev-api' }],
      ['RdsPlatform', 'DbRetries', { service: 'rdsp-dev-api' }],
    ]);
  });

  it('explains every alarm: a title and a reason for its threshold and missing-data choice', () => {
    const all = [
      ...databaseAlarms({ instanceId: 'd', instanceClass: 'db.t4g.medium', allocatedStorageGb: 50 }, T),
      ...proxyAlarms('p', T),
      ...functionAlarms(
        { functionName: 'f', shortName: 'f', layer: 'lambda', timeoutSeconds: 10, reservedConcurrency: 5 },
        T,
      ),
      ...apiAlarms({ apiId: 'a', stage: 's' }, T),
      ...appMetricAlarms('s', T),
    ];
    for (const alarm of all) {
      expect({ alarm: alarm.name, why: alarm.why.length > 10, title: alarm.title.length > 3 }).toEqual({
        alarm: alarm.name,
        why: true,
        title: true,
      });
    }
    expect(new Set(all.map((alarm) => alarm.name)).size).toBe(all.length);
  });
});
