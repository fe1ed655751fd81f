// Runtime: Node. The channel file electron-updater's generic provider reads (latest.yml), written with the
// YAML library electron-updater parses it with (js-yaml). File URLs are relative to the feed's base URL
// (`<version>/<file>`), so one document serves the device feed and the channel feed alike; electron-updater
// resolves them against the URL it fetched latest.yml from, and finds `<file>.blockmap` beside each.
import { dump } from 'js-yaml';
import type { ReleaseNotes } from '../../shared/updates/protocol';

export interface FeedRelease {
  version: string;
  releaseDate: number;
  notes: ReleaseNotes;
  files: { name: string; sha512: string; size: number; listed: boolean }[];
}

/** the URL of a release's file, relative to the feed base */
export const fileUrl = (version: string, name: string): string => `${version}/${name}`;

export function latestYml(r: FeedRelease): string {
  const files = r.files
    .filter((f) => f.listed)
    .map((f) => ({ url: fileUrl(r.version, f.name), sha512: f.sha512, size: f.size }));
  const first = files[0]!;
  return dump(
    {
      version: r.version,
      files,
      // the legacy single-file fields electron-builder still writes (older updaters read them)
      path: first.url,
      sha512: first.sha512,
      releaseDate: new Date(r.releaseDate).toISOString(),
      releaseNotes: `${r.notes['zh-CN']}\n\n${r.notes.en}`,
    },
    { lineWidth: -1, noRefs: true },
  );
}
