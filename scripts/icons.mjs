// Runtime: Node (build tool, run by hand after editing resources/icon.svg). Renders the app icon with the
// system Chromium (playwright-core, as the e2e tests do) into resources/icon.png (512 px, Linux) and
// resources/icon.ico (Windows: 256/64/48/32/16 px PNG entries, the format Windows Vista and later read).
// electron-builder takes both from resources/ (directories.buildResources).
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile(new URL('../resources/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const render = async (size) => {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return png;
};
await writeFile(new URL('../resources/icon.png', import.meta.url), await render(512));
const sizes = [256, 64, 48, 32, 16];
const images = [];
for (const s of sizes) images.push(await render(s));
await browser.close();
// ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image, then the PNGs.
const header = Buffer.alloc(6 + 16 * sizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // icon
header.writeUInt16LE(sizes.length, 4);
let offset = header.length;
sizes.forEach((s, i) => {
  const e = 6 + 16 * i;
  header.writeUInt8(s >= 256 ? 0 : s, e); // 0 means 256
  header.writeUInt8(s >= 256 ? 0 : s, e + 1);
  header.writeUInt8(0, e + 2);
  header.writeUInt8(0, e + 3);
  header.writeUInt16LE(1, e + 4); // planes
  header.writeUInt16LE(32, e + 6); // bits per pixel
  header.writeUInt32LE(images[i].length, e + 8);
  header.writeUInt32LE(offset, e + 12);
  offset += images[i].length;
});
await writeFile(new URL('../resources/icon.ico', import.meta.url), Buffer.concat([header, ...images]));
console.log('resources/icon.png, resources/icon.ico written');
