// The till builds its back-office requests from the declared routes: parameters filled and encoded, the query
// from defined values only, and no request at all to a pattern left half filled.
import { describe, expect, it } from 'vitest';
import { cloudPath, MEMBER_PATHS } from './cloud-routes';
import { MEMBER_ADMIN_METHODS, MEMBER_ADMIN_ROUTES } from './member-admin-methods';

describe('cloudPath', () => {
  it('fills each :name with its value, percent-encoded', () => {
    expect(cloudPath(MEMBER_PATHS.writeOff, { id: 'a/b c' })).toBe('/v1/members/a%2Fb%20c/write-off');
  });
  it('appends the defined query values; true is 1, false and undefined are left out', () => {
    expect(cloudPath(MEMBER_PATHS.members, {}, { q: '张 三&', limit: 50, closed: true })).toBe(
      '/v1/members?q=%E5%BC%A0%20%E4%B8%89%26&limit=50&closed=1',
    );
    expect(cloudPath(MEMBER_PATHS.members, {}, { q: 'x', closed: false, cursor: undefined })).toBe('/v1/members?q=x');
  });
  it('refuses a pattern whose parameter is missing or empty', () => {
    expect(() => cloudPath(MEMBER_PATHS.close)).toThrow(/:id/);
    expect(() => cloudPath(MEMBER_PATHS.close, { id: '' })).toThrow(/:id/);
  });
});

describe('MEMBER_ADMIN_ROUTES', () => {
  it('answers each method with its own output schema, so the till checks the cloud answer once', () => {
    for (const [name, route] of Object.entries(MEMBER_ADMIN_ROUTES))
      expect(route.answer).toBe(MEMBER_ADMIN_METHODS[name as keyof typeof MEMBER_ADMIN_METHODS].output);
  });
});
