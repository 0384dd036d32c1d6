import { dev } from '../config/dev';
import { validateEnvironmentConfig } from '../config/environment-config';
import { DEFAULT_ALARM_THRESHOLDS as T } from '../config/environment-rules';
import {
  type AlarmDefinition,
  apiAlarms,
  appMetricAlarms,
  databaseAlarms,
  functionAlarms,
  GIB_PER_LARGE,
  instanceClassMemoryBytes,
  maxConnections,
  proxyAlarms,
  SIZE_FACTOR,
  storageFullBytes,
  T_CLASS_MEMORY_GIB,
} from './alarm-definitions';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const byName = <D extends { name: string }>(definitions: D[]) =>
  Object.fromEntries(definitions.map((definition) => [definition.name, definition]));

/** Every instance class the memory table knows, in the families this project uses. */
const KNOWN_CLASSES = [
  ...Object.keys(T_CLASS_MEMORY_GIB).flatMap((size) => [`db.t3.${size}`, `db.t4g.${size}`]),
  ...Object.keys(GIB_PER_LARGE).flatMap((family) => Object.keys(SIZE_FACTOR).map((size) => `db.${family}6g.${size}`)),
];

const watched = (instanceClass: string, allocatedStorageGb = 20, maxAllocatedStorageGb = allocatedStorageGb) => ({
  instanceId: 'db-1',
  instanceClass,
  allocatedStorageGb,
  maxAllocatedStorageGb,
});

/**
 * The RDS Proxy metrics we alarm on, as https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
 * lists them: "the most useful statistic", the dimension sets the metric is published with (1: ProxyName;
 * 2: ProxyName, EndpointName; 3: ProxyName, TargetGroup, Target; 4: ProxyName, TargetGroup, TargetRole) and the valid
 * period ("1 minute" for the gauges reported every minute, "1 minute and above" for counts and latencies). RDS publishes
 * them per proxy node, so the statistic is what aggregates the nodes.
 */
const SET_1 = ['ProxyName'];
const SET_2 = ['EndpointName', 'ProxyName'];
const SET_3 = ['ProxyName', 'Target', 'TargetGroup'];
const SET_4 = ['ProxyName', 'TargetGroup', 'TargetRole'];
const RDS_PROXY_METRICS: Record<string, { statistic: string; dimensionSets: string[][]; onlyOneMinute: boolean }> = {
  AvailabilityPercentage: { statistic: 'Average', dimensionSets: [SET_4], onlyOneMinute: true },
  ClientConnectionsSetupFailedAuth: { statistic: 'Sum', dimensionSets: [SET_1, SET_2], onlyOneMinute: false },
  DatabaseConnectionsBorrowLatency: { statistic: 'Average', dimensionSets: [SET_1, SET_2], onlyOneMinute: false },
  DatabaseConnectionsCurrentlySessionPinned: {
    statistic: 'Sum',
    dimensionSets: [SET_1, SET_3, SET_4],
    onlyOneMinute: true,
  },
  DatabaseConnectionsSetupFailed: { statistic: 'Sum', dimensionSets: [SET_1, SET_3, SET_4], onlyOneMinute: false },
};

describe('alarm definitions', () => {
  it('knows the memory of t, m and r classes and refuses a class it does not know', () => {
    expect(instanceClassMemoryBytes('db.t4g.micro')).toBe(1024 ** 3);
    expect(instanceClassMemoryBytes('db.m6g.xlarge')).toBe(16 * 1024 ** 3);
    expect(instanceClassMemoryBytes('db.r6g.large')).toBe(16 * 1024 ** 3);
    expect(() => instanceClassMemoryBytes('db.x2g.large')).toThrow(
      'database.instanceClass: db.x2g.large has no known memory size',
    );
  });

  describe('DB connections (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections)', () => {
    it('sets max_connections at or below the defaults AWS quotes: about 60 on a 1 GiB class (db.t3.micro), about 630 on 8 GiB (db.m7g.large)', () => {
      expect(maxConnections('db.t3.micro')).toBeLessThanOrEqual(60);
      expect(maxConnections('db.t4g.micro')).toBeLessThanOrEqual(60);
      expect(maxConnections('db.m7g.large')).toBeLessThanOrEqual(630);
      expect(maxConnections('db.t4g.large')).toBeLessThanOrEqual(630);
    });

    it.each(KNOWN_CLASSES)(
      'on %s, sets max_connections in MySQL’s allowed 1-100000, at most {memory/12582880}, and the alarm fires strictly below it at any allowed share',
      (instanceClass) => {
        const max = maxConnections(instanceClass);
        expect(max).toBeGreaterThanOrEqual(1);
        expect(max).toBeLessThanOrEqual(100000);
        // DBInstanceClassMemory is the class memory less what RDS keeps, so the formula on the nominal memory bounds
        // AWS's default from above.
        expect(max).toBeLessThanOrEqual(Math.floor(instanceClassMemoryBytes(instanceClass) / 12582880));
        for (let percent = 1; percent <= 99; percent++) {
          const alarm = byName(databaseAlarms(watched(instanceClass), { ...T, dbConnectionsPercent: percent }))[
            'db-connections'
          ];
          // GreaterThanThreshold: reachable only if some connection count the instance admits is above it.
          expect({ instanceClass, percent, reachable: alarm.threshold < max }).toEqual({
            instanceClass,
            percent,
            reachable: true,
          });
        }
      },
    );

    it("puts dev's DB connections alarm at 80 % of the 56 connections a db.t4g.micro gets", () => {
      const alarm = byName(databaseAlarms(watched('db.t4g.micro'), T))['db-connections'];
      expect(alarm).toMatchObject({ metricName: 'DatabaseConnections', comparison: 'GreaterThanThreshold' });
      expect(maxConnections('db.t4g.micro')).toBe(56);
      expect(alarm.threshold).toBe(44);
    });

    it('refuses a connections share of 100 %: MySQL never has more than max_connections connections', () => {
      const config = { ...dev, monitoring: { ...dev.monitoring, alarms: { ...T, dbConnectionsPercent: 100 } } };
      expect(() => validateEnvironmentConfig(config)).toThrow(
        /^monitoring\.alarms\.dbConnectionsPercent: must be a whole number from 1 to 99/,
      );
    });
  });

  describe('free storage', () => {
    it('knows where RDS stops MySQL for a full disk: 200 MiB below 20,000 MiB, 1 % up to 102,400 MiB, 1024 MiB above (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.KnownIssuesAndLimitations.html)', () => {
      expect(storageFullBytes(19)).toBe(200 * MIB);
      expect(storageFullBytes(50)).toBe(0.5 * GIB);
      expect(storageFullBytes(100)).toBe(1024 * MIB);
      expect(storageFullBytes(500)).toBe(1024 * MIB);
    });

    it.each([
      [20, 100],
      [100, 500],
      [20, 22],
      [20, 65536],
      [1000, 65536],
    ])(
      'with storage autoscaling (%i to %i GiB) alarms below where autoscaling grows the volume (10 %% free, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html) and above where RDS stops MySQL at the maximum',
      (allocated, max) => {
        const alarm = byName(databaseAlarms(watched('db.t4g.micro', allocated, max), T))['db-free-storage'];
        expect(alarm).toMatchObject({ metricName: 'FreeStorageSpace', comparison: 'LessThanThreshold' });
        // Autoscaling lets free space fall to 10 % of the allocation, at least 10 % of the first one, before it acts.
        expect(alarm.threshold).toBeLessThan(0.1 * allocated * GIB);
        // Any allocation up to the maximum stops MySQL at or below the maximum's storage-full point.
        expect(alarm.threshold).toBeGreaterThan(storageFullBytes(max));
        expect(alarm.why).toMatch(/autoscaling/);
      },
    );

    it("puts dev's alarm (20 GiB growing to 100) at 1.5 GiB: between 2 GiB (autoscaling's trigger) and 1 GiB (storage-full at 100 GiB)", () => {
      const alarm = byName(databaseAlarms(watched('db.t4g.micro', 20, 100), T))['db-free-storage'];
      expect(alarm).toMatchObject({ threshold: 1.5 * GIB, treatMissingData: 'breaching', critical: true });
    });

    it('without autoscaling, alarms at a share of the allocation, and refuses a share at or below storage-full', () => {
      const alarm = byName(databaseAlarms(watched('db.t4g.micro', 20, 20), T))['db-free-storage'];
      expect(alarm).toMatchObject({ threshold: 2 * GIB, treatMissingData: 'breaching', critical: true });
      expect(() => databaseAlarms(watched('db.t4g.micro', 50, 50), { ...T, dbFreeStoragePercent: 1 })).toThrow(
        /^monitoring\.alarms\.dbFreeStoragePercent: 1 % of 50 GiB is at or below the free space at which RDS stops MySQL/,
      );
    });
  });

  it('watches CPU and memory of the instance', () => {
    const db = byName(databaseAlarms(watched('db.t4g.micro'), T));
    expect(db['db-freeable-memory'].threshold).toBe(Math.round(0.1 * 1024 ** 3));
    expect(db['db-cpu']).toMatchObject({ threshold: 80, evaluationPeriods: 3, treatMissingData: 'missing' });
    expect(Object.values(db).every((alarm) => alarm.dimensions.DBInstanceIdentifier === 'db-1')).toBe(true);
  });

  it('says what "missing" does: with no data at all the alarm goes to INSUFFICIENT_DATA (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html)', () => {
    const missing = [...databaseAlarms(watched('db.t4g.micro', 20, 100), T), ...proxyAlarms('p', T)].filter(
      (alarm) => alarm.treatMissingData === 'missing',
    );
    expect(missing.map((alarm) => alarm.name)).toEqual(['db-cpu', 'db-connections', 'proxy-target-availability']);
    for (const alarm of missing) {
      expect({ alarm: alarm.name, why: alarm.why }).toEqual({
        alarm: alarm.name,
        why: expect.stringContaining('INSUFFICIENT_DATA'),
      });
      expect(alarm.why).not.toMatch(/keeps the last state/);
    }
  });

  describe('RDS Proxy (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html)', () => {
    const proxy = proxyAlarms('rdsp-dev-proxy', T, 'default');
    const alarm = byName(proxy);

    it('alarms on each proxy metric with the statistic the metric table calls most useful, on a dimension set it lists, at a valid period', () => {
      const actual = proxy.map((definition) => [
        definition.metricName,
        definition.statistic,
        Object.keys(definition.dimensions).sort(),
        definition.periodSeconds,
      ]);
      expect(actual).toEqual(
        proxy.map((definition) => {
          const documented = RDS_PROXY_METRICS[definition.metricName];
          return [
            definition.metricName,
            documented?.statistic,
            documented?.dimensionSets.find((set) => set.join() === Object.keys(definition.dimensions).sort().join()) ??
              'not a documented dimension set',
            documented?.onlyOneMinute || definition.periodSeconds % 60 !== 0 ? 60 : definition.periodSeconds,
          ];
        }),
      );
    });

    it("watches the proxy's health: whether it reaches the database (AvailabilityPercentage) and logs in to it (DatabaseConnectionsSetupFailed)", () => {
      expect([...new Set(proxy.map((definition) => definition.metricName))].sort()).toEqual(
        Object.keys(RDS_PROXY_METRICS).sort(),
      );
      expect(alarm['proxy-target-availability']).toMatchObject({
        metricName: 'AvailabilityPercentage',
        dimensions: { ProxyName: 'rdsp-dev-proxy', TargetGroup: 'default', TargetRole: 'READ_WRITE' },
        comparison: 'LessThanThreshold',
        threshold: 90,
        // Some proxy metrics appear only after the proxy's first successful connection: no data is not an outage.
        treatMissingData: 'missing',
      });
      expect(alarm['proxy-db-connection-failures']).toMatchObject({
        metricName: 'DatabaseConnectionsSetupFailed',
        dimensions: { ProxyName: 'rdsp-dev-proxy' },
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 5,
        treatMissingData: 'notBreaching',
      });
    });

    it('makes no alarm critical that a drill trips: a Multi-AZ failover typically takes 60-120 s (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html)', () => {
      // Target availability needs more consecutive breaching periods than a 120-second outage can touch.
      const availability = alarm['proxy-target-availability'];
      const periodsAFailoverTouches = Math.ceil(120 / availability.periodSeconds) + 1;
      expect(availability.datapointsToAlarm).toBe(availability.evaluationPeriods);
      expect(availability.datapointsToAlarm).toBeGreaterThan(periodsAFailoverTouches);
      expect(availability.critical).toBe(true);
      // The proxy's connection attempts fail while the instance fails over: one 5-minute period of them is a drill.
      expect(alarm['proxy-db-connection-failures'].critical).toBeFalsy();
    });

    it('alarms on sustained pinning only (Sum over the proxy nodes in each of 15 minutes), failed logins and borrow latency in microseconds', () => {
      expect(alarm['proxy-session-pinning']).toMatchObject({
        metricName: 'DatabaseConnectionsCurrentlySessionPinned',
        statistic: 'Sum',
        periodSeconds: 60,
        evaluationPeriods: 15,
        datapointsToAlarm: 15,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
      });
      expect(alarm['proxy-auth-failures']).toMatchObject({
        metricName: 'ClientConnectionsSetupFailedAuth',
        threshold: 5,
        critical: true,
      });
      expect(alarm['proxy-borrow-latency'].threshold).toBe(500_000);
    });

    it("takes the target group's name from the proxy, and RDS's name for the default one otherwise", () => {
      expect(byName(proxyAlarms('p', T, '${tg.name}'))['proxy-target-availability'].dimensions.TargetGroup).toBe(
        '${tg.name}',
      );
      expect(byName(proxyAlarms('p', T))['proxy-target-availability'].dimensions.TargetGroup).toBe('default');
    });
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
    const all: AlarmDefinition[] = [
      ...databaseAlarms(watched('db.t4g.medium', 50, 200), T),
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
    expect(byName(databaseAlarms(watched('db.t4g.medium', 50, 50), T))['db-free-storage'].why).toMatch(
      /^of the 50 GiB allocated \(no storage autoscaling\)/,
    );
  });
});
