// Makes the portal's web fonts: Fira Sans (from @kern-ux/native) cut to Latin and Latin Extended-A, the
// punctuation and symbols German and English text use, in the weights KERN uses (400, 500, 600) and 400
// italic. The results are committed in src/web/fonts/; run again only when the font or the ranges change.
// Also the fonts of the server's PDF reports (src/server/pdf/fonts/): the same cut plus ≤ and ≥, as
// TrueType (PDFKit embeds TrueType, not WOFF2), in 400 and 600.
// Usage: node scripts/subset-fonts.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = fileURLToPath(new URL('../', import.meta.url));
const source = `${root}node_modules/@kern-ux/native/dist/fonts/fira-sans/`;
const target = `${root}src/web/fonts/`;
const pdfTarget = `${root}src/server/pdf/fonts/`;

/** The code points kept; keep in sync with `unicode-range` in src/web/styles/fonts.css. */
export const ranges = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
];
const text = ranges
  .flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, k) => String.fromCodePoint(from + k)))
  .join('');

for (const face of ['Regular', 'Italic', 'Medium', 'SemiBold']) {
  const font = await readFile(`${source}FiraSans-${face}.woff2`);
  const subset = await subsetFont(font, text, { targetFormat: 'woff2' });
  await writeFile(`${target}FiraSans-${face}-latin.woff2`, subset);
  console.log(
    `FiraSans-${face}: ${Math.round(font.length / 1024)} KB → ${Math.round(subset.length / 1024)} KB`,
  );
}

const pdfText = `${text}\u2264\u2265`;
for (const face of ['Regular', 'SemiBold']) {
  const font = await readFile(`${source}FiraSans-${face}.woff2`);
  const subset = await subsetFont(font, pdfText, { targetFormat: 'truetype' });
  await writeFile(`${pdfTarget}FiraSans-${face}-latin.ttf`, subset);
  console.log(`FiraSans-${face} (PDF): ${Math.round(subset.length / 1024)} KB`);
}
