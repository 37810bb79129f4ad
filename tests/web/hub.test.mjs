/*
 * hub.test.mjs - the province's dashboard in a real browser (run by
 * tests/web/hub.sh on the known province of tests/hub_dashboard_data.sql):
 * a wrong password is refused on the page; logged in, the stations' table
 * has the overflowing lobby (B-2) first, its silence flagged, A-1's kiosk
 * out of paper; the table refreshes by itself when a station says more;
 * the reports show the hand-computed figures and their CSV link downloads
 * the file; logging out comes back to the login form.  Every wait is on
 * the page's state or an event, never a fixed time.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.HUB_BASE;
let browser, page;
const errors = [];

const psql = (sql) => execFileSync('psql', ['-X', '-q', '-A', '-t', '-d', process.env.HUB_PSQL, '-c', sql]);

before(async () => {
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const ctx = await browser.newContext({ acceptDownloads: true, locale: 'vi-VN' });
	page = await ctx.newPage();
	page.on('pageerror', (e) => errors.push(String(e)));
	/* nothing from another site: every request stays on the hub */
	page.on('request', (r) => { if (!r.url().startsWith(BASE)) errors.push(`request to ${r.url()}`); });
});

after(async () => { await browser?.close(); });

test('a wrong password is refused on the page', async () => {
	await page.goto(`${BASE}/`);
	await page.locator('#login').waitFor({ state: 'visible' });
	await page.fill('#login-name', 'tinh');
	await page.fill('#login-password', 'not-the-password');
	await page.click('#login button[type=submit]');
	await page.locator('#login-error').waitFor({ state: 'visible' });
	assert.match(await page.locator('#login-error').textContent(), /Sai tên hoặc mật khẩu/);
	assert.equal(await page.locator('#app').isVisible(), false);
});

test('logged in: the stations now, the overflowing lobby first', async () => {
	await page.fill('#login-name', 'tinh');
	await page.fill('#login-password', 'tinh-password-1');
	await page.click('#login button[type=submit]');
	await page.locator('#login').waitFor({ state: 'hidden' });
	const rows = page.locator('#stations tbody tr');
	await rows.nth(2).waitFor();
	assert.deepEqual(await rows.evaluateAll((t) => t.map((r) => r.dataset.station)), ['B-2', 'A-1', 'C-3']);
	const b = rows.nth(0);
	assert.match(await b.getAttribute('class'), /over/);
	assert.match(await b.textContent(), /Quá tải/);
	assert.match(await b.textContent(), /Mất liên lạc 1[5-9] phút/); /* 900 s before the data was loaded */
	assert.match(await b.locator('td').nth(2).textContent(), /^40:00$/);
	assert.match(await rows.nth(1).textContent(), /Hết giấy/);
	assert.match(await rows.nth(2).textContent(), /Chưa liên lạc/);
	await page.screenshot({ path: join(process.env.SCREENSHOT_DIR || '/tmp', 'hub-dashboard.png'), fullPage: true });
});

test('the table refreshes by itself', async () => {
	psql("UPDATE station_status SET waiting = 77, longest_wait = 4200 WHERE station = 'A-1'");
	/* the page asks again every 15 s: wait for its answer, not for a time */
	await page.waitForFunction(() => {
		const r = document.querySelector('#stations tbody tr');
		return r && r.dataset.station === 'A-1' && r.cells[1].textContent === '77';
	}, null, { timeout: 60000 });
});

test('the reports: the hand-computed figures, and the CSV download', async () => {
	await page.click('#tab-reports');
	await page.fill('#from', '2026-11-30');
	await page.fill('#to', '2026-12-01');
	await page.click('#report-form button[type=submit]');
	await page.waitForFunction(() => document.querySelector('#report')?.dataset.loaded === '2026-11-30..2026-12-01');
	const cells = await page.locator('#report tfoot td').allTextContents();
	assert.deepEqual(cells, ['Toàn tỉnh (Province)', '9', '7', '1', '10:00', '40:00', '55,6 %', '4', '50,0 %']);
	const a = await page.locator('#report tbody tr[data-station="A-1"] td').allTextContents();
	assert.deepEqual(a.slice(1), ['6', '4', '1', '10:00', '40:00', '50,0 %', '3', '66,7 %']);
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
	assert.equal(download.suggestedFilename(), 'bao-cao-tinh-2026-11-30-2026-12-01.csv');
	const file = join(tmpdir(), `hub-test-${process.pid}.csv`);
	await download.saveAs(file);
	try {
		const t = readFileSync(file);
		assert.deepEqual([...t.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
		assert.match(t.toString('utf8'), /\r\n\*;Toàn tỉnh;9;7;1;10,0;40,0;55,6;4;50,0\r\n$/);
	} finally {
		rmSync(file);
	}
});

test('logging out comes back to the login form', async () => {
	await page.click('#logout');
	await page.locator('#login').waitFor({ state: 'visible' });
	assert.equal(await page.locator('#app').isVisible(), false);
	const r = await page.request.get(`${BASE}/api/v1/stations`);
	assert.equal(r.status(), 401);
	assert.deepEqual(errors, []);
});
