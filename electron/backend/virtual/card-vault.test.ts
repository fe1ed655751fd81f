import { describe, expect, it } from 'vitest';
import { createCardVault, PRINT_WINDOW_MS } from './card-vault';

describe('the card vault (卡密 in memory only, for the print window)', () => {
  it('holds a code for PRINT_WINDOW_MS after it arrived, then forgets it', () => {
    let now = 1_000;
    const vault = createCardVault(() => now);
    vault.keep({ orderId: 'o1', code: 'AAAA-BBBB', faceValue: 3_000, productName: '腾讯Q币 30元', deliveredAt: now });
    now += PRINT_WINDOW_MS;
    expect(vault.get('o1')?.code).toBe('AAAA-BBBB');
    now += 1;
    expect(vault.get('o1')).toBeUndefined();
  });
});
