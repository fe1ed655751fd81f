// Runtime: Node (Vitest), with the real zh-CN and English texts.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from './en';
import { memberLevel, stockWarning } from './labels';
import { zhCN } from './zh-CN';

const inst = i18next.createInstance();
beforeAll(async () => {
  await inst.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});

describe('codes shown in words', () => {
  it('the default member level is 普通 / Regular, an owner-named level stays as named', () => {
    expect(memberLevel(inst.getFixedT('zh-CN'), 'normal')).toBe('普通');
    expect(memberLevel(inst.getFixedT('en'), 'normal')).toBe('Regular');
    expect(memberLevel(inst.getFixedT('en'), '银卡')).toBe('银卡');
  });

  it('a negative book stock says what it means, not "only -72"', () => {
    const zh = inst.getFixedT('zh-CN');
    expect(stockWarning(zh, -72)).toContain('账面库存为负数（-72）');
    expect(stockWarning(zh, -72)).not.toContain('仅');
    expect(stockWarning(zh, 0)).toBe('账面库存为 0，请核对货架');
    expect(stockWarning(zh, 3)).toBe('账面库存仅 3，请核对货架');
    expect(stockWarning(inst.getFixedT('en'), -72)).toContain('negative');
  });
});
