// Runtime: DOM. i18next set up once: zh-CN by default, English complete; the choice is remembered.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';
import type { AppError } from '../../shared/errors';
import { formatFen } from '../../shared/money';

export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'pos.language';

function initialLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** A typed error code becomes translated text; anything else falls back to the generic message. */
export function errorText(e: unknown): string {
  const err = e as Partial<AppError> | null;
  const details = err?.details as Record<string, unknown> | undefined;
  const reason = details?.reason;
  if (typeof reason === 'string' && i18n.exists(`reasons.${reason}`))
    return i18n.t(`reasons.${reason}`, detailValues(details!));
  const code = err?.code;
  if (code && i18n.exists(`errors.${code}`)) return i18n.t(`errors.${code}`);
  const message = e instanceof Error ? e.message : String(e);
  return i18n.t('errors.generic', { message });
}

/** An error's details as values for its text: amounts in fen (…Fen) shown as money. */
function detailValues(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details))
    out[k] = k.endsWith('Fen') && typeof v === 'number' ? formatFen(v, 'zh-CN') : v;
  return out;
}

export default i18n;
