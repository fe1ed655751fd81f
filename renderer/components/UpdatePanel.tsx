// Runtime: DOM. What is coming and when (软件更新): the version and its notes in the screen's language, the
// download, when it will install and what it waits for (an open sale, a payment…), 立即安装 / 稍后提醒 (a forced
// update cannot be put off), what the cloud does not take yet, and — for whoever may manage devices — the
// owner's moment: after a shift close, a night time, or only when the cashier accepts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTALL_MOMENTS, type MethodName, type Session, type UpdateStatus } from '../../shared/api/contract';
import { errorText } from '../i18n';
import { usePos } from '../state/pos';
import { ErrorBanner } from './ErrorBanner';
import { can } from './owner/access';

const clock = (ms: number, lang: string) =>
  new Date(ms).toLocaleTimeString(lang, {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
  });
const day = (ms: number, lang: string) => new Date(ms).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' });

export function UpdatePanel({
  status,
  session,
  onStatus,
  onClose,
}: {
  status: UpdateStatus;
  session: Session | null;
  onStatus: (s: UpdateStatus) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const pos = usePos();
  const lang = i18n.language;
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [moment, setMoment] = useState(status.settings.moment);
  const [nightTime, setNightTime] = useState(status.settings.nightTime);

  const act = async (method: Extract<MethodName, 'update.install' | 'update.postpone' | 'update.check'>) => {
    setError(null);
    const r = await pos.try(method, {});
    if (r.ok) onStatus(r.value);
    else setError(errorText(r.error));
    if (r.ok && method === 'update.postpone') onClose();
  };
  const save = async () => {
    setError(null);
    setSaved(false);
    const r = await pos.try('update.settings', { moment, nightTime });
    if (r.ok) {
      onStatus(r.value);
      setSaved(true);
    } else setError(errorText(r.error));
  };

  const offer = status.offer;
  const ready = status.phase === 'downloaded';
  const notes = offer ? offer.notes[lang.startsWith('en') ? 'en' : 'zh-CN'] : null;
  const kinds = status.cloud.heldKinds
    .map((k) => (i18n.exists(`recordKinds.${k}`) ? t(`recordKinds.${k}`) : k))
    .join(lang.startsWith('en') ? ', ' : '、');
  let progress: string;
  switch (status.phase) {
    case 'checking':
      progress = t('update.checking');
      break;
    case 'downloading':
      progress = t('update.downloading', { version: status.version, percent: Math.floor(status.percent ?? 0) });
      break;
    case 'downloaded':
      progress = t('update.ready', { version: status.version });
      break;
    case 'installing':
      progress = t('update.installing');
      break;
    case 'error':
      progress = t('update.error', { text: status.error });
      break;
    case 'unavailable':
      progress = t('update.unavailable');
      break;
    default:
      progress = t('update.upToDate');
  }

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-labelledby="update-title" data-testid="update-panel">
      <div className="modal__body card update-panel">
        <h2 id="update-title">{t('update.title')}</h2>
        <p className="muted" data-testid="update-current">
          {t('update.current', { version: status.currentVersion })}
        </p>
        {status.cloud.belowMinimum && (
          <p className="error" data-testid="update-below-minimum">
            {t('update.belowMinimum', { version: status.currentVersion, minimum: status.cloud.minimumTillVersion })}
          </p>
        )}
        {kinds && (
          <p className="warning" data-testid="update-held">
            {t('update.held', { kinds })}
          </p>
        )}
        {offer && offer.version !== status.currentVersion && (
          <section data-testid="update-offer">
            <h3>{t('update.coming', { version: offer.version, date: day(offer.releaseDate, lang) })}</h3>
            <h4>{t('update.notes')}</h4>
            <p className="update-panel__notes" data-testid="update-notes">
              {notes}
            </p>
            {status.forced && <p className="warning">{t('update.forcedNote')}</p>}
          </section>
        )}
        <p data-testid="update-progress">{progress}</p>
        {status.phase === 'downloading' && (
          <progress max={100} value={status.percent ?? 0} className="update-panel__bar" />
        )}
        {status.scheduled && (
          <p data-testid="update-scheduled">
            {t(`update.scheduled.${status.scheduled.by}`, { time: clock(status.scheduled.at, lang) })}
          </p>
        )}
        {status.waitingFor.length > 0 && (
          <p className="muted" data-testid="update-waiting">
            {t('update.waiting', {
              list: status.waitingFor.map((w) => t(`update.wait.${w}`)).join(lang.startsWith('en') ? ', ' : '；'),
            })}
          </p>
        )}
        {status.postponedUntil && (
          <p className="muted">{t('update.postponedUntil', { time: clock(status.postponedUntil, lang) })}</p>
        )}
        <ErrorBanner text={error} />
        <div className="modal__actions">
          {ready && session && status.scheduled?.by !== 'cashier' && status.scheduled?.by !== 'forced' && (
            <button
              type="button"
              className="primary"
              data-testid="update-install"
              onClick={() => void act('update.install')}
            >
              {t('update.installNow')}
            </button>
          )}
          {ready && session && !status.forced && (
            <button
              type="button"
              className="ghost"
              data-testid="update-later"
              onClick={() => void act('update.postpone')}
            >
              {t('update.later')}
            </button>
          )}
          {session && !ready && status.phase !== 'installing' && (
            <button type="button" className="ghost" data-testid="update-check" onClick={() => void act('update.check')}>
              {t('update.checkNow')}
            </button>
          )}
          <button type="button" className="ghost" data-testid="update-close" onClick={onClose}>
            {t('update.close')}
          </button>
        </div>
        {can(session, 'device.manage') && (
          <fieldset className="update-panel__settings" data-testid="update-settings">
            <legend>{t('update.settings')}</legend>
            {INSTALL_MOMENTS.map((m) => (
              <label key={m} className="update-panel__choice">
                <input
                  type="radio"
                  name="update-moment"
                  value={m}
                  checked={moment === m}
                  data-testid={`update-moment-${m}`}
                  onChange={() => setMoment(m)}
                />
                {t(`update.moment.${m}`)}
              </label>
            ))}
            {moment === 'night' && (
              <label className="update-panel__choice">
                {t('update.nightTime')}
                <input
                  type="time"
                  value={nightTime}
                  data-testid="update-night-time"
                  onChange={(e) => setNightTime(e.target.value)}
                />
              </label>
            )}
            <button type="button" className="ghost" data-testid="update-save" onClick={() => void save()}>
              {saved ? t('update.saved') : t('update.save')}
            </button>
          </fieldset>
        )}
      </div>
    </div>
  );
}
