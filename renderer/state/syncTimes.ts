// Runtime: DOM (pure; tested in syncTimes.test.ts). The sync pill's relative times: how old the oldest unsent
// record is, and when the next retry comes. A retry whose moment has passed is under way (or about to be):
// it says so, never "0 秒后重试" frozen on screen until the next status arrives.
import type { TFunction } from 'i18next';

const MINUTE = 60_000;

/** "刚刚 / 12 分钟前 / 3 小时前": ages never go negative, even when the PC clock moved. */
export function ago(t: TFunction, then: number, now: number): string {
  const ms = Math.max(0, now - then);
  if (ms < MINUTE) return t('sync.justNow');
  if (ms < 60 * MINUTE) return t('sync.minutesAgo', { count: Math.floor(ms / MINUTE) });
  if (ms < 48 * 60 * MINUTE) return t('sync.hoursAgo', { count: Math.floor(ms / (60 * MINUTE)) });
  return t('sync.daysAgo', { count: Math.floor(ms / (24 * 60 * MINUTE)) });
}

/** "12 秒后重试 / 3 分钟后重试", or "正在重试" once the moment has come. */
export function nextTry(t: TFunction, at: number, now: number): string {
  const ms = at - now;
  if (ms < 1000) return t('sync.retryingNow');
  const age =
    ms < MINUTE
      ? t('sync.inSeconds', { count: Math.ceil(ms / 1000) })
      : t('sync.inMinutes', { count: Math.ceil(ms / MINUTE) });
  return t('sync.nextTry', { age });
}

/** How often the pill re-renders: every second while a retry counts down (seconds shown), else every 5 s. */
export function tickMs(nextAttemptAt: number | null, now: number): number {
  return nextAttemptAt !== null && nextAttemptAt - now < MINUTE ? 1000 : 5000;
}
