// Images with known text for the text-recognition tests and benchmark: UI-like screens and
// diagrams drawn as SVG and rasterised by sharp (librsvg, fonts from fontconfig: DejaVu on
// Debian), and photograph-like noise that must not be read. Character recall compares what was
// read with what was drawn.
import sharp from 'sharp';

export interface RenderedScreen {
  png: Buffer;
  /** The text drawn, one entry a line. */
  lines: string[];
}

export interface ScreenOptions {
  lines: string[];
  fontFamily?: string;
  fontSize?: number;
  /** 'light': dark text on light grey; 'dark': light text on a dark background. */
  theme?: 'light' | 'dark';
  width?: number;
  /** A title bar and a button: flat shapes that are not text. */
  chrome?: boolean;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A window-like screen: lines of text on a flat background, with a title bar and a button. */
export async function renderScreen(options: ScreenOptions): Promise<RenderedScreen> {
  const { lines, fontFamily = 'DejaVu Sans', fontSize = 14, theme = 'light', width = 640, chrome = true } = options;
  const lineHeight = Math.round(fontSize * 2.2);
  const top = chrome ? 56 : 16;
  const height = top + lines.length * lineHeight + (chrome ? 64 : 16);
  const [bg, fg, bar, button] =
    theme === 'light' ? ['#f3f3f3', '#1f1f1f', '#dddddd', '#0e639c'] : ['#1e1e1e', '#e0e0e0', '#333333', '#0e639c'];
  const text = lines
    .map((line, i) => `<text x="32" y="${top + (i + 1) * lineHeight - Math.round(fontSize * 0.7)}">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="${width}" height="${height}" fill="${bg}"/>
${chrome ? `<rect width="${width}" height="36" fill="${bar}"/><circle cx="20" cy="18" r="6" fill="#e06c75"/><circle cx="40" cy="18" r="6" fill="#e5c07b"/><rect x="${width - 120}" y="${height - 48}" width="96" height="30" rx="4" fill="${button}"/>` : ''}
<g font-family="${escapeXml(fontFamily)}" font-size="${fontSize}" fill="${fg}">${text}</g>
</svg>`;
  return { png: await sharp(Buffer.from(svg)).png().toBuffer(), lines };
}

/** A photograph stand-in: smooth colour fields with sensor-like noise (seeded, so repeatable). */
export async function renderPhoto(seed: number, width = 480, height = 320): Promise<Buffer> {
  let state = seed >>> 0 || 1;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const data = Buffer.alloc(width * height * 3);
  const centres = Array.from({ length: 6 }, () => ({
    x: random() * width,
    y: random() * height,
    c: [random(), random(), random()].map((v) => 40 + v * 180),
  }));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let wsum = 0;
      const acc = [0, 0, 0];
      for (const p of centres) {
        const w = 1 / (1 + ((x - p.x) ** 2 + (y - p.y) ** 2) / 2000);
        wsum += w;
        for (let k = 0; k < 3; k++) acc[k] += w * p.c[k];
      }
      for (let k = 0; k < 3; k++)
        data[(y * width + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(acc[k] / wsum + (random() - 0.5) * 24)));
    }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * The share of the drawn characters (spaces aside) found, in order, in what was read: the length
 * of the longest common subsequence over the drawn text's length. Case counts.
 */
export function characterRecall(drawn: string, read: string): number {
  const a = [...drawn.replace(/\s+/g, '')];
  const b = [...read.replace(/\s+/g, '')];
  if (a.length === 0) return 1;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]);
    previous = row;
  }
  return previous[b.length] / a.length;
}
