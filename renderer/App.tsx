// Runtime: DOM. Which screen shows follows the backend's `app.status`: unregistered → registration,
// pending/revoked → explanation, registered without a session → login, on an agent's (区代) PC the agent
// back office, otherwise the sale screen.
// Long on purpose: the one place that decides which screen and which top-bar dialog shows (status, session,
// startup failure, shift gate, float prompt); the decisions themselves live in renderer/state/ (shiftGate.ts).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../shared/api/contract';
import { errorText } from './i18n';
import { setDisplayZone } from './format';
import { installModalFocus } from './state/modalFocus';
import { usePos } from './state/pos';
import { zStartupFailure, type StartupFailure } from '../shared/api/startup';
import { StartupFailureScreen } from './screens/StartupFailureScreen';
import { UpdateIndicator } from './components/UpdateIndicator';
import { InfoItem, TopBar } from './components/TopBar';
import { keepAllEm } from './components/topbarKeep';
import { SyncIndicator } from './components/SyncIndicator';
import { ErrorBanner } from './components/ErrorBanner';
import { CatalogBadge } from './components/CatalogBadge';
import { DeviceBlockedScreen, FirstRunScreen } from './screens/RegisterScreen';
import { LoginScreen } from './screens/LoginScreen';
import { SaleScreen } from './screens/SaleScreen';
import { PrinterSettings } from './components/PrinterSettings';
import { ShiftPanel } from './components/ShiftPanel';
import { ShiftGate } from './components/shift/ShiftGate';
import { FloatNotice, FloatPrompt } from './components/shift/FloatPrompt';
import { shiftQuestion } from './state/shiftGate';
import { useShiftStatus } from './state/useShiftStatus';
import { OwnerScreen } from './screens/OwnerScreen';
import { AgentScreen } from './screens/AgentScreen';
import { can, hasBackOffice } from './components/owner/access';
import { NoSaleAccess } from './components/NoSaleAccess';
import { SessionProvider } from './state/session';

type Status = MethodOutput<'app.status'>;
const STATUS_POLL_MS = 30_000;

export function App() {
  const { t } = useTranslation();
  const pos = usePos();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  // the backend did not start: every call answers BACKEND_UNAVAILABLE with what failed
  const [failure, setFailure] = useState<StartupFailure | null>(null);
  const [printerOpen, setPrinterOpen] = useState(false);
  const [shiftOpen, setShiftOpen] = useState(false);
  const [ownerOpen, setOwnerOpen] = useState(false);
  const [floatOpen, setFloatOpen] = useState(false);
  /** the shift whose float question the cashier put off (later) */
  const [floatPutOff, setFloatPutOff] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const r = await pos.try('app.status', {});
    if (r.ok) {
      setStatus(r.value);
      setError(null);
      setFailure(null);
    } else if (r.error.code === 'BACKEND_UNAVAILABLE') {
      const f = zStartupFailure.safeParse(r.error.details);
      setFailure(f.success ? f.data : { reason: 'UNKNOWN', message: r.error.message, logPath: null });
    } else setError(errorText(r.error));
  }, [pos]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // a dialog holds the keyboard: a scan never lands in the sale screen behind one (state/modalFocus.ts)
  useEffect(() => installModalFocus(document), []);

  // The backend locks an idle session by itself (auth/session.ts); looking again now and then brings the
  // login screen up without waiting for the cashier's next click. app.status does not count as use.
  const signedIn = status?.session != null;
  // Whose the open shift is: asked while the sale screen is up (state/shiftGate.ts says what to ask).
  const seller = status?.session ?? null;
  const selling = !!seller && status?.device.orgKind !== 'agent' && !ownerOpen && can(seller, 'sale.sell');
  const shift = useShiftStatus(seller?.employee.id ?? null, selling);
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [signedIn, refresh]);

  const logout = async () => {
    const r = await pos.try('auth.logout', {});
    if (r.ok || r.error.code === 'UNAUTHENTICATED') {
      setOwnerOpen(false);
      setFloatOpen(false);
      await refresh();
    } else setError(errorText(r.error));
  };

  if (failure) {
    return (
      <div className="app">
        <TopBar />
        <main className="center">
          <StartupFailureScreen failure={failure} onRetry={() => void refresh()} />
        </main>
      </div>
    );
  }

  if (!status) {
    return (
      <div className="app">
        <TopBar />
        <main className="center">
          <ErrorBanner text={error} />
          {!error && <p className="muted">{t('app.loading')}</p>}
        </main>
      </div>
    );
  }

  const { device, session } = status;
  // Every time below is shown on the outlet's clock (renderer/format.ts `when`); idempotent, so setting it
  // while rendering is safe and happens before any child formats a time.
  setDisplayZone(device.timeZone);
  const registered = device.state !== 'unregistered';
  // An agent's (区代) PC runs the agent back office only: no sale screen, catalog, printer or sync state.
  const agentPc = device.orgKind === 'agent';
  // Long names truncate in the one-line header (the device first, the person last); each keeps its label and
  // full text as a tooltip, and shows only an icon for the label (TopBar.tsx InfoItem).
  const infoItems = [
    device.outletName && {
      testId: 'org-name',
      icon: 'outlet' as const,
      key: agentPc ? 'agent.org' : 'app.outlet',
      name: device.outletName,
    },
    device.name && { testId: 'device-name', icon: 'device' as const, key: 'app.device', name: device.name },
    session && {
      testId: 'current-user',
      icon: 'person' as const,
      key: agentPc ? 'agent.user' : 'app.cashier',
      name: session.employee.name || session.employee.username,
    },
  ].filter((x) => !!x);
  const info = (
    <>
      {infoItems.map((x) => (
        <InfoItem key={x.testId} testId={x.testId} icon={x.icon} label={t(x.key, { name: '' })} name={x.name} />
      ))}
    </>
  );
  const right = (
    <>
      {registered && <UpdateIndicator session={session} />}
      {registered && !agentPc && <SyncIndicator />}
      {session && !agentPc && hasBackOffice(session) && (
        <button
          type="button"
          className="ghost"
          data-testid="back-office"
          aria-pressed={ownerOpen}
          onClick={() => setOwnerOpen((o) => !o)}
        >
          {t('owner.open')}
        </button>
      )}
      {session && !agentPc && can(session, 'shift.manage') && (
        <button type="button" className="ghost" data-testid="shift-button" onClick={() => setShiftOpen(true)}>
          {t('shift.button')}
        </button>
      )}
      {session && !agentPc && (
        <button type="button" className="ghost" data-testid="printer-button" onClick={() => setPrinterOpen(true)}>
          {t('receipt.printerButton')}
        </button>
      )}
      {session && (
        <button type="button" className="ghost" data-testid="logout" onClick={() => void logout()}>
          {t('app.logout')}
        </button>
      )}
    </>
  );

  let body;
  if (device.state === 'unregistered')
    body = (
      <FirstRunScreen
        cloudUrl={device.cloudUrl}
        onRegistered={() => void refresh()}
        onCloudChanged={() => void refresh()}
      />
    );
  else if (device.state === 'pending' || device.state === 'revoked')
    body = <DeviceBlockedScreen state={device.state} onRecheck={() => void refresh()} />;
  else if (!session) body = <LoginScreen onLoggedIn={() => void refresh()} />;
  else if (agentPc) body = <AgentScreen session={session} />;
  else if (ownerOpen && hasBackOffice(session))
    body = <OwnerScreen session={session} onClose={() => setOwnerOpen(false)} />;
  // Staff without sale.sell (finance, merchandising) get the reason, not a sale screen that refuses them.
  else if (!can(session, 'sale.sell'))
    body = <NoSaleAccess onBackOffice={hasBackOffice(session) ? () => setOwnerOpen(true) : undefined} />;
  else body = <SaleScreen onCashAct={shift.recheck} />;
  const question = shiftQuestion(selling ? shift.status : null, {
    managesShifts: can(session, 'shift.manage'),
    floatPutOff,
  });

  return (
    <SessionProvider session={session}>
      <div className="app">
        <TopBar info={info} right={right} keepAll={keepAllEm(infoItems.map((x) => x.name))} />
        <main className={session ? 'main' : 'center'}>
          {error && <ErrorBanner text={error} />}
          {body}
        </main>
        {session && printerOpen && <PrinterSettings onClose={() => setPrinterOpen(false)} />}
        {session && !agentPc && shiftOpen && (
          <ShiftPanel
            onClose={() => {
              setShiftOpen(false);
              shift.recheck();
            }}
          />
        )}
        {/* a shift belongs to a person: another's open shift is handed over or covered before selling */}
        {!shiftOpen && question.kind === 'another' && (
          <ShiftGate
            question={question}
            onHandover={() => setShiftOpen(true)}
            onCovered={shift.recheck}
            onLogout={() => void logout()}
          />
        )}
        {question.kind === 'float' && floatOpen && (
          <FloatPrompt
            openedAt={question.openedAt}
            onDone={() => {
              setFloatOpen(false);
              shift.recheck();
            }}
            onLater={() => {
              setFloatOpen(false);
              setFloatPutOff(question.shiftId);
            }}
          />
        )}
        {session && (
          <footer className="footer">
            <span className="muted">
              {agentPc ? t('agent.shortcuts') : ownerOpen ? t('owner.shortcuts') : t('sale.shortcuts')}
            </span>
            {question.kind === 'float' && <FloatNotice onOpen={() => setFloatOpen(true)} />}
            {!agentPc && <CatalogBadge initial={status.catalog.products} />}
          </footer>
        )}
      </div>
    </SessionProvider>
  );
}
