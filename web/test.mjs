// Browser test of the web build: serves dist/ on 127.0.0.1, opens it in headless Chromium
// (software WebGL2), waits for the app's readiness signal, screenshots it, and fails on a
// panic, a console error, a page error or a blank picture. Loads the default page, a scenario
// link, a link with a bad parameter (which must fall back with a readable message, not
// fail), a lesson (whose CSV and PNG exports must download with the notice), the quiz
// (answered from the keyboard), the compare view and the timing map (whose background runs
// must finish), and last a reload with the server stopped and the network off, which the
// service worker must answer from its cache.
//
// Every page but the quiz (whose patient starts from rest, so its panel may still be
// waiting for beats) is also read back: a picture saved with P carries
// the numbers of the frame it shows and where they are drawn, and .ci/panel_check.py reads
// each one off the picture with OCR; a missing or altered digit fails. The default page, a
// shock scenario and a lesson are loaded again PANEL_ROUNDS times (default 3), three pictures
// each, for this check alone: the fault it guards against (a glyph drawn before its atlas
// upload, so blank for a frame) showed in about one load in four.
//
// usage: node web/test.mjs DIST_DIR OUT_DIR   (needs /usr/bin/chromium, playwright-core)
import { createServer } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) throw new Error('usage: node web/test.mjs DIST_DIR OUT_DIR');
await mkdir(out, { recursive: true });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
                '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml' };

// Serves the precompressed copy (FILE.br, FILE.gz from web/compress.mjs) the browser accepts,
// as a static host with precompressed files does, and counts the bytes each path first sent
// since the last `downloads.clear()`: what a visit downloads.
const downloads = new Map();
const server = createServer(async (req, res) => {
  const path = normalize(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
  const accepted = String(req.headers['accept-encoding'] ?? '');
  let body = null;
  let encoding = null;
  for (const [name, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (body || !new RegExp(`\\b${name}\\b`).test(accepted)) continue;
    try {
      body = await readFile(join(dist, path + ext));
      encoding = name;
    } catch {
      // no precompressed copy: try the next, or the file itself
    }
  }
  try {
    body ??= await readFile(join(dist, path));
    const headers = { 'content-type': types[extname(path)] ?? 'application/octet-stream', vary: 'accept-encoding' };
    if (encoding) headers['content-encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(body);
    if (!downloads.has(path)) downloads.set(path, { bytes: body.length, encoding: encoding ?? 'none' });
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist',
         '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
         '--disable-sync'],
});

// The page's download budget (issue 15): with the precompressed copies a static host serves.
const MAX_DOWNLOAD_BYTES = 4e6;

// Seconds from navigation to the app's readiness signal, per page load: printed with each
// visit and summed up at the end against issue 15's 3 s (a measurement, not a pass/fail:
// timings on a shared machine are not a test).
const READY_TARGET_S = 3;
const readyTimes = [];

// Console lines that are not failures: winit leaves its loop by throwing on purpose.
const harmless = [/Using exceptions for control flow/];
let failed = false;

// Keys reach the app once its canvas has the focus (a click on the monitor area is harmless).
async function press(page, key) {
  await page.click('canvas', { position: { x: 640, y: 460 } });
  await page.keyboard.press(key);
}

// Presses `key` and returns the downloaded file's bytes (or null after 20 s).
async function download(page, key) {
  try {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), press(page, key)]);
    return await readFile(await file.path());
  } catch {
    return null;
  }
}

// Saves `count` pictures (P) while the page runs and reads each one's numbers panel back
// (.ci/panel_check.py): a picture carries the numbers of the frame it shows, so a glyph
// missing from that frame cannot hide behind a later, whole one.
async function checkPanel(page, name, count) {
  const problems = [];
  for (let i = 1; i <= count; i++) {
    const png = await download(page, 'p');
    if (!png) {
      problems.push(`picture ${i} was not saved`);
      continue;
    }
    const file = join(out, `${name}-picture-${i}.png`);
    await writeFile(file, png);
    try {
      execFileSync('python3', ['.ci/panel_check.py', file, join(out, 'panel-failures')], { stdio: 'inherit' });
    } catch {
      problems.push(`picture ${i}: the numbers panel does not show what the model computed`);
    }
    await page.waitForTimeout(300);
  }
  return problems;
}

// Collects a page's console lines, and its errors that are failures.
function watch(page) {
  const lines = [];
  const errors = [];
  page.on('console', (m) => {
    lines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error' && !harmless.some((h) => h.test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (!harmless.some((h) => h.test(String(e)))) errors.push(`page error: ${e}`);
  });
  return { lines, errors };
}

async function visit(name, query, check, act = async () => [], pictures = 1) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const { lines, errors } = watch(page);
  downloads.clear();
  const started = Date.now();
  await page.goto(base + query);
  try {
    await page.waitForFunction(() => document.body.dataset.counterpulse === 'ready', null, { timeout: 180_000 });
  } catch (e) {
    errors.push(`no readiness signal: ${e.message}`);
  }
  const ready = (Date.now() - started) / 1000;
  readyTimes.push(ready);
  // What this page load downloaded (each file once; the service worker's copies not counted).
  const bytes = [...downloads.values()].reduce((sum, d) => sum + d.bytes, 0);
  const encodings = [...new Set([...downloads.values()].map((d) => d.encoding))].join('/');
  await page.waitForTimeout(2000); // a couple of seconds of live traces
  const read = await checkPanel(page, name, pictures);
  const acted = await act(page, lines);
  const shot = join(out, `${name}.png`);
  await page.screenshot({ path: shot });
  const text = lines.join('\n');
  const problems = [...errors, ...read, ...acted, ...check(text)];
  if (/panicked at/.test(text)) problems.push('the app panicked');
  try {
    execFileSync('python3', ['.ci/png_check.py', shot, '1200', '680'], { stdio: 'inherit' });
  } catch {
    problems.push('blank or missing screenshot');
  }
  if (bytes > MAX_DOWNLOAD_BYTES) problems.push(`downloaded ${(bytes / 1e6).toFixed(2)} MB, above ${MAX_DOWNLOAD_BYTES / 1e6} MB`);
  console.log(`${name}: ready after ${ready.toFixed(1)} s, downloaded ${(bytes / 1e6).toFixed(2)} MB (${encodings}); ${problems.length ? 'FAILED' : 'ok'}`);
  for (const p of problems) console.log(`  - ${p}`);
  if (problems.length) {
    failed = true;
    console.log(text);
  }
  await page.close();
}

await visit('web-default', '', () => []);
await visit('web-scenario', '?preset=cardiogenic-shock&assist=iabp&ratio=1:2&inflate=-40', (text) =>
  /scenario: preset=cardiogenic-shock&assist=iabp&ratio=1:2&inflate=-40/.test(text)
    ? [] : ['the scenario in the link was not applied']);
await visit('web-bad-parameter', '?preset=cardiogenic-shock&ratio=1:7', (text) =>
  /This link could not be used: URL parameter ratio=1:7: .*1 to 3.*Showing the cardiogenic-shock preset/.test(text)
    ? [] : ['no readable fallback message for the bad parameter']);

await visit('web-lesson', '?view=lesson-3', (text) =>
  /lesson 3, step 1: /.test(text) ? [] : ['lesson 3 did not open'], async (page) => {
  const problems = [];
  const csv = await download(page, 'e');
  if (!csv || !csv.toString().startsWith('# EDUCATIONAL SIMULATOR')) problems.push('CSV export missing or without the notice');
  else if (csv.toString().split('\n').length < 500) problems.push('CSV export has too few rows (under 1 s of traces)');
  const png = await download(page, 'p');
  if (!png || png.readUInt32BE(0) !== 0x89504e47) problems.push('PNG export missing');
  else if (!png.includes('EDUCATIONAL SIMULATOR')) problems.push('PNG export lacks the notice');
  return problems;
});
await visit('web-quiz', '?view=quiz', (text) =>
  /quiz: answered .*score [01] of 1/.test(text) ? [] : ['the quiz did not take an answer'], async (page, lines) => {
  // The quiz patient starts from rest: answers are taken after 12 beats (about 8 s at
  // 100/min, slower when software WebGL holds the frame rate down). Keep trying for 30 s.
  for (let i = 0; i < 20 && !lines.some((l) => /quiz: answered/.test(l)); i++) {
    await page.waitForTimeout(1500);
    await press(page, '1');
  }
  await page.waitForTimeout(1500);
  return [];
}, 0);

// The compare view runs its three simulations off the UI pass (on the web: between frames).
await visit('web-compare', '?preset=cardiogenic-shock&view=compare', (text) =>
  /compare: runs ready \(no assist vs balloon .* vs pump cp P8\)/.test(text)
    ? [] : ['the compare view did not finish its runs'], async (page, lines) => {
  for (let i = 0; i < 20 && !lines.some((l) => /compare: runs ready/.test(l)); i++) await page.waitForTimeout(1500);
  await page.waitForTimeout(500);
  return [];
}, 0);

// The balloon's timing map runs its 49 cells in slices between frames (the web page has one
// thread); the monitor keeps running beside it.
await visit('web-map', '?preset=cardiogenic-shock&assist=iabp&view=map', (text) =>
  /map: timing-map ready, 49 cells in/.test(text)
    ? [] : ['the timing map did not finish'], async (page, lines) => {
  for (let i = 0; i < 40 && !lines.some((l) => /map: timing-map ready/.test(l)); i++) await page.waitForTimeout(1500);
  const took = lines.map((l) => /map: (timing-map ready, 49 cells in [\d.]+ s)/.exec(l)).find((m) => m);
  if (took) console.log(`web-map: ${took[1]}`);
  await page.waitForTimeout(500);
  return [];
}, 0);

// The digits check on more loads (see the top of this file).
const rounds = Number(process.env.PANEL_ROUNDS ?? 3);
for (let round = 1; round <= rounds; round++) {
  await visit(`digits-default-${round}`, '', () => [], undefined, 3);
  await visit(`digits-shock-${round}`, '?preset=cardiogenic-shock&assist=iabp&ratio=1:2', () => [], undefined, 3);
  await visit(`digits-lesson-${round}`, '?view=lesson-3', () => [], undefined, 3);
}

// Offline: a page opened once keeps working in a lecture hall with no network. Load a link,
// wait until the service worker controls the page, then stop the server, take the browser
// offline and reload: the page must come back from the cache and reach its readiness signal.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const { lines, errors: problems } = watch(page);
  const ready = () => document.body.dataset.counterpulse === 'ready';
  await page.goto(base + '?preset=cardiogenic-shock&assist=iabp&view=map');
  try {
    await page.waitForFunction(ready, null, { timeout: 180_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  } catch (e) {
    problems.push(`online load: ${e.message}`);
  }
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  await context.setOffline(true);
  const started = Date.now();
  try {
    await page.reload();
    await page.waitForFunction(ready, null, { timeout: 180_000 });
  } catch (e) {
    problems.push(`no readiness signal offline: ${e.message}`);
  }
  const took = (Date.now() - started) / 1000;
  readyTimes.push(took);
  await page.waitForTimeout(2000);
  const shot = join(out, 'web-offline.png');
  await page.screenshot({ path: shot });
  try {
    execFileSync('python3', ['.ci/png_check.py', shot, '1200', '680'], { stdio: 'inherit' });
  } catch {
    problems.push('blank or missing screenshot offline');
  }
  if (/panicked at/.test(lines.join('\n'))) problems.push('the app panicked');
  console.log(`web-offline: server stopped, network off, reload ready after ${took.toFixed(1)} s; ${problems.length ? 'FAILED' : 'ok'}`);
  for (const p of problems) console.log(`  - ${p}`);
  if (problems.length) {
    failed = true;
    console.log(lines.join('\n'));
  }
  await context.close();
}

const sorted = [...readyTimes].sort((a, b) => a - b);
const median = sorted[Math.floor((sorted.length - 1) / 2)];
const within = sorted.filter((t) => t <= READY_TARGET_S).length;
console.log(`ready after navigation: ${sorted.length} loads, ${sorted[0].toFixed(1)}-${sorted.at(-1).toFixed(1)} s, ` +
            `median ${median.toFixed(1)} s; ${within} of ${sorted.length} within ${READY_TARGET_S} s`);
await browser.close();
process.exit(failed ? 1 : 0);
