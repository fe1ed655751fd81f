// Runtime: Node (web host, tests; never the Electron shell, which runs electron-updater itself). Reads a
// generic update feed and downloads its installer with electron-updater's own code — its GenericProvider
// (latest.yml location, parsing with js-yaml, file URL resolution) and its HTTP executor's download (sha512
// checked while the bytes stream in; a mismatch keeps no file) — over Node's http instead of Electron's
// net module, the one part that needs the Electron binary.
import { CancellationToken, type UpdateInfo } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import { findFile } from 'electron-updater/out/providers/Provider.js';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rm } from 'node:fs/promises';

/** electron-updater's executor with Node's http underneath (Electron's `net` needs the binary). */
class NodeFeedExecutor extends ElectronHttpExecutor {
  override createRequest(
    options: RequestOptions,
    callback: (response: IncomingMessage) => void,
  ): ReturnType<ElectronHttpExecutor['createRequest']> {
    const { redirect: _r, ...rest } = options as RequestOptions & { redirect?: unknown };
    const req: ClientRequest = (options.protocol === 'https:' ? httpsRequest : httpRequest)(rest, callback);
    return req as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
  // Node's http reports a redirect as a response, which the base executor already follows.
  override addRedirectHandlers(): void {}
}

export interface FeedRelease {
  info: UpdateInfo;
  /** the installer electron-updater would download (the .exe on Windows) */
  file: { url: URL; sha512: string; size: number | undefined };
}

export function feedClient(feedUrl: string) {
  const executor = new NodeFeedExecutor();
  // GenericProvider reads only `channel` and `isAddNoCacheQuery` from the updater.
  const updater = { channel: null, isAddNoCacheQuery: true } as unknown as AppUpdater;
  const provider = new GenericProvider({ provider: 'generic', url: feedUrl }, updater, {
    executor,
    platform: 'win32',
    isUseMultipleRangeRequest: false,
  });
  return {
    /** what the feed offers now; ERR_UPDATER_CHANNEL_FILE_NOT_FOUND when it offers nothing */
    async latest(): Promise<FeedRelease> {
      const info = await provider.getLatestVersion();
      const picked = findFile(provider.resolveFiles(info), 'exe');
      if (!picked?.info.sha512) throw new Error(`the feed names no installer with a sha512 for ${info.version}`);
      return { info, file: { url: picked.url, sha512: picked.info.sha512, size: picked.info.size } };
    },
    /** downloads to `destination`, checking the sha512; a mismatch (ERR_CHECKSUM_MISMATCH) leaves no file */
    async download(
      file: FeedRelease['file'],
      destination: string,
      onProgress?: (p: { percent: number; transferred: number; total: number }) => void,
    ): Promise<string> {
      try {
        return await executor.download(file.url, destination, {
          sha512: file.sha512,
          cancellationToken: new CancellationToken(),
          ...(onProgress
            ? { onProgress: (p) => onProgress({ percent: p.percent, transferred: p.transferred, total: p.total }) }
            : {}),
        });
      } catch (e) {
        await rm(destination, { force: true });
        throw e;
      }
    },
  };
}
