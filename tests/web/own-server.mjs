/*
 * own-server.mjs - a station-server a test file starts for itself: run.sh's
 * configuration on a database and a port of its own, and a clock the test
 * moves (--clock-offset: the seconds in a file added to the system's clock
 * at every reading), so that "later" is a step, not a wait.  Sections and
 * keys may be added to its copy of the configuration (mergeConf).  Its staff
 * accounts are made before it starts (station-server user add).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from './lib.mjs';

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		}).on('error', reject);
	});
}

/* mergeConf(base, extra): extra's keys put into base's sections of the same
 * name (kiosk.conf refuses a section written twice), new sections appended */
export function mergeConf(base, extra) {
	let out = base.endsWith('\n') ? base : `${base}\n`;
	for (const block of extra.split(/^(?=\[)/m)) {
		const m = /^\[([^\]]+)\]\n?/.exec(block);
		if (!m) {
			if (block.trim()) out += block;
			continue;
		}
		const header = new RegExp(`^\\[${m[1].replace(/\./g, '\\.')}\\]\n`, 'm');
		const h = header.exec(out);
		const body = block.slice(m[0].length);
		if (h) out = out.slice(0, h.index + h[0].length) + body + (body.endsWith('\n') ? '' : '\n') + out.slice(h.index + h[0].length);
		else out += `\n${block}${block.endsWith('\n') ? '' : '\n'}`;
	}
	return out;
}

/* ownServer([{name, password, supervisor}], extra sections, {publicListener})
 *   -> {base, publicBase, dir, setClock(seconds), stop()}
 * publicListener: a [public] section too, its listener on a free port of its
 * own, `url` its http://127.0.0.1:PORT (publicBase). */
export async function ownServer(users, sections = '', { publicListener = false } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'own-server-'));
	const db = join(dir, 'q.db');
	const conf = join(dir, 'kiosk.conf');
	const offset = join(dir, 'clock-offset');
	const exe = env('STATION_SERVER');
	let publicBase = null;
	if (publicListener) {
		const p = await freePort();
		publicBase = `http://127.0.0.1:${p}`;
		sections = `[public]\nlisten = 127.0.0.1:${p}\nurl = ${publicBase}\n${sections}`;
	}
	writeFileSync(conf, mergeConf(readFileSync(env('CONF'), 'utf8'), sections));
	writeFileSync(offset, '0\n');
	for (const u of users)
		execFileSync(exe, ['--config', conf, '--db', db, 'user', 'add', u.name,
			...(u.supervisor ? ['--supervisor'] : [])], { input: `${u.password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
	const port = await freePort();
	const proc = spawn(exe, ['--config', conf, '--db', db, '--listen', `127.0.0.1:${port}`,
		'--clock-offset', offset], { stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	proc.stderr.on('data', (d) => { log = (log + d).slice(-20000); });
	/* started when it says so (however long a loaded machine takes), or dead */
	await new Promise((resolve, reject) => {
		let out = '';
		proc.stdout.on('data', (d) => {
			out += d;
			if (out.includes('listening')) resolve();
		});
		proc.once('exit', (code) => reject(new Error(`own server: exit ${code}: ${log}`)));
	});
	const gone = new Promise((res) => proc.once('exit', res));
	return {
		base: `http://127.0.0.1:${port}`,
		publicBase,
		dir,
		log: () => log,
		/* the server's clock runs `seconds` ahead of the system's from now on */
		setClock(seconds) { writeFileSync(offset, `${seconds}\n`); },
		async stop() {
			proc.kill('SIGTERM');
			await gone;
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
