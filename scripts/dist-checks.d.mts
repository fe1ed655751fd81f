// Types of scripts/dist-checks.mjs (a plain Node script, so `npm run dist` needs no TypeScript loader).
type Target = { target: string; arch: string[] };
export function buildCloudUrl(raw: string | undefined): string | null;
export function channelFeedUrl(cloud: string, channel?: string): string;
export function missingPrebuilds(
  config: { win: { target: Target[] }; linux: { target: Target[] } },
  platform: 'win32' | 'linux',
  root: string,
): { arch: string; path: string }[];
