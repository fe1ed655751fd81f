// Runtime: Node (Playwright) + the page. What "laid out right at a counter screen" means, measured in the
// real Chromium on the real renderer: the header is one line with nothing overlapping or cut off at the
// right edge, the document itself never scrolls, no text wraps one character per line, every enabled button's
// label can be read against what is behind it (contrast ≥ 3:1, WCAG's floor for large text and controls), and
// the controls a screen lives by (the pay button) are inside the viewport and not covered by anything, and no
// table is wider than the panel it sits in.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const COUNTER_SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

/** With SHOTS_DIR set, saves `<name>-<width>.png` at each counter size; ends at the larger size. */
export async function shootAtCounterSizes(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const size of COUNTER_SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(dir, `${name}-${size.width}.png`) });
  }
  await page.setViewportSize(COUNTER_SIZES[0]);
}

export interface LayoutCheck {
  /** test ids that must be fully inside the viewport and on top where they are, without scrolling */
  visible?: string[];
  /** test ids that must be reachable: scrolled into view (inside their scrolling panel), then as `visible` */
  reachable?: string[];
}

// The little of the DOM the probe below uses, typed here: e2e/ compiles without the DOM library (Node code).
interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  getBoundingClientRect(): Rect;
  parentElement: El | null;
  disabled?: boolean;
  getAttribute(name: string): string | null;
  className: { toString(): string };
  tagName: string;
  textContent: string | null;
  closest(selector: string): El | null;
  contains(other: unknown): boolean;
  querySelectorAll(selector: string): ArrayLike<El>;
  scrollIntoView(options?: object): void;
}
interface Text {
  data: string;
  parentElement: El | null;
}
interface PageGlobals {
  innerWidth: number;
  innerHeight: number;
  document: {
    documentElement: { scrollHeight: number; scrollWidth: number };
    body: unknown;
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<Rect> };
    createTreeWalker(root: unknown, show: number): { nextNode(): unknown };
    querySelector(selector: string): El | null;
    querySelectorAll(selector: string): ArrayLike<El>;
    elementFromPoint(x: number, y: number): El | null;
  };
  getComputedStyle(el: El): { color: string; backgroundColor: string };
}

/** Every layout problem on the page now, in words (empty: none). */
export async function layoutProblems(page: Page, check: LayoutCheck = {}): Promise<string[]> {
  return page.evaluate(({ visible = [], reachable = [] }) => {
    const { document, innerWidth: vw, innerHeight: vh, getComputedStyle } = globalThis as unknown as PageGlobals;
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const problems: string[] = [];
    const describe = (el: El) =>
      (el.getAttribute('data-testid') ?? el.className.toString().split(' ')[0] ?? el.tagName) +
      ` "${(el.textContent ?? '').trim().slice(0, 30)}"`;

    /** distinct line boxes a text node is laid out on */
    const linesOf = (node: Text): number => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set<number>();
      for (const r of Array.from(range.getClientRects())) if (r.width > 0.5) tops.add(Math.round(r.top / 4));
      return tops.size;
    };
    const texts = (root: unknown): Text[] => {
      const out: Text[] = [];
      const walk = document.createTreeWalker(root, SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const t = n as Text;
        if (t.data.trim() && !t.parentElement?.closest('select, option, script, style, .sr-only')) out.push(t);
      }
      return out;
    };

    // The document never scrolls: what does not fit scrolls inside its own panel.
    const doc = document.documentElement;
    if (doc.scrollHeight > vh + 1) problems.push(`the page scrolls vertically (${doc.scrollHeight} > ${vh})`);
    if (doc.scrollWidth > vw + 1) problems.push(`the page scrolls sideways (${doc.scrollWidth} > ${vw})`);

    // What is marked hidden takes no room (a class's display must not override the attribute).
    for (const el of Array.from(document.querySelectorAll('[hidden]'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 || r.height > 0) problems.push(`hidden yet laid out: ${describe(el)}`);
    }

    // The header: one line, everything inside the viewport, nothing overlapping.
    const header = document.querySelector('header.topbar');
    if (header) {
      const h = header.getBoundingClientRect();
      if (h.height > 60) problems.push(`header is ${Math.round(h.height)} px high (one line is ≤ 60)`);
      for (const t of texts(header)) {
        const n = linesOf(t);
        if (n > 1) problems.push(`header text on ${n} lines: "${t.data.trim().slice(0, 30)}"`);
      }
      const parts = Array.from(header.querySelectorAll('.topbar__brand, .topbar__info > *, .topbar__right > *')).filter(
        (el) => el.getBoundingClientRect().width > 0,
      );
      for (const el of parts) {
        const r = el.getBoundingClientRect();
        if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`header item cut off at the edge: ${describe(el)}`);
        if (r.bottom > h.bottom + 0.5 || r.top < h.top - 0.5) problems.push(`header item sticks out: ${describe(el)}`);
      }
      for (let i = 0; i < parts.length; i++)
        for (let j = i + 1; j < parts.length; j++) {
          const a = parts[i]!.getBoundingClientRect();
          const b = parts[j]!.getBoundingClientRect();
          const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          if (overlap > 0.5 && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top))
            problems.push(`header items overlap: ${describe(parts[i]!)} / ${describe(parts[j]!)}`);
        }
    }

    // Nothing wraps one character per line (a column squeezed to the width of one glyph).
    for (const t of texts(document.body)) {
      const chars = Array.from(t.data.replace(/\s+/g, '')).length;
      if (chars < 3) continue;
      const n = linesOf(t);
      if (n >= 3 && n * 2 >= chars)
        problems.push(`"${t.data.trim().slice(0, 30)}" wraps ${chars} characters on ${n} lines`);
    }

    // Every enabled button can be read: its text against the first opaque background behind it. (A button
    // styled for the dark top bar and reused on a light panel drew white on white, and nothing else saw it.)
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    for (const b of Array.from(document.querySelectorAll('button'))) {
      const r = b.getBoundingClientRect();
      if (b.disabled || r.width === 0 || r.height === 0 || !(b.textContent ?? '').trim()) continue;
      let behind = [255, 255, 255];
      for (let e: El | null = b; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c[3] ?? 1) > 0.5) {
          behind = c;
          break;
        }
      }
      const [hi, lo] = [luminance(rgba(getComputedStyle(b).color)), luminance(behind)].sort((x, y) => y - x);
      const ratio = (hi! + 0.05) / (lo! + 0.05);
      if (ratio < 3) problems.push(`button text unreadable (contrast ${ratio.toFixed(1)}:1): ${describe(b)}`);
    }

    const onTop = (id: string) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) return problems.push(`${id}: not on screen`);
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return problems.push(`${id}: has no size`);
      if (r.top < -0.5 || r.left < -0.5 || r.bottom > vh + 0.5 || r.right > vw + 0.5)
        return problems.push(
          `${id}: outside the ${vw}×${vh} viewport (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`,
        );
      // the middle and four points well inside the edges (hit testing follows rounded corners)
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      for (const [x, y] of [
        [cx, cy],
        [r.left + r.width * 0.15, cy],
        [r.right - r.width * 0.15, cy],
        [cx, r.top + r.height * 0.15],
        [cx, r.bottom - r.height * 0.15],
      ] as const) {
        const hit = document.elementFromPoint(x, y);
        if (hit && !el.contains(hit)) return problems.push(`${id}: covered by ${describe(hit)}`);
      }
    };
    for (const id of visible) onTop(id);
    for (const id of reachable) {
      document.querySelector(`[data-testid="${id}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      onTop(id);
    }
    return problems;
  }, check);
}

/**
 * How many characters of a header name are drawn (the rest is behind the ellipsis), and the name itself: the
 * name is the element's last text node (after its icon and read-aloud label). A character counts when it ends
 * inside the element's box, with room left for the ellipsis when the name is cut.
 */
export async function visibleChars(page: Page, testId: string): Promise<{ visible: number; text: string }> {
  return page.getByTestId(testId).evaluate((raw) => {
    interface Node {
      nodeType: number;
      textContent: string | null;
    }
    interface RangeLike {
      setStart(node: Node, offset: number): void;
      setEnd(node: Node, offset: number): void;
      getBoundingClientRect(): Rect;
    }
    const el = raw as unknown as {
      getBoundingClientRect(): Rect;
      childNodes: ArrayLike<Node>;
      scrollWidth: number;
      clientWidth: number;
    };
    // an ellipsis takes the end of a cut name; a name that fits has its last character at the very edge
    const ellipsis = el.scrollWidth > el.clientWidth + 1 ? 8 : -0.5;
    const { document } = globalThis as unknown as { document: { createRange(): RangeLike } };
    const box = el.getBoundingClientRect();
    const node = Array.from(el.childNodes)
      .reverse()
      .find((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
    if (!node) return { visible: 0, text: '' };
    const text = node.textContent ?? '';
    const range = document.createRange();
    let visible = 0;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      if (range.getBoundingClientRect().right <= box.right - ellipsis) visible = i + 1;
    }
    return { visible, text };
  });
}

/**
 * Which of these controls show their words cut (empty: none): an input whose placeholder is wider than the
 * room inside it (measured with the placeholder's own font), anything else whose text overflows its box.
 * A test id that is not on the page is skipped (a panel that shows it only in some states).
 */
export async function cutWords(page: Page, testIds: string[]): Promise<string[]> {
  return page.evaluate((ids) => {
    interface Styled {
      font: string;
      paddingLeft: string;
      paddingRight: string;
    }
    interface Field {
      tagName: string;
      placeholder: string;
      value: string;
      clientWidth: number;
      scrollWidth: number;
      textContent: string | null;
    }
    const g = globalThis as unknown as {
      document: {
        querySelector(s: string): Field | null;
        createElement(tag: 'canvas'): {
          getContext(k: '2d'): { font: string; measureText(t: string): { width: number } };
        };
      };
      getComputedStyle(el: Field, pseudo?: string): Styled;
    };
    const ctx = g.document.createElement('canvas').getContext('2d');
    const cut: string[] = [];
    for (const id of ids) {
      const el = g.document.querySelector(`[data-testid="${id}"]`);
      if (!el) continue;
      if (el.tagName === 'INPUT') {
        if (!el.placeholder || el.value) continue;
        const box = g.getComputedStyle(el);
        ctx.font = g.getComputedStyle(el, '::placeholder').font || box.font;
        const room = el.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
        const need = ctx.measureText(el.placeholder).width;
        if (need > room + 0.5)
          cut.push(`${id}: placeholder "${el.placeholder}" needs ${Math.ceil(need)} px, has ${room}`);
      } else if (el.scrollWidth > el.clientWidth + 1) {
        cut.push(`${id}: "${el.textContent}" needs ${el.scrollWidth} px, has ${el.clientWidth}`);
      }
    }
    return cut;
  }, testIds);
}

/**
 * Table headers drawn one character per line (时 / 间): a header without a space in it that takes more than one
 * line has been squeezed into a column narrower than its one word. Empty: none.
 */
export async function brokenHeaders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface Cell {
      textContent: string | null;
      getClientRects(): { length: number };
      getBoundingClientRect(): { height: number; width: number };
    }
    const g = globalThis as unknown as {
      document: {
        querySelectorAll(s: string): Iterable<Cell>;
        createRange(): {
          selectNodeContents(n: Cell): void;
          getClientRects(): ArrayLike<{ top: number; height: number }>;
        };
      };
    };
    const broken: string[] = [];
    for (const th of g.document.querySelectorAll('th')) {
      const text = (th.textContent ?? '').trim();
      const box = th.getBoundingClientRect();
      if (!text || /\s/.test(text) || box.width === 0) continue;
      const range = g.document.createRange();
      range.selectNodeContents(th);
      const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(`"${text}" takes ${lines.size} lines`);
    }
    return broken;
  });
}

/**
 * Tables wider than the panel they sit in (empty: none): every visible <table> whose width (its scroll width or
 * its box, whichever is larger) exceeds the room inside its panel — the nearest `.owner-panel` or `section`
 * around it, else its parent — i.e. that panel's client width less its horizontal padding. A table that grows
 * past its panel runs under the panel's edge (or makes the panel scroll sideways) and cuts its last column.
 */
export async function overflowingTables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface Box {
      scrollWidth: number;
      clientWidth: number;
      parentElement: Box | null;
      className: { toString(): string };
      getAttribute(name: string): string | null;
      getBoundingClientRect(): { width: number; height: number };
      closest(selector: string): Box | null;
    }
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): Iterable<Box> };
      getComputedStyle(el: Box): { paddingLeft: string; paddingRight: string };
    };
    const wide: string[] = [];
    for (const table of g.document.querySelectorAll('table')) {
      const box = table.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const panel = table.parentElement?.closest('.owner-panel, section') ?? table.parentElement;
      if (!panel) continue;
      const style = g.getComputedStyle(panel);
      const room = panel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const width = Math.max(table.scrollWidth, box.width);
      if (width > room + 0.5) {
        const name = table.getAttribute('data-testid') ?? `.${table.className.toString().split(' ')[0] || 'table'}`;
        wide.push(`table ${name} is ${Math.round(width - room)} px wider than its panel`);
      }
    }
    return wide;
  });
}
