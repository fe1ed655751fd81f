// Runtime: Node (build tool). Builds the renderer from renderer/ into dist/renderer with relative asset
// paths, so the same output loads from file:// in Electron and over http from web-host.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline module-preload polyfill script: the CSP forbids inline scripts.
    modulePreload: { polyfill: false },
    target: 'chrome120',
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
