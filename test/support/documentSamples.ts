import { crc32, deflateSync } from 'node:zlib';
import { onePagePdf } from '../../src/cli/demo/onePagePdf.ts';

/**
 * Small but real files of the three accepted document types, built byte by byte for tests and benchmarks:
 * each opens in an ordinary viewer.
 */

/** A one-page PDF 1.4 with a correct cross-reference table. */
export function samplePdf(text = 'Antrag'): Buffer {
  return Buffer.from(onePagePdf(text));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A PNG of `width` × `height` grey pixels (8-bit greyscale). */
export function samplePng(width = 1, height = 1): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function segment(marker: number, data: number[]): number[] {
  const length = data.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...data];
}

/**
 * A baseline JPEG of one grey pixel: JFIF header, a quantisation table, one DC and one AC Huffman table with
 * a single one-bit code each, and a scan whose two codes (DC difference 0, end of block) are padded with ones.
 */
export function sampleJpeg(): Buffer {
  const huffman = (tableClassAndId: number) => [tableClassAndId, 1, ...new Array<number>(15).fill(0), 0x00];
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
    ...segment(0xc4, huffman(0x00)),
    ...segment(0xc4, huffman(0x10)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff,
    0xd9,
  ]);
}

/** A valid JPEG of about `bytes` bytes: the one-pixel image with a comment segments of filler before the scan. */
export function paddedJpeg(bytes: number, fill: (chunk: Buffer) => void = () => {}): Buffer {
  const base = sampleJpeg();
  const chunks: Buffer[] = [base.subarray(0, 2)];
  let remaining = bytes - base.length;
  while (remaining > 4) {
    const size = Math.min(65_533, remaining - 4);
    const comment = Buffer.alloc(size + 4);
    comment[0] = 0xff;
    comment[1] = 0xfe; // COM
    comment.writeUInt16BE(size + 2, 2);
    fill(comment.subarray(4));
    chunks.push(comment);
    remaining -= size + 4;
  }
  chunks.push(base.subarray(2));
  return Buffer.concat(chunks);
}
