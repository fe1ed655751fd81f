// Runtime: DOM (pure; tested in labels.test.ts). Values the cloud stores as codes, shown in words.
import type { TFunction } from 'i18next';

/** A member's level: the cloud's default level is the code 'normal' (普通 / Regular); owner-named levels
 *  (银卡, 白金卡) are shown as the owner typed them. */
export function memberLevel(t: TFunction, level: string): string {
  return level === 'normal' ? t('member.levelNormal') : level;
}

/** A cart line above the book stock: a negative figure is not "only -72 left" but a sign deliveries were not
 *  entered, and says so. */
export function stockWarning(t: TFunction, available: number): string {
  if (available < 0) return t('sale.stockNegative', { available });
  if (available === 0) return t('sale.stockZero');
  return t('sale.belowStock', { available });
}
