/*
 * firefox.test.mjs - the staff console and the board in Firefox too (Debian's
 * firefox-esr, driven over WebDriver BiDi by puppeteer-core; no browser is
 * downloaded): log in, call the next citizen with the button, recall with
 * F2, and the board page shows the call.  The thorough cases are in
 * console.test.mjs (Chromium); this is the "works in Firefox" check.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { BASE, USERS, issue } from './lib.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/lib/firefox-esr/firefox-esr';
let browser;

before(async () => {
	browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true,
		extraPrefsFirefox: { 'media.autoplay.default': 0 } });
});
after(async () => { await browser?.close(); });

/* press, and the counter action's answer as the page got it */
async function acting(page, action, press) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/${action}`)),
		press(),
	]);
	return { status: resp.status(), data: resp.status() === 204 ? null : await resp.json() };
}

test('Firefox: log in, call next, recall with F2; the board shows the call', async () => {
	const board = await browser.newPage();
	await board.goto(`${BASE}/board`);
	await board.waitForFunction(() => window.boardState !== undefined, { timeout: 60000 });

	const page = await browser.newPage();
	await page.goto(`${BASE}/staff`);
	await page.waitForSelector('#login-view:not([hidden])');
	await page.type('#login-name', USERS.staff2.name);
	await page.type('#login-password', USERS.staff2.password);
	await page.click('#login-submit');
	await page.waitForSelector('#login-view', { hidden: true });
	if (await page.$('#work-view[hidden]')) {
		await page.click('#counter-list [data-counter="6"]');
		await page.waitForSelector('#work-view:not([hidden])');
	}

	await issue('XACNHAN', 2);
	const next = await acting(page, 'next', () => page.click('#actions [data-action="next"]'));
	assert.equal(next.status, 200);
	const number = next.data.number;
	await page.waitForFunction((n) => document.querySelector('#current-number')?.dataset.number === n,
		{ timeout: 60000 }, number);

	const t0 = Date.now();
	await board.waitForFunction((n) => document.querySelector('#calls')?.textContent.includes(n),
		{ timeout: 60000 }, number);
	console.log(`benchmark: the board showed the call ${Date.now() - t0} ms after the console did (Firefox)`);

	const recall = await acting(page, 'recall', () => page.keyboard.press('F2'));
	assert.equal(recall.status, 200);
	assert.equal(recall.data.number, number);
	await page.close();
	await board.close();
});
