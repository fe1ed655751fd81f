// Runtime: DOM. 我的安全: the on/off mark beside each protection (super password, dynamic token, e-mail, phone).
import { useTranslation } from 'react-i18next';

export function Status({ on, testid }: { on: boolean; testid: string }) {
  const { t } = useTranslation();
  return (
    <span className={on ? 'status status--active' : 'status status--pending'} data-testid={testid}>
      {on ? t('owner.me.on') : t('owner.me.off')}
    </span>
  );
}
