// Runtime: DOM. The update's place in the status area: silent while there is nothing to say; the download's
// progress; "update ready" (highlighted while the prompt is due); "update required" when the cloud needs a
// newer till; installing. A click opens the panel (UpdatePanel) — nothing ever pops up over a sale or takes
// the scanner's focus.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import { useUpdateStatus } from '../state/useUpdateStatus';
import { UpdatePanel } from './UpdatePanel';

export function UpdateIndicator({ session }: { session: Session | null }) {
  const { t } = useTranslation();
  const [status, setStatus] = useUpdateStatus();
  const [open, setOpen] = useState(false);
  if (!status) return null;
  const required = status.cloud.belowMinimum || status.forced;
  let text: string | null = null;
  if (status.phase === 'installing') text = t('update.pill.installing');
  else if (status.phase === 'downloaded' && status.version) text = t('update.pill.ready', { version: status.version });
  else if (status.phase === 'downloading')
    text = t('update.pill.downloading', { percent: Math.floor(status.percent ?? 0) });
  if (required) text = text ? `${t('update.pill.required')} · ${text}` : t('update.pill.required');
  const held = status.cloud.heldKinds.length > 0;
  return (
    <>
      {(text || held) && (
        <button
          type="button"
          className={`update-pill${status.prompt || required ? ' update-pill--due' : ''}`}
          data-testid="update-indicator"
          data-phase={status.phase}
          title={text ?? t('update.pill.held')}
          onClick={() => setOpen(true)}
        >
          {text ?? t('update.pill.held')}
        </button>
      )}
      {/* out of the header (its colours and clipping) into the page */}
      {open &&
        createPortal(
          <UpdatePanel status={status} session={session} onStatus={setStatus} onClose={() => setOpen(false)} />,
          document.body,
        )}
    </>
  );
}
