// Runtime: DOM. Reprint and on-screen preview of a completed sale's receipt. Printing happens after the
// sale committed, so whatever the printer does, the sale stands; errors are shown, never thrown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';

export function ReceiptActions({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [svg, setSvg] = useState<string | null>(null);

  const reprint = async () => {
    setBusy(true);
    const r = await pos.try('receipt.print', { orderId });
    setBusy(false);
    setMessage(r.ok ? { ok: true, text: t('receipt.printed') } : { ok: false, text: errorText(r.error) });
    onDone();
  };
  const togglePreview = async () => {
    if (svg) return (setSvg(null), onDone());
    const r = await pos.try('receipt.preview', { orderId });
    if (r.ok) setSvg(r.value.svg);
    else setMessage({ ok: false, text: errorText(r.error) });
    onDone();
  };

  return (
    <div className="receipt-actions">
      <div className="receipt-actions__buttons">
        <button type="button" className="ghost" data-testid="reprint" disabled={busy} onClick={() => void reprint()}>
          {busy ? t('receipt.printing') : t('receipt.reprint')}
        </button>
        <button
          type="button"
          className="ghost"
          data-testid="receipt-preview-toggle"
          onClick={() => void togglePreview()}
        >
          {svg ? t('receipt.hidePreview') : t('receipt.preview')}
        </button>
      </div>
      {message && (
        <div className={message.ok ? 'notice' : 'error-text'} data-testid="receipt-message">
          {message.text}
        </div>
      )}
      {svg && (
        <img
          className="receipt-preview"
          data-testid="receipt-preview"
          alt={t('receipt.previewAlt')}
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
        />
      )}
    </div>
  );
}
