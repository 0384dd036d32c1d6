import type { EnvironmentConfig } from './environment-config';
import { DEFAULT_ALARM_THRESHOLDS } from './environment-rules';
import { PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL } from './placeholders';

// The account id and the alert address are placeholders: set your own before deploying (the deploy refuses them;
// see the README, "Deploying for real").
export const dev: EnvironmentConfig = {
  namePrefix: 'rdsp-dev',
  environment: 'dev',
  region: 'ap-northeast-2',
  accountId: PLACEHOLDER_ACCOUNT_ID,
  azNames: ['ap-northeast-2a', 'ap-northeast-2c'],
  vpcCidr: '10.10.0.0/16',
  database: {
    instanceClass: 'db.t4g.micro',
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    // MySQL 8.4, in RDS standard support, opted out of paid Extended Support (config/engine-version.ts). 8.0 runs
    // only with extendedSupport: true, a reviewed choice (README: "Decided, and why").
    engineVersion: '8.4',
    extendedSupport: false,
    // Multi-AZ in dev too: the failover drills (failover-meter) run against dev.
    multiAz: true,
    deletionProtection: false,
    backupRetentionDays: 1,
    databaseName: 'app',
    appUsername: 'serverless',
  },
  proxy: {
    maxConnectionsPercent: 30,
    maxIdleConnectionsPercent: 10,
    idleClientTimeoutSeconds: 1800,
    connectionBorrowTimeoutSeconds: 5,
  },
  // 20 s: the worst database path (secret mode: 3 x 2 s secret fetches + 3 x 2 s connects + 2 x 3 s statements
  // + 1 s) must end inside it, so callers get a 503 rather than a Lambda timeout; an in-VPC TLS login takes ms.
  lambda: {
    memoryMb: 256,
    timeoutSeconds: 20,
    reservedConcurrency: 10,
    dbConnectTimeoutMs: 2000,
    dbQueryTimeoutMs: 3000,
  },
  authMode: 'secret',
  logRetentionDays: 14,
  api: {
    throttlingBurstLimit: 50,
    throttlingRateLimit: 20,
    publicRouteThrottlingBurstLimit: 5,
    publicRouteThrottlingRateLimit: 5,
    integrationTimeoutSeconds: 29,
  },
  rotation: { automaticallyAfterDays: 30, reservedConcurrency: 2 },
  monitoring: {
    alarms: DEFAULT_ALARM_THRESHOLDS,
    // Your on-call address (each subscription must be confirmed from the e-mail SNS sends), or an HTTPS endpoint
    // below: an environment nobody is subscribed to pages nobody.
    alertEmails: [PLACEHOLDER_ALERT_EMAIL],
    alertHttpsEndpoints: [],
    enhancedMonitoringIntervalSeconds: 60,
    failoverDrill: true,
  },
  tags: { Project: 'rds-proxy-platform', Environment: 'dev', ManagedBy: 'cdktf' },
};
