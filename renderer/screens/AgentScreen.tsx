// Runtime: DOM. 区代后台 / Agent back office: what a PC registered to an agent (device.orgKind 'agent') shows
// after login instead of the sale screen — such a PC never sells. Tabs: 门店 (an outlet's goods sources and
// category tree), 加价 (markup rules), and the owner's own employee / device / my-security tabs, which the
// cloud serves an agent's PC as it does a till. Online only: every act is the cloud's, refusals come back
// typed and are shown in words. Keyboard: the tabs are a tablist (←/→/Home/End move between them).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { MarkupsTab } from '../components/agent/MarkupsTab';
import { OutletsTab } from '../components/agent/OutletsTab';
import { can } from '../components/owner/access';
import { DevicesTab } from '../components/owner/DevicesTab';
import { EmployeesTab } from '../components/owner/EmployeesTab';
import { MySecurityTab } from '../components/owner/MySecurityTab';

const TABS = ['outlets', 'markups', 'employees', 'devices', 'me'] as const;
type Tab = (typeof TABS)[number];

function visible(session: Session, tab: Tab): boolean {
  switch (tab) {
    case 'outlets':
    case 'markups': return can(session, 'product.edit');
    case 'employees': return can(session, 'employee.manage');
    case 'devices': return can(session, 'device.manage');
    case 'me': return true;
  }
}

export function AgentScreen({ session }: { session: Session }) {
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

  return (
    <div className="owner" data-testid="agent-screen">
      <div className="owner__bar">
        <h1 className="owner__title">{t('agent.title')}</h1>
        <div className="owner-tabs" role="tablist" aria-label={t('agent.title')} onKeyDown={onTabKey}>
          {tabs.map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              id={`agent-tab-${x}`}
              aria-selected={tab === x}
              aria-controls="agent-tabpanel"
              tabIndex={tab === x ? 0 : -1}
              className={tab === x ? 'on' : ''}
              data-testid={`agent-tab-${x}`}
              ref={(el) => {
                refs.current.set(x, el);
              }}
              onClick={() => setTab(x)}
            >
              {t(`agent.tab.${x}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="owner__body" role="tabpanel" id="agent-tabpanel" aria-labelledby={`agent-tab-${tab}`}>
        {tab === 'outlets' && <OutletsTab />}
        {tab === 'markups' && <MarkupsTab />}
        {tab === 'employees' && <EmployeesTab session={session} />}
        {tab === 'devices' && <DevicesTab session={session} />}
        {tab === 'me' && <MySecurityTab session={session} />}
      </div>
    </div>
  );
}
