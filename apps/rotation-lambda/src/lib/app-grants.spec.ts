import { grantsAllowAppDml } from './app-grants';

const usage = "GRANT USAGE ON *.* TO `serverless`@`%` IDENTIFIED BY PASSWORD '*ABC'";

describe('grantsAllowAppDml', () => {
  it('accepts the DML grant on the app schema', () => {
    const grants = [usage, 'GRANT SELECT, INSERT, UPDATE, DELETE ON `app`.* TO `serverless`@`%`'];

    expect(grantsAllowAppDml(grants, 'app')).toBe(true);
  });

  it('rejects a grant that lacks DELETE', () => {
    expect(grantsAllowAppDml([usage, 'GRANT SELECT, INSERT, UPDATE ON `app`.* TO `serverless`@`%`'], 'app')).toBe(
      false,
    );
  });

  it('rejects DML on another schema', () => {
    expect(grantsAllowAppDml(['GRANT SELECT, INSERT, UPDATE, DELETE ON `other`.* TO `u`@`%`'], 'app')).toBe(false);
  });

  it('accepts ALL PRIVILEGES and escaped schema names', () => {
    expect(grantsAllowAppDml(['GRANT ALL PRIVILEGES ON `app\\_db`.* TO `u`@`%`'], 'app_db')).toBe(true);
  });

  it('accepts DML on any schema when the secret names none', () => {
    expect(grantsAllowAppDml(['GRANT SELECT, INSERT, UPDATE, DELETE ON `app`.* TO `u`@`%`'], undefined)).toBe(true);
  });
});
