// Small statistics for noisy machines: medians with min-max, never means.
export function median(xs) {
  const a = xs.filter((x) => x != null && Number.isFinite(x)).sort((p, q) => p - q);
  if (!a.length) return null;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}
export function summary(xs) {
  const a = xs.filter((x) => x != null && Number.isFinite(x));
  if (!a.length) return { median: null, min: null, max: null, n: 0 };
  return { median: median(a), min: Math.min(...a), max: Math.max(...a), n: a.length };
}
export function quantile(xs, q) {
  const a = xs.filter((x) => x != null && Number.isFinite(x)).sort((p, b) => p - b);
  if (!a.length) return null;
  return a[Math.min(a.length - 1, Math.floor(q * a.length))];
}
/** "1.23 ms (0.98-1.50)" */
export function fmt(s, unit = 'ms', digits = 2) {
  if (!s || s.median == null) return 'n/a';
  const f = (x) => x.toFixed(digits);
  return `${f(s.median)} ${unit} (${f(s.min)}-${f(s.max)})`;
}
export const round = (x, d = 3) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
