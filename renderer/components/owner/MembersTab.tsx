// Runtime: DOM. 会员 (back office, internet cafés): the overdrafts offline member sales left behind — open
// ones with 核销 (write-off: the outlet takes the loss; member.balance + super password), resolved ones
// with how, who and when — and closing a member's card (销卡; member.manage + super password), with the
// stored value handed back in cash from this till's drawer. Collecting a debt is an ordinary top-up at the
// counter (it repays the debt first), so there is no separate button for it here; the hint says so.
// Every figure comes from the cloud at the moment of the act: a write-off confirms exactly the debt the
// cloud reports now, and the cloud refuses a stale one (CONFLICT), so nothing is written off by mistake.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api/contract';
import { ClosePanel } from './MemberClosePanel';
import { OverdraftPanel } from './OverdraftPanel';
import { can } from './access';

export function MembersTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  // bumped after a write-off or a close, so both panels show the state after it
  const [changed, setChanged] = useState(0);
  const onChanged = useCallback(() => setChanged((n) => n + 1), []);
  if (!can(session, 'member.manage')) return <p className="muted">{t('errors.FORBIDDEN')}</p>;
  return (
    <>
      <OverdraftPanel canWriteOff={can(session, 'member.balance')} changed={changed} onChanged={onChanged} />
      <ClosePanel changed={changed} onChanged={onChanged} />
    </>
  );
}
