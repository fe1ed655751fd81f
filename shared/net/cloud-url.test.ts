// Runtime: any (Vitest). Which cloud addresses the first-run screen accepts.
import { describe, expect, it } from 'vitest';
import { checkCloudUrl } from './cloud-url';

describe('checkCloudUrl', () => {
  it('takes HTTPS anywhere, normalised', () => {
    expect(checkCloudUrl(' https://pos.example.cn/ ')).toEqual({ ok: true, url: 'https://pos.example.cn' });
    expect(checkCloudUrl('https://pos.example.cn:8443/qianmi/')).toEqual({
      ok: true,
      url: 'https://pos.example.cn:8443/qianmi',
    });
  });
  it('takes plain HTTP only on this PC or the shop’s own network', () => {
    for (const ok of [
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://192.168.1.20:8787',
      'http://10.0.0.5',
      'http://172.20.1.1',
      'http://[::1]:8787',
      'http://[fd12::1]',
      'http://pos-server.local',
    ])
      expect(checkCloudUrl(ok).ok, ok).toBe(true);
    for (const bad of ['http://pos.example.cn', 'http://8.8.8.8', 'http://172.32.0.1', 'http://[2001:db8::1]'])
      expect(checkCloudUrl(bad), bad).toEqual({ ok: false, problem: 'HTTP_NOT_LOCAL' });
  });
  it('refuses what is not a plain cloud address', () => {
    expect(checkCloudUrl('pos.example.cn')).toEqual({ ok: false, problem: 'INVALID' });
    expect(checkCloudUrl('ftp://pos.example.cn')).toEqual({ ok: false, problem: 'SCHEME' });
    expect(checkCloudUrl('https://user:pw@pos.example.cn')).toEqual({ ok: false, problem: 'HAS_CREDENTIALS' });
    expect(checkCloudUrl('https://pos.example.cn/?x=1')).toEqual({ ok: false, problem: 'HAS_QUERY' });
  });
});
