const DML_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** Reads the `SHOW GRANTS` rows (one column, named after the user) into plain statements. */
export function grantStatements(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((row) => String(Object.values(row)[0] ?? ''));
}

/**
 * Whether the grants let the user run the app's DML on `schema` (any schema when undefined): SELECT, INSERT,
 * UPDATE and DELETE (or ALL PRIVILEGES) on `schema`.* or *.*.
 */
export function grantsAllowAppDml(grants: readonly string[], schema: string | undefined): boolean {
  return grants.some((grant) => {
    const match = /^GRANT (.+?) ON (\S+) TO /i.exec(grant);
    if (!match) return false;
    const privileges = match[1].split(',').map((privilege) => privilege.trim().toUpperCase());
    const target = match[2].replace(/\\/g, '');
    const appliesToSchema =
      target === '*.*' || (schema === undefined ? target.endsWith('.*') : target === `\`${schema}\`.*`);
    const coversDml =
      privileges.includes('ALL PRIVILEGES') || DML_PRIVILEGES.every((privilege) => privileges.includes(privilege));
    return appliesToSchema && coversDml;
  });
}
