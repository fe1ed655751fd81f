// Runtime: DOM. 开钱箱: opens the cash drawer without a sale (the backend pulses it through the receipt printer
// and writes the act into the audit chain with the employee first — a classic theft path, so it is behind the
// permission drawer.open: for others the button is disabled with the reason shown).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { useMissing } from '../state/session';

export function DrawerButton() {
  const { t } = useTranslation();
  const pos = usePos();
  const missing = useMissing('drawer.open');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const open = async () => {
    setBusy(true);
    const r = await pos.try('drawer.open', {});
    setSaid(r.ok ? { ok: true, text: t('drawer.opened') } : { ok: false, text: errorText(r.error) });
    setBusy(false);
  };
  return (
    <div className="drawer-open">
      <button
        type="button"
        data-testid="drawer-open"
        disabled={busy || missing !== null}
        title={missing ?? t('drawer.hint')}
        onClick={() => void open()}
      >
        {t('drawer.open')}
      </button>
      {missing && (
        <span className="muted small" data-testid="drawer-missing">
          {missing}
        </span>
      )}
      {said && (
        <span className={`small ${said.ok ? 'muted' : 'error'}`} role="status" data-testid="drawer-said">
          {said.text}
        </span>
      )}
    </div>
  );
}
