import { analyseQuery, blankCommentsAndLiterals, statementsOf } from './pinning';

describe('analyseQuery', () => {
  it.each([
    ['SET SESSION sql_select_limit = 10', 'session variable set'],
    ['set @@session.max_join_size = 1000', 'session variable set'],
    ['SET innodb_lock_wait_timeout = 5', 'session variable set'],
    ['SET @answer = 42', 'user-defined variable'],
    ['SELECT @total := COUNT(*) FROM items', 'user-defined variable'],
    ['SELECT COUNT(*) INTO @total FROM items', 'user-defined variable'],
    ['LOCK TABLES items READ', 'table lock'],
    ['lock table items write', 'table lock'],
    ['FLUSH TABLES WITH READ LOCK', 'table lock'],
    ["SELECT GET_LOCK('job', 10)", 'named lock function'],
    ["select release_lock ('job')", 'named lock function'],
    ['CREATE TEMPORARY TABLE scratch (id INT)', 'temporary table'],
    ["PREPARE stmt FROM 'SELECT 1'", 'prepared statement'],
    ['EXECUTE stmt', 'prepared statement'],
    ['/* leading comment */ SET @x = 1', 'user-defined variable'],
    ['/*!40101 SET sql_notes = 0 */', 'session variable set'],
  ])('%s pins the session (%s)', (sql, condition) => {
    expect(analyseQuery(sql, false)).toEqual({ pinning: condition });
  });

  it('pins a multi-statement query only for a client that enabled multi-statements', () => {
    expect(analyseQuery('SELECT 1; SELECT 2', true)).toEqual({ pinning: 'multi-statement query' });
    expect(analyseQuery('SELECT 1; SELECT 2', false)).toEqual({});
    // A trailing semicolon is one statement.
    expect(analyseQuery('SELECT 1;', true)).toEqual({});
  });

  it('pins a statement larger than 16 KB, and not one of exactly 16 KB', () => {
    const prefix = "SELECT '";
    const exactly = `${prefix}${'x'.repeat(16 * 1024 - prefix.length - 1)}'`;
    expect(Buffer.byteLength(exactly)).toBe(16 * 1024);

    expect(analyseQuery(exactly, false)).toEqual({});
    expect(analyseQuery(`${exactly} `, false)).toEqual({ pinning: 'statement larger than 16 KB' });
  });

  it.each([
    'SELECT id, name FROM items WHERE id = 1',
    "INSERT INTO items (name) VALUES ('SET @x := 1; LOCK TABLES x')",
    'UPDATE items SET name = "GET_LOCK(" WHERE id = 2',
    "SELECT email FROM users WHERE email = 'a@b.example'",
    'START TRANSACTION',
    'BEGIN',
    'COMMIT',
    'ROLLBACK',
    'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
    'SELECT 1 -- SET @x = 1',
    'SELECT 1 # GET_LOCK(',
    'CALL do_something(1)',
  ])('%s does not pin', (sql) => {
    expect(analyseQuery(sql, true).pinning).toBeUndefined();
  });

  it.each([
    'SET NAMES utf8mb4',
    "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci'",
    'SET CHARACTER SET utf8mb4',
    "SET time_zone = '+00:00'",
    'SET autocommit = 1',
    "SET SESSION sql_mode = 'STRICT_TRANS_TABLES'",
    'SET character_set_results = NULL',
    'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
  ])('%s is a tracked setting, not a pin', (sql) => {
    expect(analyseQuery(sql, false)).toEqual({ trackedSettings: [sql] });
  });

  it('tracks USE as the session schema', () => {
    expect(analyseQuery('USE `app`', false)).toEqual({ useSchema: 'app' });
  });
});

describe('blankCommentsAndLiterals / statementsOf', () => {
  it('keeps lengths and blanks literal contents, escaped and doubled quotes included', () => {
    const sql = "SELECT 'it''s; @x', \"a\\\"b;\", `we;ird` /* ; */ FROM t";
    const blanked = blankCommentsAndLiterals(sql);

    expect(blanked).not.toMatch(/[;@]/);
    expect(blanked.startsWith('SELECT ')).toBe(true);
    expect(blanked.endsWith(' FROM t')).toBe(true);
  });

  it('splits on semicolons outside literals and comments', () => {
    expect(statementsOf("SELECT ';'; SELECT 2 -- ;\n; ")).toHaveLength(2);
  });
});
