import { describe, expect, it } from 'vitest';
import { keepAllEm, keepEm } from './topbarKeep';

describe('the room a header name keeps on a wide screen', () => {
  it('ten characters (CJK 1 em, others 0.6 em), the icon, and the ellipsis when there is more', () => {
    expect(keepEm('王老板')).toBe(4.4); // 3 + icon 1.4, nothing cut
    expect(keepEm('星光网咖（上海市徐汇区漕河泾开发区宜山路旗舰店）')).toBe(12.4); // 10 + 1.4 + 1
    expect(keepEm('Front desk till number two')).toBe(8.4); // 6 + 1.4 + 1
    expect(keepAllEm(['王老板', 'Alice'])).toBe(4.4 + 4.4 + 1);
  });
});
