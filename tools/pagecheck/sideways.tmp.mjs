import { chromium } from 'playwright-core';
const base = process.argv[2];
const paths = process.argv.slice(3);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
for (const path of paths) {
  for (const pre of ['', '/en']) {
    await p.goto(base + pre + path);
    const r = await p.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0,3).map(e => e.tagName + '.' + e.className) }));
    console.log(pre + path, r.sw > r.cw ? 'SCROLLS ' + r.sw : 'ok', JSON.stringify(r.wide));
  }
}
await b.close();
