// Runtime: any (pure). How much room a name keeps in the top bar on a wide screen (TopBar.tsx, styles.css
// --keep and --keep-all): its first ten characters, so a long outlet or till name never pushes the cashier's
// name — or is pushed — down to a few characters.
/** the names keep at least their first ten characters on a wide screen */
const KEEP_CHARS = 10;
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/**
 * How wide (em) the first KEEP_CHARS characters of a name are, with its icon and the ellipsis: the width the
 * name keeps in the bar at 1201 px and wider (styles.css `--keep`). A CJK character is 1 em, others ~0.6 em.
 */
export function keepEm(name: string): number {
  const chars = [...name];
  const kept = chars.slice(0, KEEP_CHARS).reduce((a, c) => a + (WIDE.test(c) ? 1 : 0.6), 0);
  return Math.round((kept + 1.4 + (chars.length > KEEP_CHARS ? 1 : 0)) * 10) / 10;
}

/** what the names keep together: each one's keepEm and the 1 em gaps between them */
export const keepAllEm = (names: string[]): number =>
  Math.round((names.reduce((a, n) => a + keepEm(n), 0) + Math.max(0, names.length - 1)) * 10) / 10;
