// Draws the toolbar icons (a page with a struck-out ad block) as PNGs, so no binary is kept in
// the repository. Usage: node extension/tools/icons.mjs OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
function pixel(x, y) {
  const inPage = x > 0.12 && x < 0.88 && y > 0.06 && y < 0.94;
  if (!inPage) return [0, 0, 0, 0];
  const inAd = x > 0.24 && x < 0.76 && y > 0.36 && y < 0.64;
  const onStrike = Math.abs(x - 0.5 - (y - 0.5)) < 0.07 && y > 0.3 && y < 0.7;
  if (onStrike) return [214, 40, 40, 255];
  if (inAd) return [205, 205, 205, 255];
  const line = (y > 0.14 && y < 0.22) || (y > 0.72 && y < 0.78) || (y > 0.82 && y < 0.88);
  return line && x > 0.2 && x < 0.8 ? [60, 60, 60, 255] : [250, 250, 250, 255];
}
const out = process.argv[2];
mkdirSync(out, { recursive: true });
for (const s of [16, 32, 48, 128]) writeFileSync(`${out}/${s}.png`, png(s, pixel));
