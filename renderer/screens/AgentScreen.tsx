// Runtime: DOM. 区代后台 / Agent back office: what a PC registered to an agent (device.orgKind 'agent') shows
// after login instead of the sale screen — such a PC never sells. Tabs: 门店 (an outlet's goods sources and
// category tree), 加价 (markup rules), and the owner's own employee / device / my-security tabs, which the
// cloud serves an agent's PC as it does a till. Online only: every act is the cloud's, refusals come back
// typed and are shown in words. Keyboard: the tabs are a tablist (←/→/Home/End move between them).
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { TabbedScreen } from '../components/TabbedScreen';
import { MarkupsTab } from '../components/agent/MarkupsTab';
import { OutletsTab } from '../components/agent/OutletsTab';
import { AddressGate } from '../components/owner/AddressGate';
import { can } from '../components/owner/access';
import { DevicesTab } from '../components/owner/DevicesTab';
import { EmployeesTab } from '../components/owner/EmployeesTab';
import { MySecurityTab } from '../components/owner/MySecurityTab';

const TABS = ['outlets', 'markups', 'employees', 'devices', 'me'] as const;
type Tab = (typeof TABS)[number];

function visible(session: Session, tab: Tab): boolean {
  switch (tab) {
    case 'outlets':
    case 'markups':
      return can(session, 'product.edit');
    case 'employees':
      return can(session, 'employee.manage');
    case 'devices':
      return can(session, 'device.manage');
    case 'me':
      return true;
  }
}

export function AgentScreen({ session }: { session: Session }) {
  const { t } = useTranslation();
  const body = (tab: Tab) => {
    switch (tab) {
      case 'outlets':
        return <OutletsTab />;
      case 'markups':
        return <MarkupsTab />;
      case 'employees':
        return <EmployeesTab session={session} />;
      case 'devices':
        return <DevicesTab session={session} />;
      case 'me':
        return <MySecurityTab session={session} />;
    }
  };
  return (
    <TabbedScreen
      idPrefix="agent"
      title={t('agent.title')}
      tabs={TABS.filter((x) => visible(session, x))}
      label={(x) => t(`agent.tab.${x}`)}
      // one gate for every tab (same element across tab switches: it asks at most once)
      render={(tab) => <AddressGate>{body(tab)}</AddressGate>}
    />
  );
}
