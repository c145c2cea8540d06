/**
 * Text width estimates for laying out labels without a DOM (so the layout
 * stays a pure function that runs the same in tests and browsers). The
 * per-character widths are those of Quicksand, rounded up a little so the
 * estimate is never narrower than the rendered text.
 */

const NARROW = new Set('iljtfI.,:;|!\'"()[] '.split(''));
const WIDE = new Set('mwMWOQGD@%&'.split(''));

/** Estimated width in pixels of `text` at `fontSize` px (bold adds 6 %). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.32;
    else if (WIDE.has(ch)) em += 0.86;
    else if (ch >= 'A' && ch <= 'Z') em += 0.66;
    else if (ch >= '0' && ch <= '9') em += 0.58;
    else em += 0.56;
  }
  return Math.ceil(em * fontSize * (bold ? 1.06 : 1));
}

/**
 * `text` cut with an ellipsis so that its estimated width fits `maxWidth`;
 * the text itself when it already fits.
 */
export function truncateToWidth(text: string, fontSize: number, maxWidth: number, bold = false): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = `${chars.slice(0, mid).join('')}…`;
    if (estimateTextWidth(candidate, fontSize, bold) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}
