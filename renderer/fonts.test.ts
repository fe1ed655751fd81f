// Runtime: Node (Vitest). The renderer's font stack names the Chinese fonts a counter PC has — Windows
// (Microsoft YaHei, SimHei), macOS (PingFang SC), Linux (Noto Sans CJK SC, WenQuanYi Micro Hei) — ahead of
// any generic family, and the README tells a Linux machine which package brings them. e2e/layout.spec.ts
// checks that Chromium really draws the Chinese text with one of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The families of the :root font-family declaration, in order. */
function rootFontStack(): string[] {
  const root = /:root\s*{([^}]*)}/.exec(css)?.[1] ?? '';
  const decl = /(?:^|;|\s)font-family:\s*([^;]+);/.exec(root.replace(/\/\*[\s\S]*?\*\//g, ''))?.[1] ?? '';
  return decl.split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, ''));
}

const CJK_FONTS = ['Microsoft YaHei', 'SimHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei'];

describe('Chinese text everywhere', () => {
  it('the font stack names the Windows, macOS and Linux Chinese fonts before any generic family', () => {
    const stack = rootFontStack();
    const firstGeneric = stack.findIndex((f) => ['system-ui', 'sans-serif', 'serif'].includes(f));
    expect(firstGeneric).toBeGreaterThan(0);
    for (const font of CJK_FONTS) {
      expect(stack, font).toContain(font);
      expect(stack.indexOf(font), `${font} before the generic families`).toBeLessThan(firstGeneric);
    }
    expect(stack[0]).toBe('Microsoft YaHei');
  });

  it('English puts Latin faces first (narrow punctuation) and keeps the Chinese fonts for Chinese text', () => {
    const decl = /:root:lang\(en\)\s*{\s*font-family:\s*([^;]+);/.exec(css)?.[1] ?? '';
    const stack = decl.split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, ''));
    expect(stack[0]).toBe('Segoe UI');
    for (const font of CJK_FONTS) expect(stack, font).toContain(font);
    expect(stack.indexOf('DejaVu Sans')).toBeLessThan(stack.indexOf('Noto Sans CJK SC'));
  });

  it('the README says which package brings a Chinese font to a Linux machine', () => {
    expect(readme).toMatch(/fonts-noto-cjk/);
    expect(readme).toMatch(/fonts-wqy-microhei/);
  });
});
