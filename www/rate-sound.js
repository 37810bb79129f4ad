/*
 * rate-sound.js - the short sound of a tap on the rating tablet: a soft
 * two-note chime made by the Web Audio API's oscillator (no sound file).
 * The audio context is made at the first tap (browsers allow sound only
 * after a gesture); a device without sound simply stays quiet.
 */
let ctx = null;

/* one chime; true when it was started */
export function chime() {
	try {
		ctx = ctx || new (window.AudioContext || window.webkitAudioContext)();
		if (ctx.state === 'suspended') ctx.resume();
		const t0 = ctx.currentTime;
		const osc = ctx.createOscillator();
		const gain = ctx.createGain();
		osc.type = 'sine';
		osc.frequency.setValueAtTime(880, t0);
		osc.frequency.setValueAtTime(1175, t0 + 0.09);
		gain.gain.setValueAtTime(0.0001, t0);
		gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.3);
		osc.connect(gain).connect(ctx.destination);
		osc.start(t0);
		osc.stop(t0 + 0.32);
		return true;
	} catch {
		return false;
	}
}
