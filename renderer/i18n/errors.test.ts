// Runtime: Node (Vitest). The one error mapping (errors.ts) with the real zh-CN and English texts: every
// kind of detail the backend and the cloud send becomes a sentence that says what happened — the
// permission by name, the card number taken, the field and the rule it broke — never "输入的内容不正确".
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, validationError } from '../../shared/errors';
import { describeError, type Translator } from './errors';
import { en } from './en';
import { zhCN } from './zh-CN';

const inst = i18next.createInstance();
const tr = (lng: string): Translator => ({
  t: (k, o) => inst.getFixedT(lng)(k, o ?? {}),
  exists: (k) => inst.exists(k, { lng }),
});
beforeAll(async () => {
  await inst.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});
/** as it arrives at the screen: through JSON, like every error crossing IPC, WebSocket or HTTP */
const wire = (e: AppError) => JSON.parse(JSON.stringify(e.toJSON())) as unknown;
const zh = (e: unknown) => describeError(tr('zh-CN'), e);
const english = (e: unknown) => describeError(tr('en'), e);

describe('errors say what happened', () => {
  it('NOT_SET super password: none is set, and where to set one', () => {
    const e = wire(
      new AppError('SUPER_PASSWORD_REQUIRED', 'Set a super password before doing this', { reason: 'NOT_SET' }),
    );
    expect(zh(e)).toContain('还没有设置超级密码');
    expect(zh(e)).toContain('我的安全');
    expect(english(e)).toMatch(/No super password is set.*My security/);
  });

  it('a duplicate card number names the card', () => {
    const e = wire(new AppError('CONFLICT', 'A member with this card number already exists', { cardNo: 'VIP0001' }));
    expect(zh(e)).toBe('卡号 VIP0001 已被另一位会员使用，请换一个卡号。');
    expect(english(e)).toContain('VIP0001');
  });

  it('FORBIDDEN names the permission the account lacks', () => {
    const e = wire(
      new AppError('FORBIDDEN', 'Your account lacks the permission member.manage', { permission: 'member.manage' }),
    );
    expect(zh(e)).toContain('「会员」');
    expect(english(e)).toContain('“Members”');
  });

  it('a validation error names the field and the rule: length, range, format, emptiness', () => {
    const schema = z
      .object({
        cardNo: z.string().trim().min(1).max(32),
        name: z.string().min(1),
        amount: z.number().int().min(1).max(500_000),
        phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number'),
        reason: z.string().max(100),
      })
      .partial();
    const issue = (input: unknown) => wire(validationError(schema.safeParse(input).error!));
    expect(zh(issue({ cardNo: 'X'.repeat(33) }))).toBe('「卡号」最多 32 个字符');
    expect(english(issue({ cardNo: 'X'.repeat(33) }))).toBe('Card number: at most 32 characters');
    expect(zh(issue({ name: '' }))).toBe('「名称」不能为空');
    // money bounds in yuan, never raw fen
    expect(zh(issue({ amount: 600_000 }))).toBe('「金额」不能大于 ¥5,000.00');
    expect(english(issue({ amount: 0 }))).toBe('Amount: must be at least ¥0.01');
    expect(zh(issue({ phone: '1380013800' }))).toBe('「手机号」应为 11 位手机号（1 开头的数字）');
    expect(zh(issue({ phone: '12', reason: 'x'.repeat(101) }))).toBe(
      '「手机号」应为 11 位手机号（1 开头的数字）（另有 1 处需要修改）',
    );
  });

  it('a rule of the app’s own: a verification code that does not match, one that expired', () => {
    const wrong = wire(
      new AppError('VALIDATION', 'Wrong code', [{ path: 'smsCode', code: 'code_wrong', message: 'wrong code' }]),
    );
    expect(zh(wrong)).toBe('「短信验证码」不对：请核对短信或邮件里的数字');
    const old = wire(
      new AppError('VALIDATION', 'No valid code', [{ path: 'code', code: 'code_expired', message: 'expired' }]),
    );
    expect(english(old)).toBe('Code: has expired or was tried too often: ask for a new one');
  });

  it('a field the texts do not know is still named, with the rule', () => {
    const e = wire(validationError(z.object({ zzTop: z.string().max(2) }).safeParse({ zzTop: 'abc' }).error!));
    expect(zh(e)).toBe('「zzTop」最多 2 个字符');
  });

  it('limits on money: the cap and the day so far, or the outlet maximum, in money (not 金额格式不正确)', () => {
    const cap = wire(
      new AppError('LIMIT_EXCEEDED', 'over', {
        reason: 'DAILY_CAP',
        capFen: 100_000,
        movedTodayFen: 60_000,
        amountFen: 50_000,
      }),
    );
    expect(zh(cap)).toContain('每日额度 ¥1,000.00，今天已 ¥600.00，这次 ¥500.00');
    expect(english(cap)).toContain('¥1,000.00 a day');
    const max = wire(new AppError('LIMIT_EXCEEDED', 'max', { reason: 'MEMBER_TOPUP_MAX', maxFen: 500_000 }));
    expect(zh(max)).toContain('单笔会员充值最多 ¥5,000.00');
  });

  it('a plain code, an unknown one, and a thrown Error', () => {
    expect(zh(wire(new AppError('OFFLINE', 'x')))).toBe(zhCN.errors.OFFLINE);
    expect(zh({ code: 'SOMETHING_NEW', message: 'boom' })).toBe('出错了：boom');
    expect(english(new Error('disk full'))).toBe('Something went wrong: disk full');
  });
});
