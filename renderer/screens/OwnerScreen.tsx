// Runtime: DOM. 店长后台 / Back office: the outlet owner's (and delegated staff's) security and money
// screens, each tab shown only to sessions whose permissions open it. Online only — every act is the
// cloud's; refusals (missing permission, super password, caps) come back typed and are shown in words.
// Keyboard: the tabs are a tablist (←/→/Home/End move between them), Esc returns to the counter.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { can } from '../components/owner/access';
import { AlertsTab } from '../components/owner/AlertsTab';
import { AuditTab } from '../components/owner/AuditTab';
import { DevicesTab } from '../components/owner/DevicesTab';
import { EmployeesTab } from '../components/owner/EmployeesTab';
import { GoodsTab } from '../components/owner/GoodsTab';
import { MembersTab } from '../components/owner/MembersTab';
import { MoneyTab } from '../components/owner/MoneyTab';
import { MySecurityTab } from '../components/owner/MySecurityTab';

const TABS = ['employees', 'devices', 'money', 'members', 'goods', 'audit', 'alerts', 'me'] as const;
type Tab = (typeof TABS)[number];

function visible(session: Session, tab: Tab): boolean {
  switch (tab) {
    case 'employees': return can(session, 'employee.manage');
    case 'devices': return can(session, 'device.manage');
    case 'money': return can(session, 'report.view') || can(session, 'money.transfer') || can(session, 'money.deposit');
    // 会员: overdrafts and closing cards (the list itself needs member.manage; write-off also member.balance)
    case 'members': return can(session, 'member.manage');
    // 商品: prices, categories, own products (goods.*)
    case 'goods': return can(session, 'product.edit');
    case 'audit':
    case 'alerts': return can(session, 'security.manage');
    case 'me': return true;
  }
}

export function OwnerScreen({ session, onClose }: { session: Session; onClose: () => void }) {
  const { t } = useTranslation();
  const tabs = TABS.filter((x) => visible(session, x));
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'me');
  const refs = useRef(new Map<Tab, HTMLButtonElement | null>());

  useEffect(() => {
    refs.current.get(tab)?.focus();
    // focus the first tab when the screen opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab);
    let next: Tab | undefined;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === 'Home') next = tabs[0];
    else if (e.key === 'End') next = tabs[tabs.length - 1];
    if (!next) return;
    e.preventDefault();
    setTab(next);
    refs.current.get(next)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    // Esc inside a dialog closes the dialog only (it stops there); here it leaves the back office.
    if (e.key === 'Escape' && !(e.target as HTMLElement).closest('.modal')) onClose();
  };

  return (
    <div className="owner" data-testid="owner-screen" onKeyDown={onKey}>
      <div className="owner__bar">
        <h1 className="owner__title">{t('owner.title')}</h1>
        <div className="owner-tabs" role="tablist" aria-label={t('owner.title')} onKeyDown={onTabKey}>
          {tabs.map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              id={`owner-tab-${x}`}
              aria-selected={tab === x}
              aria-controls="owner-tabpanel"
              tabIndex={tab === x ? 0 : -1}
              className={tab === x ? 'on' : ''}
              data-testid={`owner-tab-${x}`}
              ref={(el) => {
                refs.current.set(x, el);
              }}
              onClick={() => setTab(x)}
            >
              {t(`owner.tab.${x}`)}
            </button>
          ))}
        </div>
        <button type="button" className="owner__back" data-testid="owner-close" onClick={onClose}>{t('owner.back')}</button>
      </div>
      <div className="owner__body" role="tabpanel" id="owner-tabpanel" aria-labelledby={`owner-tab-${tab}`}>
        {tab === 'employees' && <EmployeesTab session={session} />}
        {tab === 'devices' && <DevicesTab session={session} />}
        {tab === 'money' && <MoneyTab session={session} />}
        {tab === 'members' && <MembersTab session={session} />}
        {tab === 'goods' && <GoodsTab session={session} />}
        {tab === 'audit' && <AuditTab session={session} />}
        {tab === 'alerts' && <AlertsTab />}
        {tab === 'me' && <MySecurityTab session={session} />}
      </div>
    </div>
  );
}
