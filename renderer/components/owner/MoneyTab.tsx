// Runtime: DOM. 资金: the owner's money panels, each shown to whoever holds its permission — the prepaid balance
// (PrepaidBalancePanel), takings by payment method and reconciliation against the providers' bills
// (TakingsPanel, ReconciliationPanel), refunds to a code that failed after being accepted (FailedRefundsPanel),
// orders to check, closed shifts, moving prepaid balance to another outlet
// (TransferPanel), deposits (DepositPanel) and the employees' money limits.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api/contract';
import { DepositPanel } from './DepositPanel';
import { FailedRefundsPanel } from './FailedRefundsPanel';
import { FlaggedOrdersPanel } from './FlaggedOrdersPanel';
import { MoneyLimitsPanel } from './MoneyLimitsPanel';
import { BalancePanel } from './PrepaidBalancePanel';
import { ReconciliationPanel } from './ReconciliationPanel';
import { ShiftsPanel } from './ShiftsPanel';
import { TakingsPanel } from './TakingsPanel';
import { TransferPanel } from './TransferPanel';
import { can } from './access';

export function MoneyTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  // bumped after every money movement from this tab, so the balance shown is the one after it
  const [moved, setMoved] = useState(0);
  const onMoved = useCallback(() => setMoved((n) => n + 1), []);
  return (
    <div className="owner-split">
      {can(session, 'report.view') && <BalancePanel moved={moved} />}
      {can(session, 'report.view') && <TakingsPanel />}
      {can(session, 'report.view') && <ReconciliationPanel />}
      {can(session, 'report.view') && <FailedRefundsPanel />}
      {can(session, 'report.view') && <FlaggedOrdersPanel />}
      {can(session, 'report.view') && <ShiftsPanel />}
      {can(session, 'money.transfer') && <TransferPanel onMoved={onMoved} />}
      {can(session, 'money.deposit') && <DepositPanel onMoved={onMoved} />}
      {can(session, 'security.manage') && <MoneyLimitsPanel />}
      {!can(session, 'report.view') && !can(session, 'money.transfer') && !can(session, 'money.deposit') && (
        <p className="muted">{t('errors.FORBIDDEN')}</p>
      )}
    </div>
  );
}
