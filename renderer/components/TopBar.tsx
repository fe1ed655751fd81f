// Runtime: DOM. The bar across the top of every screen: product name, who/where, sync state, language, logout.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

export function TopBar({ info, right }: { info?: ReactNode; right?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="topbar__brand">{t('app.title')}</div>
      <div className="topbar__info">{info}</div>
      <div className="topbar__right">
        {right}
        <LanguageSwitch />
      </div>
    </header>
  );
}
