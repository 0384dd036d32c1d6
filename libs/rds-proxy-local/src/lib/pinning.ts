/**
 * Which statements pin a client session to its DB connection, for RDS for MySQL / MariaDB targets, following
 * "Avoiding pinning an RDS Proxy": https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html
 *
 * The stand-in reads the statement text the way the proxy has to, without a full SQL parser: comments and quoted
 * strings are blanked first, so a value such as 'SET x' or '@home' never counts.
 */

/** Any statement with a text size greater than 16 KB pins ("Conditions that cause pinning for all engines"). */
export const PINNING_STATEMENT_SIZE_LIMIT = 16 * 1024;

export type PinningCondition =
  | 'session variable set'
  | 'user-defined variable'
  | 'table lock'
  | 'named lock function'
  | 'temporary table'
  | 'prepared statement'
  | 'multi-statement query'
  | 'statement larger than 16 KB'
  | 'session option changed';

/**
 * Session settings RDS Proxy tracks instead of pinning ("What RDS Proxy tracks for RDS for MariaDB and RDS for MySQL
 * databases" on the same page): a client that changes one keeps multiplexing, and only gets DB connections whose
 * settings match its own. Keys are normalised variable names.
 */
const TRACKED_VARIABLES = new Set([
  'autocommit',
  'character_set_client',
  'character_set_connection',
  'character_set_results',
  'collation_connection',
  'names', // SET NAMES
  'character set', // SET CHARACTER SET
  'sql_mode',
  'time_zone',
  'transaction_isolation',
  'tx_isolation',
  'transaction_read_only',
  'tx_read_only',
  'session_track_schema',
]);

/** Replaces comments and quoted strings/identifiers with spaces, keeping lengths, so keywords can be matched. */
export function blankCommentsAndLiterals(sql: string): string {
  let result = '';
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    const next = sql[index + 1];
    if (char === "'" || char === '"' || char === '`') {
      let end = index + 1;
      while (end < sql.length && sql[end] !== char) end += sql[end] === '\\' && char !== '`' ? 2 : 1;
      // Doubled quotes ('it''s') continue the literal.
      while (sql[end + 1] === char) {
        end += 2;
        while (end < sql.length && sql[end] !== char) end += sql[end] === '\\' && char !== '`' ? 2 : 1;
      }
      result += `${char === '`' ? '`' : "'"}${' '.repeat(Math.max(0, Math.min(end, sql.length) - index - 1))}`;
      if (end < sql.length) result += char === '`' ? '`' : "'";
      index = end + 1;
    } else if (char === '/' && next === '*') {
      // MySQL executes /*! ... */ ("executable comments"): keep their content.
      const end = sql.indexOf('*/', index + 2);
      const stop = end < 0 ? sql.length : end + 2;
      result += sql[index + 2] === '!' ? ` ${sql.slice(index + 3, stop - 2).replace(/^\d{5,6}/, '')} ` : ' ';
      index = stop;
    } else if ((char === '-' && next === '-' && /\s/.test(sql[index + 2] ?? ' ')) || char === '#') {
      const end = sql.indexOf('\n', index);
      result += ' ';
      index = end < 0 ? sql.length : end;
    } else {
      result += char;
      index += 1;
    }
  }
  return result;
}

/** The statements of a query text (split on `;` outside comments and literals), without empty ones. */
export function statementsOf(sql: string): string[] {
  return blankCommentsAndLiterals(sql)
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export interface StatementAnalysis {
  /** Why the statement pins the session, or undefined when it does not. */
  readonly pinning?: PinningCondition;
  /** A tracked setting the statement changes: the client keeps multiplexing with it replayed on each DB connection. */
  readonly trackedSettings?: readonly string[];
  /** `USE db`: the schema the session switches to, tracked like the proxy tracks `USE`. */
  readonly useSchema?: string;
}

/** The variable names a SET statement assigns (`SET a = 1, @@session.b = 2, NAMES utf8mb4` → a, b, names). */
function assignedVariables(setBody: string): { name: string; userVariable: boolean }[] {
  return setBody
    .split(',')
    .map((assignment) => assignment.trim())
    .filter(Boolean)
    .map((assignment) => {
      if (/^@[^@]/.test(assignment)) return { name: assignment, userVariable: true };
      const lower = assignment.toLowerCase();
      if (/^names\b/.test(lower)) return { name: 'names', userVariable: false };
      if (/^(character\s+set|charset)\b/.test(lower)) return { name: 'character set', userVariable: false };
      const match = /^(?:@@)?(?:(?:session|local)\s*\.?\s*)?(?:@@)?([a-z_][a-z0-9_]*)/.exec(lower.replace(/^@@/, ''));
      return { name: match?.[1] ?? lower, userVariable: false };
    });
}

/**
 * Classifies one query text (COM_QUERY) from a client that did or did not ask for multi-statements.
 * Prepared statements over the binary protocol (COM_STMT_PREPARE) are classified by the caller.
 */
export function analyseQuery(sql: string, multiStatementsEnabled: boolean): StatementAnalysis {
  if (Buffer.byteLength(sql, 'utf8') > PINNING_STATEMENT_SIZE_LIMIT) return { pinning: 'statement larger than 16 KB' };
  const statements = statementsOf(sql);
  // Multi-statement text: the proxy cannot see where one statement's session effects end (see README: chosen).
  if (multiStatementsEnabled && statements.length > 1) return { pinning: 'multi-statement query' };
  const statement = statements[0] ?? '';
  const lower = statement.toLowerCase().replace(/\s+/g, ' ');

  if (/^prepare\b/.test(lower) || /^execute\b/.test(lower) || /^deallocate prepare\b/.test(lower)) {
    // "Prepared statements cause the proxy to pin the session ... whether the prepared statement uses SQL text or
    // the binary protocol."
    return { pinning: 'prepared statement' };
  }
  if (/^lock tables?\b/.test(lower) || /^flush tables?\b.*\bwith read lock\b/.test(lower)) {
    return { pinning: 'table lock' };
  }
  if (/^create (or replace )?temporary table\b/.test(lower)) return { pinning: 'temporary table' };
  if (/\b(get_lock|is_used_lock|is_free_lock|release_lock|release_all_locks)\s*\(/.test(lower)) {
    return { pinning: 'named lock function' };
  }
  // User-defined variables: `SET @x`, `SELECT @x := ...`, `SELECT ... INTO @x`.
  if (/@[a-z0-9_$.]+\s*:=/.test(lower) || /\binto @[a-z0-9_$]/.test(lower)) {
    return { pinning: 'user-defined variable' };
  }
  if (/^use\b/.test(lower)) {
    const schema = /^use\s+`?([^`\s]+)`?/i.exec(sql.trim())?.[1];
    return schema ? { useSchema: schema } : {};
  }
  const set = /^set\s+(.*)$/.exec(lower);
  if (set) {
    const body = set[1];
    // SET TRANSACTION (next transaction only) changes no session state; SET SESSION TRANSACTION is tracked.
    if (/^transaction\b/.test(body)) return {};
    const original = sql.trim().replace(/;\s*$/, '');
    if (/^(session |local )transaction\b/.test(body)) return { trackedSettings: [original] };
    const variables = assignedVariables(body.replace(/^(session|local) /, ''));
    if (variables.some((variable) => variable.userVariable)) return { pinning: 'user-defined variable' };
    if (variables.every((variable) => TRACKED_VARIABLES.has(variable.name))) return { trackedSettings: [original] };
    // "Setting a user variable or a system variable (with some exceptions) causes the proxy to pin the session."
    return { pinning: 'session variable set' };
  }
  return {};
}
