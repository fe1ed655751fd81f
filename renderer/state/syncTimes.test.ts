// Runtime: Node (Vitest), with the real zh-CN and English texts.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en as enTexts } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { ago, nextTry, tickMs } from './syncTimes';

const inst = i18next.createInstance();
beforeAll(async () => {
  await inst.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: enTexts } },
    lng: 'zh-CN',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});

describe('the sync pill’s times', () => {
  const zh = inst.getFixedT('zh-CN');
  const en = inst.getFixedT('en');
  const now = Date.UTC(2026, 11, 3, 6, 0, 0);

  it('counts down to the retry, then says it is retrying instead of a frozen 0 seconds', () => {
    expect(nextTry(zh, now + 12_300, now)).toBe('13 秒后重试');
    expect(nextTry(zh, now + 3 * 60_000, now)).toBe('3 分钟后重试');
    expect(nextTry(zh, now + 400, now)).toBe('正在重试…');
    expect(nextTry(zh, now - 5_000, now)).toBe('正在重试…');
    expect(nextTry(en, now - 5_000, now)).toBe('retrying now…');
    expect(nextTry(zh, now + 400, now)).not.toMatch(/\b0 秒/);
  });

  it('ticks every second while seconds are shown', () => {
    expect(tickMs(now + 20_000, now)).toBe(1000);
    expect(tickMs(now + 5 * 60_000, now)).toBe(5000);
    expect(tickMs(null, now)).toBe(5000);
  });

  it('ages never go negative', () => {
    expect(ago(zh, now + 60_000, now)).toBe('刚刚');
    expect(ago(zh, now - 12 * 60_000, now)).toBe('12 分钟前');
  });
});
