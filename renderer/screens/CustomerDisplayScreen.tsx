// Runtime: DOM. The customer display (客显 / 副屏): the page on the screen facing the customer, opened with its
// own read-only token (web host) or as Electron's second window. Big type, readable from two metres: the lines
// as they are scanned (newest at the bottom, the oldest counted when they no longer fit), the total, what is still due, the change, a greeting when idle,
// and "请在手机上确认付款" while the customer's payment code waits for their password. It follows the till's
// language (the same browser storage) and can do nothing but look (shared/api/display.ts).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayState } from '../../shared/api/contract';
import { money } from '../format';
import { LANGUAGES, type Language } from '../i18n';
import i18n from '../i18n';
import { visibleLines } from '../state/customerDisplay';
import { useCustomerDisplay } from '../state/useCustomerDisplay';

/** Lines that fit beside the totals at 1024×768 in the big type; older ones are counted above them. */
const MAX_LINES = 7;

/** The display follows the language the cashier picks on the till (another page of the same origin). */
function useTillLanguage(): void {
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === 'pos.language' && LANGUAGES.some((l) => l.code === e.newValue)) {
        void i18n.changeLanguage(e.newValue as Language);
        document.documentElement.lang = e.newValue as Language;
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
}

export function CustomerDisplayScreen() {
  const { t } = useTranslation();
  const scene = useCustomerDisplay();
  useTillLanguage();
  useEffect(() => {
    document.title = t('customerDisplay.title');
  }, [t]);

  if (scene.kind === 'idle')
    return (
      <main className="cdisplay cdisplay--idle" data-testid="cdisplay" data-phase="idle">
        <div className="cdisplay__welcome" data-testid="cdisplay-welcome">
          {t('customerDisplay.welcome')}
        </div>
        {scene.outletName && <div className="cdisplay__outlet">{scene.outletName}</div>}
      </main>
    );
  const s = scene.state;
  return (
    <main className="cdisplay" data-testid="cdisplay" data-phase={scene.kind}>
      <header className="cdisplay__head">
        <span>{s.outletName}</span>
        <span>{t('customerDisplay.items', { count: s.itemCount })}</span>
      </header>
      <div className="cdisplay__body">
        <Lines s={s} />
        <Totals s={s} done={scene.kind === 'done'} />
      </div>
      {s.confirmOnPhone ? (
        <div className="cdisplay__banner cdisplay__banner--phone" role="status" data-testid="cdisplay-confirm">
          {t('customerDisplay.confirmOnPhone')}
        </div>
      ) : s.codeWaiting ? (
        <div className="cdisplay__banner" role="status" data-testid="cdisplay-waiting">
          {t('customerDisplay.checking')}
        </div>
      ) : scene.kind === 'done' ? (
        <div className="cdisplay__banner cdisplay__banner--thanks" data-testid="cdisplay-thanks">
          {t('customerDisplay.thanks')}
        </div>
      ) : null}
    </main>
  );
}

function Lines({ s }: { s: DisplayState }) {
  const { t } = useTranslation();
  const { shown, hidden } = visibleLines(s.lines, MAX_LINES);
  return (
    <ol className="cdisplay__lines" data-testid="cdisplay-lines">
      {hidden > 0 && <li className="cdisplay__more">{t('customerDisplay.moreLines', { count: hidden })}</li>}
      {shown.map((l, i) => (
        <li key={hidden + i} data-testid="cdisplay-line">
          <span className="cdisplay__name">{l.name}</span>
          <span className="cdisplay__qty" data-testid="cdisplay-line-qty">
            ×{l.qty}
          </span>
          <span className="cdisplay__amount">{money(l.lineTotal)}</span>
        </li>
      ))}
    </ol>
  );
}

function Totals({ s, done }: { s: DisplayState; done: boolean }) {
  const { t } = useTranslation();
  return (
    <dl className="cdisplay__totals">
      {s.discount > 0 && (
        <>
          <dt>{t('customerDisplay.discount')}</dt>
          <dd data-testid="cdisplay-discount">−{money(s.discount)}</dd>
        </>
      )}
      <dt>{t('customerDisplay.total')}</dt>
      <dd className="cdisplay__big" data-testid="cdisplay-total">
        {money(s.total)}
      </dd>
      {s.parts.map((p, i) => (
        <div key={i} className="cdisplay__part" data-testid="cdisplay-part">
          <dt>
            {t(`changes.method.${p.method}`)}
            {p.waiting ? ` · ${t('customerDisplay.partWaiting')}` : ''}
          </dt>
          <dd>{money(p.amount)}</dd>
        </div>
      ))}
      {!done && (
        <>
          <dt>{t('customerDisplay.due')}</dt>
          <dd className="cdisplay__big cdisplay__due" data-testid="cdisplay-due">
            {money(s.due)}
          </dd>
        </>
      )}
      {done && s.change !== null && s.change > 0 && (
        <>
          <dt>{t('customerDisplay.change')}</dt>
          <dd className="cdisplay__big cdisplay__change" data-testid="cdisplay-change">
            {money(s.change)}
          </dd>
        </>
      )}
    </dl>
  );
}
