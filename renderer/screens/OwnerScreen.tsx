// Runtime: DOM. 店长后台 / Back office: the outlet owner's (and delegated staff's) security and money
// screens, each tab shown only to sessions whose permissions open it. Online only — every act is the
// cloud's; refusals (missing permission, super password, caps) come back typed and are shown in words.
// Keyboard: the tabs are a tablist (←/→/Home/End move between them), Esc returns to the counter.
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { TabbedScreen } from '../components/TabbedScreen';
import { can } from '../components/owner/access';
import { AddressGate } from '../components/owner/AddressGate';
import { AlertsTab } from '../components/owner/AlertsTab';
import { AuditTab } from '../components/owner/AuditTab';
import { DevicesTab } from '../components/owner/DevicesTab';
import { EmployeesTab } from '../components/owner/EmployeesTab';
import { CatalogAdminTab } from '../components/owner/CatalogAdminTab';
import { MembersTab } from '../components/owner/MembersTab';
import { MoneyTab } from '../components/owner/MoneyTab';
import { MySecurityTab } from '../components/owner/MySecurityTab';

const TABS = ['employees', 'devices', 'money', 'members', 'catalogAdmin', 'audit', 'alerts', 'me'] as const;
type Tab = (typeof TABS)[number];

function visible(session: Session, tab: Tab): boolean {
  switch (tab) {
    case 'employees':
      return can(session, 'employee.manage');
    case 'devices':
      return can(session, 'device.manage');
    case 'money':
      return can(session, 'report.view') || can(session, 'money.transfer') || can(session, 'money.deposit');
    // 会员: overdrafts and closing cards (the list itself needs member.manage; write-off also member.balance)
    case 'members':
      return can(session, 'member.manage');
    // 商品: prices, categories, own products (catalogAdmin.*)
    case 'catalogAdmin':
      return can(session, 'product.edit');
    case 'audit':
    case 'alerts':
      return can(session, 'security.manage');
    case 'me':
      return true;
  }
}

export function OwnerScreen({ session, onClose }: { session: Session; onClose: () => void }) {
  const { t } = useTranslation();
  const onKey = (e: KeyboardEvent) => {
    // Esc inside a dialog closes the dialog only (it stops there); here it leaves the back office.
    if (e.key === 'Escape' && !(e.target as HTMLElement).closest('.modal')) onClose();
  };
  const body = (tab: Tab) => {
    switch (tab) {
      case 'employees':
        return <EmployeesTab session={session} />;
      case 'devices':
        return <DevicesTab session={session} />;
      case 'money':
        return <MoneyTab session={session} />;
      case 'members':
        return <MembersTab session={session} />;
      case 'catalogAdmin':
        return <CatalogAdminTab session={session} />;
      case 'audit':
        return <AuditTab session={session} />;
      case 'alerts':
        return <AlertsTab />;
      case 'me':
        return <MySecurityTab session={session} />;
    }
  };
  return (
    <TabbedScreen
      idPrefix="owner"
      title={t('owner.title')}
      tabs={TABS.filter((x) => visible(session, x))}
      label={(x) => t(`owner.tab.${x}`)}
      onKeyDown={onKey}
      extra={
        <button type="button" className="owner__back" data-testid="owner-close" onClick={onClose}>
          {t('owner.back')}
        </button>
      }
      // one gate for every tab (same element across tab switches: it asks at most once)
      render={(tab) => <AddressGate>{body(tab)}</AddressGate>}
    />
  );
}
