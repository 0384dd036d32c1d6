// The seeds' Lambda, for comparison only: fetch the secret, connect, query, close, on every request.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';

export interface SeedStyleOptions {
  readonly secretArn: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly ca: string;
}

/** Returns a handler-like function doing what the seed does (but with TLS verified, to compare like with like). */
export function seedStyleHandler(options: SeedStyleOptions): () => Promise<{ statusCode: number; body: string }> {
  const secrets = new SecretsManagerClient({});
  return async () => {
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: options.secretArn }));
    const { username, password } = JSON.parse(secret.SecretString ?? '{}');
    const connection = await mysql.createConnection({
      host: options.host,
      port: options.port,
      user: username,
      password,
      database: options.database,
      ssl: { ca: options.ca },
    });
    try {
      const [rows] = await connection.query('SELECT NOW() AS now');
      return { statusCode: 200, body: JSON.stringify(rows) };
    } finally {
      await connection.end();
    }
  };
}
