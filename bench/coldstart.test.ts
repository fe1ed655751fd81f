// Smoke test of the cold-start bench without Chromium: the bundled till starts on an empty data folder
// (its cloud unreachable) and reports its start-up steps in order; the backend's own marks are among them.
// Timings are never asserted (they belong to `npm run bench`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/backend/testing/harness';
import { bundleTill, startTill } from './coldstart';

const dir = tempDir('bench-cold-');
afterAll(() => dir.cleanup());

describe('cold-start bench', () => {
  it('starts the bundled till, which serves and names each start-up step', async () => {
    const entry = await bundleTill();
    const renderer = join(dir.dir, 'renderer'); // a stand-in page: the built renderer is not needed here
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><div id="root"></div>');
    // port 9 (discard) on loopback: nothing answers, and start-up must not wait for it
    const { started, stop } = await startTill(entry, join(dir.dir, 'pos'), 'http://127.0.0.1:9', renderer);
    try {
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      expect(started.marks.map((m) => m.name)).toEqual([
        'start:first-line',
        'start:modules-loaded',
        'backend: start',
        'backend: databases open, migrations checked',
        'backend: device key loaded',
        'backend: ready (cloud contact runs in the background)',
        'start:listening',
      ]);
      const at = started.marks.map((m) => m.at);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      const page = await fetch(started.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await stop();
    }
  });
});
