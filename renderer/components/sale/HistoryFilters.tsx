// Runtime: DOM. The filter row of 历史订单: which list (商品订单 / 充值缴费), the day (today, an earlier day,
// any day), an amount range, a member and a product, the status. Applied with 查询 (or Enter in any field);
// the arithmetic is renderer/state/historyFilter.ts.
import { useTranslation } from 'react-i18next';
import {
  LIST_STATUSES,
  type FilterField,
  type HistoryDay,
  type HistoryFilter,
  type HistoryList,
} from '../../state/historyFilter';

interface Props {
  list: HistoryList;
  onList: (list: HistoryList) => void;
  filter: HistoryFilter;
  onFilter: (f: HistoryFilter) => void;
  /** the field a bad value was typed into */
  problem: FilterField | null;
  onApply: () => void;
}

export function HistoryFilters({ list, onList, filter, onFilter, problem, onApply }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<HistoryFilter>) => onFilter({ ...filter, ...patch });
  const statusText = (s: string) => (list === 'goods' ? t(`changes.status.${s}`) : t(`recent.status.${s}`));
  return (
    <form
      className="history__filters"
      data-testid="history-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <div className="side-tabs" role="tablist">
        {(['goods', 'virtual'] as const).map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={list === l}
            className={list === l ? 'on' : ''}
            data-testid={`history-list-${l}`}
            onClick={() => onList(l)}
          >
            {t(`changes.history.list.${l}`)}
          </button>
        ))}
      </div>
      <select
        data-testid="history-day"
        aria-label={t('changes.history.day')}
        value={filter.day}
        onChange={(e) => set({ day: e.target.value as HistoryDay })}
      >
        {(['today', 'day', 'all'] as const).map((d) => (
          <option key={d} value={d}>
            {t(`changes.history.days.${d}`)}
          </option>
        ))}
      </select>
      {filter.day === 'day' && (
        <input
          type="date"
          data-testid="history-date"
          aria-label={t('changes.history.day')}
          aria-invalid={problem === 'date'}
          value={filter.date}
          onChange={(e) => set({ date: e.target.value })}
        />
      )}
      <input
        className="history__amount"
        data-testid="history-min"
        inputMode="decimal"
        aria-label={t('changes.history.min')}
        placeholder={t('changes.history.min')}
        aria-invalid={problem === 'min'}
        maxLength={12}
        value={filter.min}
        onChange={(e) => set({ min: e.target.value })}
      />
      <input
        className="history__amount"
        data-testid="history-max"
        inputMode="decimal"
        aria-label={t('changes.history.max')}
        placeholder={t('changes.history.max')}
        aria-invalid={problem === 'max'}
        maxLength={12}
        value={filter.max}
        onChange={(e) => set({ max: e.target.value })}
      />
      {list === 'goods' && (
        <input
          data-testid="history-member"
          aria-label={t('changes.history.member')}
          placeholder={t('changes.history.member')}
          maxLength={64}
          value={filter.member}
          onChange={(e) => set({ member: e.target.value })}
        />
      )}
      <input
        data-testid="history-product"
        aria-label={t('changes.history.product')}
        placeholder={t('changes.history.product')}
        maxLength={64}
        value={filter.product}
        onChange={(e) => set({ product: e.target.value })}
      />
      <select
        data-testid="history-status-filter"
        aria-label={t('changes.history.statusFilter')}
        value={filter.status}
        onChange={(e) => set({ status: e.target.value })}
      >
        <option value="">{t('changes.history.anyStatus')}</option>
        {LIST_STATUSES[list].map((s) => (
          <option key={s} value={s}>
            {statusText(s)}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" data-testid="history-apply">
        {t('changes.history.apply')}
      </button>
    </form>
  );
}
