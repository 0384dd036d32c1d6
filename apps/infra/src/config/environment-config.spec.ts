import { App } from 'cdktf';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory } from '../testing/synth-json';
import { state } from './state';
import { dev } from './dev';
import { type EnvironmentConfig, validateEnvironmentConfig, validateEnvironments } from './environment-config';
import { prod } from './prod';
import { connectionBudget, validateConnectionBudget } from './environment-rules';

type Override = (config: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

function variantOf(base: EnvironmentConfig, override: Override): EnvironmentConfig {
  const copy = structuredClone(base) as unknown as Record<string, unknown>;
  override(copy);
  return copy as unknown as EnvironmentConfig;
}

describe('validateEnvironmentConfig', () => {
  it('accepts the shipped dev and prod configurations', () => {
    expect(validateEnvironmentConfig(dev)).toBe(dev);
    expect(validateEnvironmentConfig(prod)).toBe(prod);
  });

  it('ships MySQL 8.4 opted out of paid Extended Support in dev and prod', () => {
    for (const config of [dev, prod]) {
      expect(config.database).toMatchObject({ engineVersion: '8.4', extendedSupport: false });
    }
  });

  it('still accepts MySQL 8.0 with the explicit Extended Support opt-in, in dev and prod', () => {
    for (const config of [dev, prod]) {
      const on80 = variantOf(config, (c) => Object.assign(c.database, { engineVersion: '8.0', extendedSupport: true }));
      expect(() => validateEnvironmentConfig(on80)).not.toThrow();
    }
  });

  it.each<[string, EnvironmentConfig, RegExp]>([
    [
      'fewer than 2 AZs',
      variantOf(dev, (c) => (c.azNames = ['ap-northeast-2a'])),
      /^azNames: needs at least 2 availability zones/,
    ],
    [
      'an AZ of another region',
      variantOf(dev, (c) => (c.azNames = ['ap-northeast-2a', 'us-east-1b'])),
      /^azNames: "us-east-1b" is not an AZ of ap-northeast-2/,
    ],
    [
      'the same AZ twice',
      variantOf(dev, (c) => (c.azNames = ['ap-northeast-2a', 'ap-northeast-2a'])),
      /^azNames: lists an availability zone twice/,
    ],
    [
      'a CIDR that does not parse',
      variantOf(dev, (c) => (c.vpcCidr = '10.0.0/16')),
      /^vpcCidr: "10.0.0\/16" is not an IPv4 CIDR block/,
    ],
    [
      'a CIDR with host bits set',
      variantOf(dev, (c) => (c.vpcCidr = '10.0.0.1/16')),
      /^vpcCidr: "10.0.0.1\/16" is not an IPv4 CIDR block/,
    ],
    [
      'a VPC range too small for the subnets',
      variantOf(dev, (c) => (c.vpcCidr = '10.0.0.0/26')),
      /^vpcCidr: 10.0.0.0\/26 must be \/16 or smaller/,
    ],
    [
      'a VPC range larger than /16',
      variantOf(dev, (c) => (c.vpcCidr = '10.0.0.0/8')),
      /^vpcCidr: 10.0.0.0\/8 must be \/16 or smaller/,
    ],
    [
      'a bad name prefix',
      variantOf(dev, (c) => (c.namePrefix = 'Rdsp_Dev')),
      /^namePrefix: must be 3-20 lowercase letters/,
    ],
    [
      'an unknown environment',
      variantOf(dev, (c) => (c.environment = 'staging')),
      /^environment: must be one of dev, prod/,
    ],
    ['a bad region', variantOf(dev, (c) => (c.region = 'seoul')), /^region: must be an AWS region name/],
    [
      'a bad account id',
      variantOf(dev, (c) => (c.accountId = '1234')),
      /^accountId: must be a 12-digit AWS account id/,
    ],
    [
      'a bad instance class',
      variantOf(dev, (c) => (c.database.instanceClass = 't4g.micro')),
      /^database\.instanceClass: must be an RDS instance class/,
    ],
    [
      'storage below the MySQL minimum',
      variantOf(dev, (c) => (c.database.allocatedStorageGb = 10)),
      /^database\.allocatedStorageGb: must be a whole number from 20 to 65536/,
    ],
    [
      'max storage below allocated storage',
      variantOf(dev, (c) => (c.database.maxAllocatedStorageGb = 19)),
      /^database\.maxAllocatedStorageGb: must be from allocatedStorageGb/,
    ],
    [
      'an engine other than MySQL 8.0 or 8.4',
      variantOf(dev, (c) => (c.database.engineVersion = '5.7')),
      /^database\.engineVersion: must be a MySQL 8\.0 or 8\.4 version such as "8\.4" or "8\.4\.5", got "5\.7"\.$/,
    ],
    [
      'MySQL 8.0 (past standard support) without accepting Extended Support',
      variantOf(dev, (c) => Object.assign(c.database, { engineVersion: '8.0', extendedSupport: false })),
      /^database\.extendedSupport: must be true to run MySQL 8\.0, which is past RDS standard support/,
    ],
    [
      'MySQL 8.0.40 (a pinned minor, past standard support) without accepting Extended Support, in prod',
      variantOf(prod, (c) => Object.assign(c.database, { engineVersion: '8.0.40', extendedSupport: false })),
      /^database\.extendedSupport: must be true to run MySQL 8\.0, which is past RDS standard support/,
    ],
    [
      'backup retention above 35 days',
      variantOf(dev, (c) => (c.database.backupRetentionDays = 36)),
      /^database\.backupRetentionDays: must be a whole number from 1 to 35/,
    ],
    [
      'a bad database name',
      variantOf(dev, (c) => (c.database.databaseName = '1app')),
      /^database\.databaseName: must be a MySQL database name/,
    ],
    [
      'a bad app user name',
      variantOf(dev, (c) => (c.database.appUsername = 'app-user')),
      /^database\.appUsername: must be a MySQL user name/,
    ],
    [
      'single-AZ prod',
      variantOf(prod, (c) => (c.database.multiAz = false)),
      /^database\.multiAz: must be true in prod/,
    ],
    [
      'prod without deletion protection',
      variantOf(prod, (c) => (c.database.deletionProtection = false)),
      /^database\.deletionProtection: must be true in prod/,
    ],
    [
      'prod with under 7 days of backups',
      variantOf(prod, (c) => (c.database.backupRetentionDays = 3)),
      /^database\.backupRetentionDays: must be at least 7 in prod/,
    ],
    [
      'a pool percent of 0',
      variantOf(dev, (c) => (c.proxy.maxConnectionsPercent = 0)),
      /^proxy\.maxConnectionsPercent: must be a whole number from 1 to 100, got 0/,
    ],
    [
      'a pool percent above 100',
      variantOf(dev, (c) => (c.proxy.maxConnectionsPercent = 101)),
      /^proxy\.maxConnectionsPercent: must be a whole number from 1 to 100, got 101/,
    ],
    [
      'an idle pool above the pool',
      variantOf(dev, (c) => (c.proxy.maxIdleConnectionsPercent = 40)),
      /^proxy\.maxIdleConnectionsPercent: must be a whole number from 0 to 30/,
    ],
    [
      'an idle client timeout above 8 hours',
      variantOf(dev, (c) => (c.proxy.idleClientTimeoutSeconds = 28801)),
      /^proxy\.idleClientTimeoutSeconds: must be a whole number from 1 to 28800/,
    ],
    [
      'a borrow timeout not below the Lambda timeout',
      variantOf(dev, (c) => (c.proxy.connectionBorrowTimeoutSeconds = c.lambda.timeoutSeconds)),
      /^proxy\.connectionBorrowTimeoutSeconds: must be a whole number from 1 to 19 \(one second below lambda\.timeoutSeconds = 20\), got 20\.$/,
    ],
    [
      'an Enhanced Monitoring interval RDS does not offer',
      variantOf(dev, (c) => (c.monitoring.enhancedMonitoringIntervalSeconds = 20)),
      /^monitoring\.enhancedMonitoringIntervalSeconds: must be one of 0, 1, 5, 10, 15, 30, 60, got 20\.$/,
    ],
    [
      'an alert endpoint over plain HTTP',
      variantOf(dev, (c) => (c.monitoring = { ...c.monitoring, alertHttpsEndpoints: ['http://hooks.example.com'] })),
      /^monitoring\.alertHttpsEndpoints: "http:\/\/hooks\.example\.com" must be an https:\/\/ URL/,
    ],
    [
      'a VPC range of public address space (it would shadow real internet addresses)',
      variantOf(dev, (c) => (c.vpcCidr = '8.8.0.0/16')),
      /^vpcCidr: 8\.8\.0\.0\/16 is not private address space: use RFC 1918/,
    ],
    [
      'a prod environment nobody is subscribed to (every alarm would page nobody)',
      variantOf(prod, (c) => (c.monitoring = { ...c.monitoring, alertEmails: [], alertHttpsEndpoints: [] })),
      /^monitoring\.alertEmails: prod needs at least one subscriber/,
    ],
    [
      'an alert address that is not one',
      variantOf(dev, (c) => (c.monitoring = { ...c.monitoring, alertEmails: ['oncall'] })),
      /^monitoring\.alertEmails: "oncall" is not an e-mail address\.$/,
    ],
    [
      'a CPU threshold above 100 %',
      variantOf(
        dev,
        (c) => (c.monitoring = { ...c.monitoring, alarms: { ...c.monitoring.alarms, dbCpuPercent: 101 } }),
      ),
      /^monitoring\.alarms\.dbCpuPercent: must be a whole number from 1 to 100, got 101\.$/,
    ],
    [
      'a failover drill on a single-AZ database',
      variantOf(dev, (c) => (c.database.multiAz = false)),
      /^monitoring\.failoverDrill: needs database\.multiAz/,
    ],
    [
      'Lambda memory below 128 MB',
      variantOf(dev, (c) => (c.lambda.memoryMb = 64)),
      /^lambda\.memoryMb: must be a whole number from 128 to 10240/,
    ],
    [
      'a Lambda timeout not below the API integration timeout',
      variantOf(dev, (c) => (c.lambda.timeoutSeconds = 29)),
      /^lambda\.timeoutSeconds: \(29\) must be below api\.integrationTimeoutSeconds \(29\)/,
    ],
    [
      'no reserved concurrency',
      variantOf(dev, (c) => (c.lambda.reservedConcurrency = 0)),
      /^lambda\.reservedConcurrency: must be a whole number from 1 to 1000/,
    ],
    [
      'an integration timeout above the HTTP API maximum',
      variantOf(dev, (c) => (c.api.integrationTimeoutSeconds = 31)),
      /^api\.integrationTimeoutSeconds: must be a whole number from 1 to 30/,
    ],
    [
      'a zero burst limit',
      variantOf(dev, (c) => (c.api.throttlingBurstLimit = 0)),
      /^api\.throttlingBurstLimit: must be a whole number from 1 to 5000/,
    ],
    [
      'anonymous routes allowed a burst above half the reserved concurrency',
      variantOf(dev, (c) => (c.api.publicRouteThrottlingBurstLimit = 6)),
      /^api\.publicRouteThrottlingBurstLimit: must be a whole number from 1 to 5 \(half of lambda\.reservedConcurrency = 10, and not above the stage's burst\), got 6\.$/,
    ],
    [
      'anonymous routes allowed a higher rate than the stage',
      variantOf(dev, (c) => (c.api.publicRouteThrottlingRateLimit = 21)),
      /^api\.publicRouteThrottlingRateLimit: must be above 0 and at most api\.throttlingRateLimit \(20\), got 21\.$/,
    ],
    [
      'a zero rate limit',
      variantOf(dev, (c) => (c.api.throttlingRateLimit = 0)),
      /^api\.throttlingRateLimit: must be above 0/,
    ],
    [
      'an unknown auth mode',
      variantOf(dev, (c) => (c.authMode = 'password')),
      /^authMode: must be "secret" or "iam", got "password"/,
    ],
    [
      'a retention CloudWatch refuses',
      variantOf(dev, (c) => (c.logRetentionDays = 10)),
      /^logRetentionDays: must be a value CloudWatch Logs accepts/,
    ],
    [
      'a rotation period of 0 days',
      variantOf(dev, (c) => (c.rotation.automaticallyAfterDays = 0)),
      /^rotation\.automaticallyAfterDays: must be a whole number from 1 to 1000/,
    ],
    [
      'no reserved concurrency for rotation',
      variantOf(dev, (c) => (c.rotation.reservedConcurrency = 0)),
      /^rotation\.reservedConcurrency: must be a whole number from 1 to 5, got 0/,
    ],
    [
      'a reserved tag key',
      variantOf(dev, (c) => (c.tags = { 'aws:owner': 'me' })),
      /^tags: key "aws:owner" must be 1-128 characters and not start with "aws:"/,
    ],
  ])('GIVEN %s WHEN validated THEN it fails naming the field', (_case, config, message) => {
    expect(() => validateEnvironmentConfig(config)).toThrow(message);
  });
});

describe('the connection budget (reserved concurrency x connections per container within the proxy pool)', () => {
  // MaxConnectionsPercent: the pool is that share of max_connections
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.maxconnectionspercent);
  // max_connections is what our parameter group sets for the class (config/max-connections.ts).
  it('GIVEN the shipped dev and prod configurations THEN each fits, with the numbers the parameter group sets', () => {
    expect(connectionBudget(dev)).toEqual({ needed: 10, pool: 16, maxConnections: 56 });
    expect(connectionBudget(prod)).toEqual({ needed: 50, pool: 273, maxConnections: 910 });
    expect(() => validateConnectionBudget(dev)).not.toThrow();
    expect(() => validateConnectionBudget(prod)).not.toThrow();
  });

  it('GIVEN dev at exactly its pool (16 containers) THEN it passes', () => {
    expect(() => validateEnvironmentConfig(variantOf(dev, (c) => (c.lambda.reservedConcurrency = 16)))).not.toThrow();
  });

  it('GIVEN a reserved concurrency above the pool THEN it fails naming the field and every number', () => {
    const tooMany = variantOf(dev, (c) => (c.lambda.reservedConcurrency = 17));

    expect(() => validateEnvironmentConfig(tooMany)).toThrow(
      "lambda.reservedConcurrency: 17 containers x 1 DB connection each = 17 connections do not fit in the proxy's " +
        'pool: proxy.maxConnectionsPercent 30 % of max_connections 56 (db.t4g.micro) = 16.',
    );
  });

  it('GIVEN prod with a smaller pool share THEN the same rule holds: 50 containers need 6 % of 910 (54)', () => {
    expect(() =>
      validateEnvironmentConfig(
        variantOf(prod, (c) => Object.assign(c.proxy, { maxConnectionsPercent: 6, maxIdleConnectionsPercent: 5 })),
      ),
    ).not.toThrow();
    expect(() =>
      validateEnvironmentConfig(
        variantOf(prod, (c) => Object.assign(c.proxy, { maxConnectionsPercent: 5, maxIdleConnectionsPercent: 5 })),
      ),
    ).toThrow(
      /^lambda\.reservedConcurrency: 50 containers .* = 50 connections .* proxy\.maxConnectionsPercent 5 % of max_connections 910 \(db\.r6g\.large\) = 45\./,
    );
  });
});

describe('validateEnvironments', () => {
  it('GIVEN two environments with overlapping VPC ranges WHEN validated THEN it names vpcCidr and both ranges', () => {
    const overlappingProd = variantOf(prod, (c) => (c.vpcCidr = '10.10.128.0/17'));
    expect(() => validateEnvironments({ dev, prod: overlappingProd })).toThrow(
      /^vpcCidr: prod's 10\.10\.128\.0\/17 overlaps dev's 10\.10\.0\.0\/16/,
    );
  });

  it('GIVEN a config registered under another environment name WHEN validated THEN it names environment', () => {
    expect(() => validateEnvironments({ prod: dev })).toThrow(
      /^environment: is "dev" but the config is registered as "prod"/,
    );
  });
});

describe('one validation home', () => {
  it('GIVEN no idle connections (AWS allows 0 %) THEN the config rules and the proxy construct both accept it', () => {
    const config = variantOf(dev, (c) => (c.proxy.maxIdleConnectionsPercent = 0));
    expect(() => validateEnvironmentConfig(config)).not.toThrow();
    // The construct runs the same rule: a stack of that config synthesizes with a 0 % idle pool.
    const bundle = fakeBundleDirectory();
    const stack = new EnvironmentStack(new App({ outdir: bundle }), 'dev', {
      config,
      state,
      variant: 'offline',
      lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
    });
    const pools = Object.values(
      JSON.parse(JSON.stringify(stack.toTerraform())).resource.aws_db_proxy_default_target_group,
    );
    // A value both reject gets the same sentence from each.
    const tooIdle = variantOf(dev, (c) => (c.proxy.maxIdleConnectionsPercent = 31));
    const message = 'proxy.maxIdleConnectionsPercent: must be a whole number from 0 to 30, got 31.';
    expect(() => validateEnvironmentConfig(tooIdle)).toThrow(message);
    expect(
      () =>
        new EnvironmentStack(new App({ outdir: bundle }), 'dev', {
          config: tooIdle,
          state,
          variant: 'offline',
          lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
        }),
    ).toThrow(message);
    expect(pools).toEqual([
      expect.objectContaining({ connection_pool_config: expect.objectContaining({ max_idle_connections_percent: 0 }) }),
    ]);
  });
});

describe('an environment that breaks a rule', () => {
  it('names its own file, so a broken prod.ts does not read like a broken dev.ts', () => {
    expect(() =>
      validateEnvironments({ dev, prod: { ...prod, vpcCidr: '100.64.0.0/16', logRetentionDays: 4 } }),
    ).toThrow(/^apps\/infra\/src\/config\/prod\.ts: logRetentionDays: must be a value CloudWatch Logs accepts/);
  });

  it('accepts RFC 6598 shared address space for a VPC (AWS allows 100.64.0.0/10)', () => {
    expect(() => validateEnvironments({ dev, prod: { ...prod, vpcCidr: '100.64.0.0/16' } })).not.toThrow();
  });
});
