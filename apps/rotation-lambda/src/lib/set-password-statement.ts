/**
 * The statement with which a user sets its own password, chosen from `SELECT VERSION()` as AWS's rotation templates
 * do. MySQL 8 removed the PASSWORD() function and takes the plain text; MariaDB and MySQL 5.7 need PASSWORD().
 * `ALTER USER` is not an option: MariaDB requires the CREATE USER privilege for it, which the app user lacks.
 */
export function setOwnPasswordStatement(serverVersion: string): string {
  if (/mariadb/i.test(serverVersion)) return 'SET PASSWORD = PASSWORD(?)';
  const major = Number.parseInt(serverVersion, 10);
  if (Number.isNaN(major)) {
    throw new Error(`Cannot tell the server kind from VERSION() = ${JSON.stringify(serverVersion.slice(0, 40))}.`);
  }
  return major >= 8 ? 'SET PASSWORD = ?' : 'SET PASSWORD = PASSWORD(?)';
}
