import { Check, overallStatus } from './health-report.service';

const check = (name: string, status: 'up' | 'down', critical: boolean): Check => ({
  name,
  status,
  critical,
  responseTimeMs: status === 'up' ? 1 : null,
});

describe('overallStatus', () => {
  it('is healthy when everything is up, degraded when only non-critical checks fail, unhealthy when a critical one does', () => {
    expect(overallStatus([check('postgresql', 'up', true), check('redis-cache', 'up', false)])).toBe('healthy');
    expect(overallStatus([check('postgresql', 'up', true), check('redis-cache', 'down', false)])).toBe('degraded');
    expect(overallStatus([check('postgresql', 'down', true), check('redis-cache', 'down', false)])).toBe('unhealthy');
  });
});
