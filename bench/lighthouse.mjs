// Lighthouse (mobile preset) on a portal page with the portal cookie in the browser's own cookie jar,
// so the circuit's WebSocket carries it too (the CLI's --extra-headers reaches only HTTP requests, and
// the circuit then signs out). See bench/README.md.
//   npm install lighthouse@12.2.3 puppeteer-core@23
//   node bench/lighthouse.mjs http://127.0.0.1:PORT/ <vinr_portal cookie value> report.json
import fs from 'node:fs';
import puppeteer from 'puppeteer-core';
import lighthouse from 'lighthouse';

const [url, cookie, out] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--remote-debugging-port=9333'],
});
const page = await browser.newPage();
await page.setCookie({ name: 'vinr_portal', value: cookie, url, httpOnly: true, sameSite: 'Lax' });
const result = await lighthouse(url, { port: 9333, output: 'json', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
fs.writeFileSync(out, result.report);
const report = result.lhr;
console.log(report.finalDisplayedUrl, JSON.stringify(Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, v.score]))));
for (const audit of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'interactive', 'uses-text-compression', 'total-byte-weight']) {
  console.log(audit, report.audits[audit].displayValue ?? '', report.audits[audit].score);
}
await browser.close();
