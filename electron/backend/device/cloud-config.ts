// The cloud this till talks to: the build's (or POS_CLOUD_URL in development), unless an installer typed
// another on the first-run screen (a private deployment) — that choice is kept in the data folder
// (cloud.json, written atomically) and wins from then on. It can be changed only while the PC is not
// registered: a registered device key belongs to one cloud.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkCloudUrl } from '../../../shared/net/cloud-url';

export const CLOUD_FILE = 'cloud.json';

/** the URL stored by the first-run screen, when there is a valid one */
export function storedCloudUrl(dataDir: string): string | null {
  try {
    const parsed = z
      .object({ cloudUrl: z.string() })
      .safeParse(JSON.parse(readFileSync(join(dataDir, CLOUD_FILE), 'utf8')));
    if (!parsed.success) return null;
    const checked = checkCloudUrl(parsed.data.cloudUrl);
    return checked.ok ? checked.url : null;
  } catch {
    return null;
  }
}

export function storeCloudUrl(dataDir: string, cloudUrl: string): void {
  const path = join(dataDir, CLOUD_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify({ cloudUrl }), { encoding: 'utf8', flush: true });
  renameSync(`${path}.tmp`, path);
}
