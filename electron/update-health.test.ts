// Runtime: Node (Vitest). Health reports of starts: the first start of a new version is reported once its
// backend is up; a failed start is reported; a report waits in the data folder while the cloud cannot be
// reached and goes at the next flush, and is dropped once the cloud took it or refused it as bad input.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHealthReporter } from './update-health';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-health-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const FEED = 'https://cloud.example.cn/v1/updates/feed/tok/';

describe('health reports', () => {
  it('reports the first start of a new version once, and nothing on an ordinary start', async () => {
    const sent: unknown[] = [];
    const fetch = vi.fn(async (_u: string, init: { body: string }) => {
      sent.push(JSON.parse(init.body));
      return new Response('{}', { status: 200 });
    });
    const first = createHealthReporter({ dataDir: dir, version: '1.1.0', fetch: fetch as never });
    first.setFeed(FEED);
    first.started();
    await first.flush();
    expect(sent).toEqual([]); // a fresh install: nothing ran before
    const updated = createHealthReporter({ dataDir: dir, version: '1.2.0', fetch: fetch as never });
    expect(updated.previousVersion).toBe('1.1.0');
    updated.started();
    await updated.flush();
    expect(sent).toEqual([{ version: '1.2.0', previousVersion: '1.1.0', startOk: true, error: null }]);
    const again = createHealthReporter({ dataDir: dir, version: '1.2.0', fetch: fetch as never });
    again.started();
    await again.flush();
    expect(sent).toHaveLength(1);
    expect(fetch.mock.calls[0]![0]).toBe(`${FEED}health`);
  });

  it('keeps a failure report while the cloud is unreachable or failing, and sends it later', async () => {
    let mode: 'offline' | 'busy' | 'up' = 'offline';
    const sent: unknown[] = [];
    const fetch = vi.fn(async (_u: string, init: { body: string }) => {
      if (mode === 'offline') throw new TypeError('fetch failed');
      if (mode === 'busy') return new Response('{}', { status: 503 });
      sent.push(JSON.parse(init.body));
      return new Response('{}', { status: 200 });
    });
    const r = createHealthReporter({ dataDir: dir, version: '1.2.0', fetch: fetch as never });
    r.setFeed(FEED);
    r.failed({ reason: 'MIGRATION', message: 'sales.db: migration 9 failed', logPath: null });
    await r.flush();
    mode = 'busy';
    await r.flush();
    expect(r.pending()).toBe(1);
    // a restart in between keeps it (the data folder holds it)
    const later = createHealthReporter({ dataDir: dir, version: '1.2.0', fetch: fetch as never });
    mode = 'up';
    await later.flush();
    expect(sent).toEqual([
      {
        version: '1.2.0',
        previousVersion: null,
        startOk: false,
        error: { code: 'MIGRATION', message: 'sales.db: migration 9 failed' },
      },
    ]);
    expect(later.pending()).toBe(0);
  });
});
