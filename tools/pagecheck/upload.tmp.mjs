import { chromium } from 'playwright-core';
const [base, out, file] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
for (const [w, lang] of [[1280,'es'],[375,'en']]) {
  const c = await b.newContext({ viewport: { width: w, height: 900 } });
  const p = await c.newPage();
  await p.goto(base + '/admin/login');
  await p.fill('#email', 'admin@example.pe'); await p.fill('#password', 'shots admin pass 12345 abc');
  await Promise.all([p.waitForNavigation(), p.click('form[action="/admin/login"] button[type="submit"]')]);
  await p.goto(base + (lang === 'en' ? '/en' : '') + '/admin/import');
  await p.setInputFiles('#f-file', file);
  const [r] = await Promise.all([p.waitForNavigation(), p.click('form.record-form button[type="submit"]')]);
  console.log(w, r.status());
  await p.screenshot({ path: `${out}-${lang}-${w}.png`, fullPage: true });
  await c.close();
}
await b.close();
