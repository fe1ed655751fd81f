// Runtime: DOM. 员工卡 of one employee in the owner's 员工 tab: the card's last 4 (尾号 1234); 绑定/更换 by scanning the
// card into the field (a reader types the number, then Enter); 挂失/解绑 when it is lost or handed back. Both acts
// want the super password (the cloud's second factors). The field is masked: the number is a key, not a label.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { cardHint, checkStaffCard } from '../../../shared/staff-card';
import { usePos } from '../../state/pos';
import { requiredFactors, type useFactorsPrompt } from './useFactorsPrompt';

type Ask = ReturnType<typeof useFactorsPrompt>['ask'];

export function StaffCardPanel({ emp, ask, onDone }: { emp: OwnerEmployee; ask: Ask; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const who = `${emp.name}（${emp.username}）`;

  const bind = (e: FormEvent) => {
    e.preventDefault();
    const { card, problem: p } = checkStaffCard(typed);
    if (card === '' || p) return setProblem(t(`owner.card.problem.${p ?? 'short'}`));
    setProblem(null);
    const hint = cardHint(card);
    ask({
      title: t(emp.cardHint ? 'owner.card.replaceTitle' : 'owner.card.bindTitle', { name: who }),
      body: <p>{t('owner.card.bindBody', { hint, name: who })}</p>,
      required: true,
      run: (f) => pos.try('owner.employeeCard', { id: emp.id, card, ...requiredFactors(f) }),
      done: () => {
        setTyped('');
        onDone(t('owner.card.bound', { hint, name: emp.username }));
      },
    });
  };

  const remove = () =>
    ask({
      title: t('owner.card.removeTitle', { name: who }),
      body: <p>{t('owner.card.removeBody')}</p>,
      required: true,
      run: (f) => pos.try('owner.employeeCardRemove', { id: emp.id, ...requiredFactors(f) }),
      done: () => onDone(t('owner.card.removed', { name: emp.username })),
    });

  return (
    <div className="owner-editor" data-testid="card-panel">
      <h4>{t('owner.card.title')}</h4>
      <div className="owner-row">
        <span data-testid="card-hint">
          {emp.cardHint ? t('owner.card.has', { hint: emp.cardHint }) : t('owner.card.none')}
        </span>
        {emp.cardHint && (
          <button type="button" className="danger" data-testid="card-remove" onClick={remove}>
            {t('owner.card.remove')}
          </button>
        )}
      </div>
      <form className="owner-row" onSubmit={bind}>
        <input
          type="password"
          autoComplete="off"
          data-testid="card-input"
          placeholder={t('owner.card.placeholder')}
          aria-label={t('owner.card.placeholder')}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" className="primary" data-testid="card-bind" disabled={!typed.trim()}>
          {emp.cardHint ? t('owner.card.replace') : t('owner.card.bind')}
        </button>
      </form>
      {problem && (
        <p className="error-text" role="alert" data-testid="card-problem">
          {problem}
        </p>
      )}
      <p className="muted small">{t('owner.card.explain')}</p>
    </div>
  );
}
