import type { EnvironmentConfig } from './environment-config';
import { DEFAULT_ALARM_THRESHOLDS } from './environment-rules';
import { PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL } from './placeholders';

// The account id and the alert address are placeholders: set your own before deploying (the deploy refuses them;
// see the README, "Deploying for real").
export const prod: EnvironmentConfig = {
  namePrefix: 'rdsp-prod',
  environment: 'prod',
  region: 'ap-northeast-2',
  accountId: PLACEHOLDER_ACCOUNT_ID,
  azNames: ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'],
  vpcCidr: '10.20.0.0/16',
  database: {
    instanceClass: 'db.r6g.large',
    allocatedStorageGb: 100,
    maxAllocatedStorageGb: 500,
    // MySQL 8.4, in RDS standard support, opted out of paid Extended Support (config/engine-version.ts). 8.0 runs
    // only with extendedSupport: true, a reviewed choice (README: "Decided, and why").
    engineVersion: '8.4',
    extendedSupport: false,
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 14,
    databaseName: 'app',
    appUsername: 'serverless',
  },
  proxy: {
    maxConnectionsPercent: 30,
    maxIdleConnectionsPercent: 10,
    idleClientTimeoutSeconds: 1800,
    connectionBorrowTimeoutSeconds: 5,
  },
  // iam mode's worst database path is 11 s (2 connects + 2 statements + 1 s); 20 s still fits secret mode's 19 s
  // (see dev.ts) if prod switches.
  lambda: {
    memoryMb: 512,
    timeoutSeconds: 20,
    reservedConcurrency: 50,
    dbConnectTimeoutMs: 2000,
    dbQueryTimeoutMs: 3000,
  },
  authMode: 'iam',
  logRetentionDays: 90,
  api: {
    throttlingBurstLimit: 200,
    throttlingRateLimit: 100,
    publicRouteThrottlingBurstLimit: 25,
    publicRouteThrottlingRateLimit: 50,
    integrationTimeoutSeconds: 29,
  },
  rotation: { automaticallyAfterDays: 30, reservedConcurrency: 2 },
  monitoring: {
    alarms: DEFAULT_ALARM_THRESHOLDS,
    // Your on-call address (each subscription must be confirmed from the e-mail SNS sends), or an HTTPS endpoint
    // below: an environment nobody is subscribed to pages nobody.
    alertEmails: [PLACEHOLDER_ALERT_EMAIL],
    alertHttpsEndpoints: [],
    enhancedMonitoringIntervalSeconds: 15,
    failoverDrill: false,
  },
  tags: { Project: 'rds-proxy-platform', Environment: 'prod', ManagedBy: 'cdktf' },
};
