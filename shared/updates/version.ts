// Version precedence, with the semver library electron-updater itself uses to decide whether an offered
// version is newer than the running one — so the cloud's rollout, minimum-version and pin decisions and
// the updater's own decision can never disagree.
import semver from 'semver';

/** a plain version, e.g. 1.2.3 or 1.3.0-beta.1 (no leading "v", no build metadata) */
export function isVersion(v: string): boolean {
  return semver.valid(v) === v && !v.includes('+');
}

/** a is newer than b */
export function isNewer(a: string, b: string): boolean {
  return semver.gt(a, b);
}

/** ascending precedence (for sort) */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}

/** the highest of some versions, or null */
export function newest(versions: readonly string[]): string | null {
  return versions.reduce<string | null>((best, v) => (best === null || semver.gt(v, best) ? v : best), null);
}
