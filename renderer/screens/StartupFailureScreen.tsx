// Runtime: DOM. Shown when every call answers BACKEND_UNAVAILABLE: the backend did not start. Says what
// failed and what to do (per reason, shared/api/startup.ts), where the log is, and the technical message for
// support — instead of a till that waits forever.
import { useTranslation } from 'react-i18next';
import type { StartupFailure } from '../../shared/api/startup';

export function StartupFailureScreen({ failure, onRetry }: { failure: StartupFailure; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="card form startup-failure" role="alert" data-testid="startup-failure" data-reason={failure.reason}>
      <h1>{t('startup.title')}</h1>
      <h2>{t('startup.whatFailed')}</h2>
      <p data-testid="startup-what">{t(`startup.reasons.${failure.reason}.what`)}</p>
      <h2>{t('startup.whatToDo')}</h2>
      <p data-testid="startup-todo">{t(`startup.reasons.${failure.reason}.todo`)}</p>
      {failure.logPath && <p className="muted">{t('startup.log', { path: failure.logPath })}</p>}
      <p className="muted small">{t('startup.technical', { message: failure.message })}</p>
      <button className="primary big" type="button" onClick={onRetry}>
        {t('startup.retry')}
      </button>
    </div>
  );
}
