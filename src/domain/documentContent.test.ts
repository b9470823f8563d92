import { describe, expect, it } from 'vitest';
import { paddedJpeg, sampleJpeg, samplePdf, samplePng } from '../../test/support/documentSamples.ts';
import {
  checkDocumentContent,
  documentRetainUntil,
  mediaTypeOfFileName,
  sniffMediaType,
} from './documentContent.ts';
import { DomainError } from './errors.ts';

const MiB = 1024 * 1024;

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('sniffMediaType', () => {
  it('recognises real PDF, JPEG and PNG files by their bytes', () => {
    expect(sniffMediaType(samplePdf())).toBe('application/pdf');
    expect(sniffMediaType(sampleJpeg())).toBe('image/jpeg');
    expect(sniffMediaType(samplePng())).toBe('image/png');
    expect(sniffMediaType(samplePng(40, 30))).toBe('image/png');
  });

  it('knows nothing else: text, GIF, ZIP, an empty file, a PDF cut off before its end', () => {
    expect(sniffMediaType(Buffer.from('Hallo Welt'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('GIF89a\u0001\u0000\u0001\u0000', 'latin1'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
    const pdf = samplePdf();
    expect(sniffMediaType(pdf.subarray(0, pdf.length - 20))).toBeUndefined();
    // The PNG signature alone, without its header chunk.
    expect(sniffMediaType(samplePng().subarray(0, 8))).toBeUndefined();
  });

  it('reads the type a file name claims, whatever the case', () => {
    expect(mediaTypeOfFileName('Antrag.PDF')).toBe('application/pdf');
    expect(mediaTypeOfFileName('foto.jpeg')).toBe('image/jpeg');
    expect(mediaTypeOfFileName('foto.JPG')).toBe('image/jpeg');
    expect(mediaTypeOfFileName('scan.png')).toBe('image/png');
    expect(mediaTypeOfFileName('scan.gif')).toBeUndefined();
    expect(mediaTypeOfFileName('pdf')).toBeUndefined();
  });
});

describe('checkDocumentContent', () => {
  const limit = 10 * MiB;

  it('accepts each type under a matching name and declared type', () => {
    expect(checkDocumentContent({ fileName: ' antrag.pdf ', bytes: samplePdf(), maxBytes: limit })).toEqual({
      fileName: 'antrag.pdf',
      mediaType: 'application/pdf',
      sizeBytes: samplePdf().length,
    });
    expect(
      checkDocumentContent({
        fileName: 'foto.jpg',
        declaredMediaType: 'image/jpeg',
        bytes: sampleJpeg(),
        maxBytes: limit,
      }).mediaType,
    ).toBe('image/jpeg');
    expect(
      checkDocumentContent({
        fileName: 'scan.PNG',
        declaredMediaType: 'image/png; charset=binary',
        bytes: samplePng(),
        maxBytes: limit,
      }).mediaType,
    ).toBe('image/png');
  });

  it('refuses a .pdf that is really a PNG, naming the file name', () => {
    const error = refusal(() =>
      checkDocumentContent({ fileName: 'ausweis.pdf', bytes: samplePng(), maxBytes: limit }),
    );
    expect(error.code).toBe('document_type_mismatch');
    expect(error.status).toBe(422);
    expect(error.field).toBe('fileName');
    expect(error.details).toEqual({ detected: 'image/png', named: 'application/pdf' });
  });

  it('refuses a declared type that disagrees with the content, naming mediaType', () => {
    const error = refusal(() =>
      checkDocumentContent({
        fileName: 'foto.jpg',
        declaredMediaType: 'application/pdf',
        bytes: sampleJpeg(),
        maxBytes: limit,
      }),
    );
    expect([error.code, error.field]).toEqual(['document_type_mismatch', 'mediaType']);
  });

  it('refuses content of another type, even under an accepted name', () => {
    const error = refusal(() =>
      checkDocumentContent({ fileName: 'brief.pdf', bytes: Buffer.from('<html></html>'), maxBytes: limit }),
    );
    expect([error.code, error.field]).toEqual(['document_type_not_allowed', 'file']);
  });

  it('refuses an accepted content under a name without an accepted extension', () => {
    const error = refusal(() =>
      checkDocumentContent({ fileName: 'scan.tiff', bytes: samplePng(), maxBytes: limit }),
    );
    expect([error.code, error.field]).toEqual(['document_type_not_allowed', 'fileName']);
  });

  it('refuses an oversized file before looking at it, and an empty one', () => {
    const big = paddedJpeg(limit + 1);
    expect(sniffMediaType(big)).toBe('image/jpeg');
    const error = refusal(() => checkDocumentContent({ fileName: 'gross.jpg', bytes: big, maxBytes: limit }));
    expect([error.code, error.status, error.field]).toEqual(['document_too_large', 413, 'file']);
    expect(error.details).toEqual({ maxBytes: limit, sizeBytes: big.length });
    // Exactly at the limit is fine.
    const atLimit = paddedJpeg(limit);
    expect(atLimit.length).toBe(limit);
    expect(checkDocumentContent({ fileName: 'gross.jpg', bytes: atLimit, maxBytes: limit }).sizeBytes).toBe(
      limit,
    );

    const empty = refusal(() =>
      checkDocumentContent({ fileName: 'leer.pdf', bytes: new Uint8Array(), maxBytes: limit }),
    );
    expect([empty.code, empty.field]).toEqual(['document_empty', 'file']);
  });

  it.each(['', '   ', '../etc/passwd.pdf', 'a\\b.pdf', 'zeile\nzwei.pdf', `${'x'.repeat(252)}.pdf`])(
    'refuses the file name %j',
    (fileName) => {
      const error = refusal(() => checkDocumentContent({ fileName, bytes: samplePdf(), maxBytes: limit }));
      expect([error.code, error.field]).toEqual(['invalid_file_name', 'fileName']);
    },
  );
});

describe('documentRetainUntil', () => {
  it("takes the service's period, else the default", () => {
    const captured = new Date('2026-03-01T10:00:00Z');
    expect(documentRetainUntil(captured, 30, 180).toISOString()).toBe('2026-03-31T10:00:00.000Z');
    expect(documentRetainUntil(captured, null, 180).toISOString()).toBe('2026-08-28T10:00:00.000Z');
  });
});
