/**
 * Outages for the rotation specs: the throwaway MariaDB stopped, killed or paused at a chosen point, and what the
 * service would allow next. Only for specs.
 */
import type { MariaDbServer } from '@rds-platform/testing/mariadb';
import type { SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';

/**
 * How the database goes away:
 * - `stopped`: SIGTERM, a clean shutdown (a Multi-AZ failover's old primary); connections are refused.
 * - `killed`: SIGKILL, a crashed host; connections are refused; what was committed must survive the restart.
 * - `paused`: SIGSTOP, a network blip: connections are accepted by the kernel but never answered, so every login
 *   waits for the connect timeout (5 s).
 */
export type Outage = 'stopped' | 'killed' | 'paused';

export interface DatabaseOutages {
  /** Takes the database away; `restore` brings it back. */
  begin(how: Outage): Promise<void>;
  /** Brings the database back (a no-op when it is up). */
  restore(): Promise<void>;
}

export function databaseOutages(db: () => MariaDbServer): DatabaseOutages {
  let current: Outage | undefined;
  return {
    async begin(how) {
      if (current) throw new Error(`the database is already ${current}`);
      const server = db();
      if (how === 'paused') {
        if (server.pid === undefined) throw new Error('the throwaway MariaDB is not running');
        process.kill(server.pid, 'SIGSTOP');
      } else {
        await (how === 'stopped' ? server.stop() : server.kill());
      }
      current = how;
    },
    async restore() {
      const server = db();
      if (current === 'paused' && server.pid !== undefined) process.kill(server.pid, 'SIGCONT');
      else if (current) await server.start();
      current = undefined;
    },
  };
}

/** The labels of each version, by version id (versions without a label included, with none). */
export function stagesByVersion(secrets: SecretsManagerStandIn, secretId: string): Record<string, string[]> {
  return Object.fromEntries(secrets.versions(secretId).map((version) => [version.versionId, [...version.stages]]));
}

/**
 * Whether Secrets Manager would start a new rotation now. The stand-in's RotateSecret always does; the service
 * refuses while AWSPENDING sits on a version other than AWSCURRENT's
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html), so specs ask this first.
 */
export function rotationMayStart(secrets: SecretsManagerStandIn, secretId: string): boolean {
  const pending = secrets.versions(secretId).find((version) => version.stages.includes('AWSPENDING'));
  return pending === undefined || pending.stages.includes('AWSCURRENT');
}
