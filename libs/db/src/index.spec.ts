import { migrations, statementsOf } from './index';

describe('statementsOf', () => {
  it('splits at line-ending semicolons and drops comment lines', () => {
    expect(statementsOf('-- note; here\nCREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n')).toEqual([
      'CREATE TABLE a (x INT)',
      'CREATE TABLE b (y INT)',
    ]);
  });

  it('gives every shipped migration exactly one statement per CREATE', () => {
    for (const migration of migrations) {
      expect(statementsOf(migration.sql).length).toBeGreaterThan(0);
    }
  });
});
