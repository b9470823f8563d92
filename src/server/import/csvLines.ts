import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The lines of a text stream, one at a time (memory stays flat however large the file), with their 1-based
 * numbers; a byte-order mark is dropped. `onBytes` hears how many bytes were read so far (for progress and
 * size limits; it may throw to stop the read).
 */
export async function* linesOf(
  stream: Readable,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<{ line: string; number: number }> {
  let bytes = 0;
  if (onBytes) {
    stream.on('data', (chunk: Buffer | string) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      try {
        onBytes(bytes);
      } catch (error) {
        stream.destroy(error as Error);
      }
    });
  }
  stream.setEncoding('utf8');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    yield { line: number === 1 ? raw.replace(/^\uFEFF/, '') : raw, number };
  }
}
