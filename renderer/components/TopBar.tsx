// Runtime: DOM. The bar across the top of every screen: product name, who/where, sync state, language, logout.
// Who and where (outlet, till, cashier) are a small icon and the name: the words ("Outlet:", "门店：") are
// for screen readers and the tooltip only, so on a 1366 px screen the names get the room, in English too.
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { keepEm } from './topbarKeep';

/** keepAll: the width (em) the names keep together on a wide screen, from keepAllEm */
export function TopBar({ info, right, keepAll }: { info?: ReactNode; right?: ReactNode; keepAll?: number }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="topbar__brand">{t('app.title')}</div>
      <div className="topbar__info" style={keepAll ? ({ '--keep-all': `${keepAll}em` } as CSSProperties) : undefined}>
        {info}
      </div>
      <div className="topbar__right">
        {right}
        <LanguageSwitch />
      </div>
    </header>
  );
}

// 24 × 24 stroke outlines drawn in the text colour: a shop front, a till screen, a person
const INFO_ICONS = {
  outlet: 'M3 9l2-5h14l2 5M4 9v11h16V9M3 9h18M9 20v-6h6v6',
  device: 'M3 4h18v12H3zM8 21h8M12 16v5',
  person: 'M12 12a4 4 0 1 0 0-8a4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6',
} as const;
export type InfoIconKind = keyof typeof INFO_ICONS;

/** One "who / where" item of the bar: the icon and the name, the label read aloud and in the tooltip. */
export function InfoItem({
  testId,
  icon,
  label,
  name,
}: {
  testId: string;
  icon: InfoIconKind;
  label: string;
  name: string;
}) {
  const style = { '--keep': `${keepEm(name)}em` } as CSSProperties;
  return (
    <span data-testid={testId} className="topbar__item" title={`${label}${name}`} style={style}>
      <svg className="topbar__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={INFO_ICONS[icon]} />
      </svg>
      <span className="sr-only">{label}</span>
      {name}
    </span>
  );
}
