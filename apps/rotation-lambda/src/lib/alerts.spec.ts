import { whatPages } from './alerts';

describe('whatPages: the RotationFailed event rule an error names (Secrets Manager CloudTrail events: RotationFailed)', () => {
  it('names the stack rule and alarm from the function name the stack gives POWERTOOLS_SERVICE_NAME', () => {
    expect(whatPages({ POWERTOOLS_SERVICE_NAME: 'rdsp-dev-secret-rotation' })).toBe(
      'This failure is a RotationFailed event: the EventBridge rule rdsp-dev-rotation-failed pages the alerts topic ' +
        '(with the alarm rdsp-dev-rotation-errors)',
    );
  });

  it('falls back to a placeholder prefix outside the stack', () => {
    expect(whatPages({})).toContain('the EventBridge rule <namePrefix>-rotation-failed pages the alerts topic');
    expect(whatPages({ POWERTOOLS_SERVICE_NAME: 'rotation-lambda' })).toContain('<namePrefix>-rotation-failed');
  });
});
