// Runtime: DOM. This PC's receipt printer. Changing it needs 'device.manage': without it the settings are
// shown read-only with the reason (the backend refuses a change anyway).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterConfig } from '../../shared/api/contract';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { useMissing } from '../state/session';
import { useEscapeToClose } from '../state/useEscapeToClose';

export function PrinterSettings({ onClose }: { onClose: () => void }) {
  useEscapeToClose(onClose);
  const { t } = useTranslation();
  const pos = usePos();
  const [kind, setKind] = useState<PrinterConfig['kind']>('none');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [paperWidth, setPaperWidth] = useState<58 | 80>(58);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = useMissing('device.manage');

  useEffect(() => {
    void pos.try('printer.get', {}).then((r) => {
      if (!r.ok) return setMessage({ ok: false, text: errorText(r.error) });
      setKind(r.value.kind);
      if (r.value.kind === 'network') {
        setHost(r.value.host);
        setPort(String(r.value.port));
        setPaperWidth(r.value.paperWidth);
      }
    });
  }, [pos]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const config: PrinterConfig =
      kind === 'none' ? { kind } : { kind, host: host.trim(), port: Number(port), paperWidth };
    const r = await pos.try('printer.set', config);
    setMessage(r.ok ? { ok: true, text: t('receipt.saved') } : { ok: false, text: errorText(r.error) });
  };

  return (
    <div
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="printer-title"
      data-testid="printer-settings"
    >
      <form className="modal__body card" onSubmit={(e) => void save(e)}>
        <h2 id="printer-title">{t('receipt.printerTitle')}</h2>
        <p className="muted">{t('receipt.printerHint')}</p>
        {locked && (
          <p className="muted small" data-testid="printer-locked">
            {locked}
          </p>
        )}
        <fieldset className="plain" disabled={!!locked}>
          <label className="radio">
            <input type="radio" name="kind" checked={kind === 'none'} onChange={() => setKind('none')} />
            {t('receipt.printerNone')}
          </label>
          <label className="radio">
            <input
              type="radio"
              name="kind"
              data-testid="printer-network"
              checked={kind === 'network'}
              onChange={() => setKind('network')}
            />
            {t('receipt.printerNetwork')}
          </label>
          {kind === 'network' && (
            <div className="modal__fields">
              <label>
                {t('receipt.host')}
                <input
                  data-testid="printer-host"
                  value={host}
                  onChange={(e) => setHost(e.target.value)}
                  placeholder="192.168.1.100"
                  required
                />
              </label>
              <label>
                {t('receipt.port')}
                <input
                  data-testid="printer-port"
                  value={port}
                  inputMode="numeric"
                  onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
                  required
                />
              </label>
              <label>
                {t('receipt.paperWidth')}
                <select value={paperWidth} onChange={(e) => setPaperWidth(Number(e.target.value) === 80 ? 80 : 58)}>
                  <option value={58}>{t('receipt.paper58')}</option>
                  <option value={80}>{t('receipt.paper80')}</option>
                </select>
              </label>
            </div>
          )}
        </fieldset>
        {message && (
          <div className={message.ok ? 'notice' : 'error-text'} data-testid="printer-message">
            {message.text}
          </div>
        )}
        <div className="modal__actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('receipt.close')}
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="printer-save"
            disabled={!!locked}
            title={locked ?? undefined}
          >
            {t('receipt.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
