/*
 * rate-faces.js - the faces of the rating tablet (rate.html), drawn as
 * inline SVG (no image files, nothing the CSP would refuse).  A face is
 * computed from its level's place in the list, best first: the best smiles,
 * the middle is straight, the worst frowns, and 4 or 5 levels fall in
 * between; its colour goes from green through amber to red the same way.
 */
const SVG = 'http://www.w3.org/2000/svg';
/* dark enough for white features (contrast >= 4.5:1 with white) */
const COLOURS = ['#1b6e30', '#4f7d16', '#8a6100', '#a84a00', '#b3261e'];

function svgEl(tag, attrs) {
	const e = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
	return e;
}

/* the mood of place i of n (0 = best): 1 smiles, 0 straight, -1 frowns */
export function curveOf(i, n) {
	return n > 1 ? 1 - (2 * i) / (n - 1) : 1;
}

export function moodOf(curve) {
	return curve > 0.2 ? 'smile' : curve < -0.2 ? 'frown' : 'neutral';
}

/* an <svg> face for place i of n */
export function face(i, n) {
	const curve = curveOf(i, n);
	const colour = COLOURS[Math.round(((1 - curve) / 2) * (COLOURS.length - 1))];
	const svg = svgEl('svg', { viewBox: '0 0 100 100', class: 'face', 'aria-hidden': 'true',
		'data-mood': moodOf(curve), focusable: 'false' });
	svg.append(
		svgEl('circle', { cx: 50, cy: 50, r: 46, fill: colour }),
		svgEl('circle', { cx: 34, cy: 40, r: 6.5, fill: '#fff' }),
		svgEl('circle', { cx: 66, cy: 40, r: 6.5, fill: '#fff' }),
		/* the mouth: a curve whose middle goes down (a smile) or up (a frown) */
		svgEl('path', { d: `M 28 ${66 - 6 * curve} Q 50 ${66 + 20 * curve} 72 ${66 - 6 * curve}`,
			fill: 'none', stroke: '#fff', 'stroke-width': 7, 'stroke-linecap': 'round' }),
	);
	return svg;
}
