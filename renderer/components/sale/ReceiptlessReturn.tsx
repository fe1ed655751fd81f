// Runtime: DOM. 无单退货 at the history dialog: the customer has no receipt. The cashier scans (or searches and
// picks) the goods brought back, checks each quantity and what it gives back (the shelf price × quantity unless
// typed: the customer may have paid a promotion price), picks a reason and presses 退现金 — cash from the drawer,
// the only tender a return without its sale can know. It needs the 无单退货 permission (sale.refund_no_receipt) or a
// supervisor's approval on this screen (the history dialog's useOverride), like every return. The form is the
// reducer in state/receiptless.ts; this file lays it out and looks the products up.
import { useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../../shared/api/contract';
import { halfWidth } from '../../../shared/input';
import { money } from '../../format';
import { errorText } from '../../i18n';
import type { ShopReason } from '../../state/historyDialog';
import { usePos } from '../../state/pos';
import { ReturnReasonSelect } from './ReturnReasonSelect';
import { receiptless, receiptlessInput, receiptlessStart } from '../../state/receiptless';
import { ReceiptlessLines } from './ReceiptlessLines';

const RESULTS = 8;

export function ReceiptlessReturn({
  busy,
  onSubmit,
}: {
  busy: boolean;
  /** sends sale.return without an order; resolves true once the return went through (the form then clears) */
  onSubmit: (input: {
    lines: { productId: string; qty: number; amount: number }[];
    reason: ShopReason;
  }) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [s, dispatch] = useReducer(receiptless, receiptlessStart);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CatalogItem[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const input = receiptlessInput(s);

  const pick = (item: CatalogItem) => {
    if (item.kind !== 'physical') return setNote(t('changes.receiptless.notGoods', { name: item.name }));
    dispatch({ type: 'add', item });
    setNote(null);
    setResults(null);
    setQuery('');
    searchBox.current?.focus();
  };

  const find = async () => {
    const q = halfWidth(query).trim();
    if (!q) return;
    // a scanned barcode first (exactly one product), then the words of a name or its pinyin initials
    const exact = await pos.try('catalog.lookup', { code: q });
    if (exact.ok && exact.value.item) return pick(exact.value.item);
    const found = await pos.try('catalog.search', { query: q, limit: RESULTS });
    if (!found.ok) return setNote(errorText(found.error));
    const goods = found.value.items.filter((i) => i.kind === 'physical');
    if (goods.length === 1) return pick(goods[0]!);
    setResults(goods);
    setNote(goods.length === 0 ? t('changes.receiptless.notFound', { query: q }) : null);
  };

  const submit = async () => {
    if (!input.ok || busy) return;
    if (await onSubmit({ lines: input.lines, reason: s.reason })) dispatch({ type: 'clear' });
  };

  return (
    <div className="receiptless" data-testid="receiptless">
      <p className="muted small">{t('changes.receiptless.hint')}</p>
      <form
        className="receiptless__find"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <input
          ref={searchBox}
          autoFocus
          data-testid="receiptless-search"
          aria-label={t('changes.receiptless.search')}
          placeholder={t('changes.receiptless.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="ghost">
          {t('changes.receiptless.find')}
        </button>
      </form>
      {note && (
        <p className="warn small" role="status" data-testid="receiptless-note">
          {note}
        </p>
      )}
      {results && results.length > 0 && (
        <ul className="receiptless__results">
          {results.map((r) => (
            <li key={r.id}>
              <button type="button" className="ghost" data-testid="receiptless-result" onClick={() => pick(r)}>
                {r.name} <span className="muted small">{r.barcode ?? r.sku}</span> <strong>{money(r.price)}</strong>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ReceiptlessLines s={s} dispatch={dispatch} />
      <div className="history__actions">
        <ReturnReasonSelect
          testId="receiptless-reason"
          value={s.reason}
          onChange={(reason) => dispatch({ type: 'reason', reason })}
        />
        <button
          type="button"
          className="primary"
          data-testid="receiptless-submit"
          disabled={!input.ok || busy}
          onClick={() => void submit()}
        >
          {t('changes.receiptless.submit', { amount: money(input.ok ? input.total : 0) })}
        </button>
        {!input.ok && input.problem !== 'empty' && (
          <span className="error small" role="alert" data-testid="receiptless-problem">
            {t(`changes.receiptless.problem.${input.problem}`)}
          </span>
        )}
      </div>
    </div>
  );
}
