// Runtime: DOM. Top-ups (话费充值), game cards (游戏点卡) and utility bills (生活缴费) at the counter, online only.
// Flow: pick (phone → carrier hint → face value; or a card; or biller → account number (户号) → amount) →
// confirm (customer's cash, change) → submit →
// live status, polled until it leaves pending. Cash: the customer pays cash at the counter; this panel
// counts it and shows the change, the cloud's virtual order and the outlet's prepaid ledger are the record
// of the sale (nothing goes to sales.db). A failed order is refunded to the outlet by the cloud, and the
// panel tells the cashier to hand the cash back.
// Idempotency: a confirmed sale gets one clientOrderId; "try again" after OFFLINE reuses it, so a lost
// answer can never charge twice. A card code is shown once, held in this component's state only until
// "next customer", and printed by the backend from memory (receipt.printCard).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VirtualOrderView as VirtualOrder } from '../../shared/api/virtual-methods';
import type { Fen } from '../../shared/money';
import { errorText } from '../i18n';
import { money } from '../format';
import { usePos } from '../state/pos';
import { useSyncStatus } from '../state/useSyncStatus';
import { readTender } from './TenderPanel';
import { RecentVirtualOrders } from './RecentVirtualOrders';

/** The cloud's definite refusals (nothing charged; electron/backend/virtual/handlers.ts DEFINITE_REFUSALS): the cash goes back. */
const REFUSALS = new Set(['VALIDATION', 'NOT_FOUND', 'INSUFFICIENT_FUNDS', 'FORBIDDEN']);

type Carrier = 'cmcc' | 'cucc' | 'ctcc' | 'cbn';
interface Product {
  id: string;
  name: string;
  faceValue: Fen;
  price: Fen;
}
interface CarrierHit {
  carrier: Carrier | null;
  province: string | null;
  city: string | null;
  tableLoaded: boolean;
}
interface Biller {
  biller: string;
  items: Product[];
}
type Mode = 'topup' | 'card' | 'bill';
const ACCOUNT_RE = /^[A-Za-z0-9]{5,30}$/;
type Step =
  | { kind: 'pick' }
  | { kind: 'confirm'; clientOrderId: string }
  | { kind: 'status'; order: VirtualOrder; paid: Fen; code: string | null };

const LOOKUP_DEBOUNCE_MS = 120;
const POLL_MS = { pending: 1000, stuck: 5000 } as const;

export function TopupPanel() {
  const { t } = useTranslation();
  const pos = usePos();
  const sync = useSyncStatus();
  const offline = sync?.state === 'offline';
  const [mode, setMode] = useState<Mode>('topup');
  const [phone, setPhone] = useState('');
  const [hit, setHit] = useState<CarrierHit | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [cards, setCards] = useState<Product[]>([]);
  const [billers, setBillers] = useState<Biller[]>([]);
  const [biller, setBiller] = useState<string | null>(null);
  const [account, setAccount] = useState('');
  const [chosen, setChosen] = useState<Product | null>(null);
  const [tenderText, setTenderText] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [printed, setPrinted] = useState(false);
  const lookupSeq = useRef(0);

  // The top-up and card products come from the local catalog: when a catalog pull completes (the first one
  // runs right after login, maybe while the cashier is already typing a number), look them up again.
  const [catalogVersion, setCatalogVersion] = useState(0);
  useEffect(() => pos.on('catalog.progress', (p) => p.done && setCatalogVersion((v) => v + 1)), [pos]);

  // Carrier as the cashier types (from 3 digits), then that carrier's face values.
  useEffect(() => {
    const digits = phone.replace(/\D/g, '');
    const seq = ++lookupSeq.current;
    if (digits.length < 3) {
      setHit(null);
      setProducts([]);
      return;
    }
    const timer = setTimeout(async () => {
      const r = await pos.try('topup.carrierOf', { phone: digits.slice(0, 11) });
      if (seq !== lookupSeq.current || !r.ok) return;
      setHit(r.value);
      const carrier = r.value.carrier;
      // With the number: a regional source is offered only when the number's province is one of its regions.
      const p = carrier ? await pos.try('topup.products', { carrier, phone: digits.slice(0, 11) }) : null;
      if (seq !== lookupSeq.current) return;
      setProducts(p?.ok ? p.value.items : []);
    }, LOOKUP_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [phone, pos, catalogVersion]);

  useEffect(() => {
    if (mode === 'card') void pos.try('virtual.cards', {}).then((r) => r.ok && setCards(r.value.items));
    if (mode === 'bill') {
      void pos.try('utility.billers', {}).then((r) => {
        if (!r.ok) return;
        setBillers(r.value.billers);
        // keep the cashier's biller if it is still sold, else the first one
        setBiller((b) => (b && r.value.billers.some((x) => x.biller === b) ? b : (r.value.billers[0]?.biller ?? null)));
      });
    }
  }, [mode, pos, catalogVersion]);

  // Live status: poll while the supplier has not answered.
  const status = step.kind === 'status' ? step.order.status : null;
  const orderId = step.kind === 'status' ? step.order.id : null;
  useEffect(() => {
    if (!orderId || (status !== 'pending' && status !== 'stuck')) return;
    const timer = setTimeout(async () => {
      const r = await pos.try('virtual.status', { id: orderId });
      if (r.ok)
        setStep((s) =>
          s.kind === 'status' && s.order.id === orderId
            ? { ...s, order: r.value, code: s.code ?? r.value.cardCode ?? null }
            : s,
        );
    }, POLL_MS[status]);
    return () => clearTimeout(timer);
  }, [orderId, status, pos]);

  const digits = phone.replace(/\D/g, '');
  const phoneOk = /^1\d{10}$/.test(digits);
  const accountText = account.trim();
  const accountOk = ACCOUNT_RE.test(accountText);
  const billItems = billers.find((b) => b.biller === biller)?.items ?? [];
  const canConfirm =
    !!chosen && (mode === 'card' || (mode === 'topup' && phoneOk) || (mode === 'bill' && accountOk)) && !offline;
  const tender = chosen ? readTender(tenderText, chosen.price) : null;
  const cashOk = tender !== null && tender.change !== null && tender.change >= 0;

  const switchMode = (m: Mode) => {
    setMode(m);
    setChosen(null);
    setError(null);
  };

  const submit = async () => {
    if (step.kind !== 'confirm' || !chosen || !tender?.tendered || busy) return;
    setBusy(true);
    setError(null);
    try {
      const recipient = mode === 'topup' ? { phone: digits } : mode === 'bill' ? { account: accountText } : {};
      const order = await pos.call('virtual.submit', {
        productId: chosen.id,
        clientOrderId: step.clientOrderId,
        ...recipient,
      });
      setStep({ kind: 'status', order, paid: tender.tendered, code: order.cardCode ?? null });
    } catch (e) {
      // Still on the confirm step with the same clientOrderId: "try again" cannot charge twice.
      const code = (e as { code?: string }).code;
      // A refusal the cloud gave on purpose charged nothing: the drawer already counts the cash as handed back.
      setError(
        code === 'OFFLINE'
          ? t('topup.offline')
          : code && REFUSALS.has(code)
            ? `${errorText(e)} ${t('shift.refusedReturnCash')}`
            : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const printCard = async () => {
    if (step.kind !== 'status') return;
    setError(null);
    const r = await pos.try('receipt.printCard', { orderId: step.order.id });
    if (r.ok) setPrinted(true);
    else setError(errorText(r.error));
  };

  const next = () => {
    setStep({ kind: 'pick' });
    setPhone('');
    setAccount('');
    setChosen(null);
    setTenderText('');
    setError(null);
    setPrinted(false);
  };

  const carrierName = (c: Carrier) => t(`topup.carriers.${c}`);

  return (
    <section className="topup" data-testid="topup-panel">
      {offline && (
        <div className="topup__offline" data-testid="topup-offline">
          {t('topup.offline')}
        </div>
      )}
      {error && (
        <div className="topup__error" data-testid="topup-error" role="alert">
          {error}
        </div>
      )}

      {step.kind === 'pick' && (
        <>
          <div className="topup__modes" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={mode === 'topup'}
              className={mode === 'topup' ? 'on' : ''}
              data-testid="topup-mode-topup"
              onClick={() => switchMode('topup')}
            >
              {t('topup.modeTopup')}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={mode === 'card'}
              className={mode === 'card' ? 'on' : ''}
              data-testid="topup-mode-card"
              onClick={() => switchMode('card')}
            >
              {t('topup.modeCard')}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={mode === 'bill'}
              className={mode === 'bill' ? 'on' : ''}
              data-testid="topup-mode-bill"
              onClick={() => switchMode('bill')}
            >
              {t('bills.mode')}
            </button>
          </div>

          {mode === 'bill' ? (
            <div className="topup__bills" data-testid="bill-form">
              {billers.length === 0 ? (
                <p className="muted" data-testid="bill-none">
                  {t('bills.noBillers')}
                </p>
              ) : (
                <>
                  <div className="topup__label">{t('bills.biller')}</div>
                  <div className="topup__modes topup__billers">
                    {billers.map((b) => (
                      <button
                        key={b.biller}
                        type="button"
                        className={biller === b.biller ? 'on' : ''}
                        data-testid="bill-biller"
                        data-biller={b.biller}
                        aria-pressed={biller === b.biller}
                        onClick={() => {
                          setBiller(b.biller);
                          setChosen(null);
                        }}
                      >
                        {b.biller}
                      </button>
                    ))}
                  </div>
                  <label className="topup__label">
                    {t('bills.account')}
                    <input
                      data-testid="bill-account"
                      className="topup__phone"
                      autoComplete="off"
                      maxLength={30}
                      placeholder={t('bills.accountPlaceholder')}
                      value={account}
                      onChange={(e) => setAccount(e.target.value)}
                    />
                  </label>
                  {accountText.length > 0 && !accountOk && (
                    <p className="small topup__error" data-testid="bill-account-invalid">
                      {t('bills.accountInvalid')}
                    </p>
                  )}
                  <div className="topup__label">{t('bills.amount')}</div>
                  <FaceValues items={billItems} chosen={chosen} onChoose={setChosen} testId="bill-amount" />
                </>
              )}
            </div>
          ) : mode === 'topup' ? (
            <>
              <label className="topup__label">
                {t('topup.phone')}
                <input
                  data-testid="topup-phone"
                  className="topup__phone"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={13}
                  placeholder={t('topup.phonePlaceholder')}
                  value={phone}
                  onChange={(e) => {
                    setPhone(e.target.value);
                    setChosen(null);
                  }}
                />
              </label>
              <div className="topup__carrier" data-testid="topup-carrier" data-carrier={hit?.carrier ?? ''}>
                {hit?.carrier ? (
                  <>
                    <strong>{carrierName(hit.carrier)}</strong>
                    {(hit.province || hit.city) && (
                      <span>
                        {' '}
                        · {[hit.province, hit.city !== hit.province ? hit.city : null].filter(Boolean).join(' ')}
                      </span>
                    )}
                  </>
                ) : digits.length >= 3 && hit ? (
                  <span className="muted">
                    {hit.tableLoaded ? t('topup.carrierUnknown') : t('topup.tableNotLoaded')}
                  </span>
                ) : (
                  <span className="muted">{t('topup.typeNumber')}</span>
                )}
              </div>
              <p className="topup__hint muted small">{t('topup.portabilityHint')}</p>
              <FaceValues items={products} chosen={chosen} onChoose={setChosen} testId="topup-face" />
            </>
          ) : (
            <div className="topup__cards">
              {cards.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className={`topup__card${chosen?.id === p.id ? ' on' : ''}`}
                  data-testid="card-product"
                  onClick={() => setChosen(p)}
                >
                  <span>{p.name}</span>
                  <strong>{money(p.price)}</strong>
                </button>
              ))}
            </div>
          )}

          <button
            type="button"
            className="btn btn--primary topup__go"
            data-testid="topup-confirm"
            disabled={!canConfirm}
            onClick={() => {
              setTenderText('');
              setError(null);
              setStep({ kind: 'confirm', clientOrderId: crypto.randomUUID() });
            }}
          >
            {t('topup.toConfirm')}
          </button>
        </>
      )}

      {step.kind === 'confirm' && chosen && (
        <div className="topup__confirm" data-testid="topup-confirm-step">
          <h3>{t('topup.confirmTitle')}</h3>
          <dl className="topup__summary">
            <dt>{t('topup.product')}</dt>
            <dd>{chosen.name}</dd>
            {mode === 'topup' && (
              <>
                <dt>{t('topup.phone')}</dt>
                <dd data-testid="topup-confirm-phone">
                  {digits.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3')}
                  {hit?.carrier ? ` · ${carrierName(hit.carrier)}` : ''}
                </dd>
              </>
            )}
            {mode === 'bill' && (
              <>
                <dt>{t('bills.biller')}</dt>
                <dd>{biller}</dd>
                <dt>{t('bills.account')}</dt>
                <dd data-testid="bill-confirm-account">{accountText}</dd>
              </>
            )}
            <dt>{t('topup.due')}</dt>
            <dd className="topup__due">{money(chosen.price)}</dd>
          </dl>
          <label className="topup__label">
            {t('sale.tendered')}
            <input
              data-testid="topup-tendered"
              className="tender__input"
              inputMode="decimal"
              autoComplete="off"
              placeholder={t('sale.tenderedPlaceholder')}
              value={tenderText}
              onChange={(e) => setTenderText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && cashOk) void submit();
              }}
            />
          </label>
          <div className="tender__row">
            <span>{t('sale.change')}</span>
            <strong data-testid="topup-change">
              {tender?.change != null && tender.change >= 0 ? money(tender.change) : '—'}
            </strong>
          </div>
          <div className="topup__actions">
            <button
              type="button"
              className="btn"
              data-testid="topup-back"
              disabled={busy}
              onClick={() => setStep({ kind: 'pick' })}
            >
              {t('topup.back')}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              data-testid="topup-submit"
              disabled={!cashOk || busy || offline}
              onClick={() => void submit()}
            >
              {busy ? t('topup.submitting') : error ? t('topup.retry') : t('topup.submit')}
            </button>
          </div>
        </div>
      )}

      {step.kind === 'status' && (
        <div
          className={`topup__status topup__status--${step.order.status}`}
          data-testid="topup-status"
          data-status={step.order.status}
        >
          <div className="topup__status-word">{t(`topup.status.${step.order.status}`)}</div>
          <div className="muted">
            {step.order.kind === 'topup' && step.order.phone ? `${step.order.phone} · ` : ''}
            {step.order.kind === 'utility' && step.order.account
              ? `${t('bills.account')} ${step.order.account} · `
              : ''}
            {money(step.order.faceValue)}
          </div>
          {step.order.status === 'pending' && <p className="small">{t('topup.pendingHelp')}</p>}
          {step.order.status === 'stuck' && (
            <p className="small">{t(step.order.escalated ? 'topup.stuckEscalated' : 'topup.stuckHelp')}</p>
          )}
          {step.order.status === 'failed' && (
            <p data-testid="topup-refunded">
              {t('topup.failedRefunded', { amount: money(step.paid) })}
              {step.order.statusReason ? <span className="muted small"> （{step.order.statusReason}）</span> : null}
            </p>
          )}
          {step.order.status === 'success' && step.order.kind === 'topup' && <p>{t('topup.successHelp')}</p>}
          {step.order.status === 'success' && step.order.kind === 'utility' && (
            <p data-testid="bill-success">{t('bills.successHelp')}</p>
          )}
          {step.code && (
            <div className="topup__code">
              <div className="small">{t('topup.codeOnce')}</div>
              <code data-testid="card-code">{step.code}</code>
              <button type="button" className="btn" data-testid="card-print" onClick={() => void printCard()}>
                {printed ? t('topup.printAgain') : t('topup.print')}
              </button>
            </div>
          )}
          {step.order.status !== 'pending' && (
            <button type="button" className="btn btn--primary" data-testid="topup-next" onClick={next}>
              {t('topup.next')}
            </button>
          )}
        </div>
      )}
      {step.kind === 'pick' && <RecentVirtualOrders />}
    </section>
  );
}

/** The face values to pick from (top-ups of one carrier, or one biller's amounts), each with its price. */
function FaceValues({
  items,
  chosen,
  onChoose,
  testId,
}: {
  items: Product[];
  chosen: Product | null;
  onChoose: (p: Product) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="topup__faces">
      {items.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`topup__face${chosen?.id === p.id ? ' on' : ''}`}
          data-testid={`${testId}-${p.faceValue / 100}`}
          onClick={() => onChoose(p)}
        >
          <strong>{money(p.faceValue)}</strong>
          {/* two sources of one face value (e.g. a province-only offer): the name tells them apart */}
          {items.filter((x) => x.faceValue === p.faceValue).length > 1 && <span className="small">{p.name}</span>}
          <span className="small">{t('topup.price', { price: money(p.price) })}</span>
        </button>
      ))}
    </div>
  );
}
