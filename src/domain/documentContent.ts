import { DomainError } from './errors.ts';

/**
 * What a captured document may be (tracker issue 11, item 2): PDF, JPEG or PNG, recognised by its bytes
 * (magic numbers) and by its file name, which must agree, within a size limit. Pure: the server calls
 * `checkDocumentContent` before it encrypts anything.
 *
 * A small sniffer rather than the `file-type` package: its current major declares Node 22, and three
 * formats are a few bytes each, readable in one screen and tested with real samples.
 */
export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const documentMediaTypes: readonly DocumentMediaType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
];

const extensions: Readonly<Record<string, DocumentMediaType>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
const PDF_HEADER = ascii('%PDF-');
const PDF_EOF = ascii('%%EOF');
const IHDR = ascii('IHDR');
/** Readers accept the end-of-file marker within the last 1024 bytes (trailing line ends, padding). */
const PDF_EOF_WINDOW = 1024;

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}

function containsFrom(bytes: Uint8Array, needle: readonly number[], from: number): boolean {
  for (let start = Math.max(0, from); start + needle.length <= bytes.length; start++) {
    if (startsWith(bytes, needle, start)) return true;
  }
  return false;
}

/**
 * The type the bytes are, or undefined for anything else. PDF: the `%PDF-` header at the start and `%%EOF`
 * near the end (a cut-off upload has none). JPEG: the SOI marker followed by another marker (FF D8 FF).
 * PNG: the eight-byte signature followed by the IHDR chunk.
 */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | undefined {
  if (startsWith(bytes, PDF_HEADER)) {
    return containsFrom(bytes, PDF_EOF, bytes.length - PDF_EOF_WINDOW) ? 'application/pdf' : undefined;
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, IHDR, 12)) return 'image/png';
  return undefined;
}

/** The type a file name claims by its extension (case-insensitive), or undefined. */
export function mediaTypeOfFileName(fileName: string): DocumentMediaType | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  return extensions[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * A file name as shown and handed on to the e-file: 1 to 255 characters, no path and no control characters.
 * Returns it trimmed.
 */
export function checkFileName(fileName: string): string {
  const trimmed = fileName.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed.length === 0 || trimmed.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(trimmed)) {
    throw new DomainError('invalid_file_name', { field: 'fileName' });
  }
  return trimmed;
}

export interface DocumentContentInput {
  fileName: string;
  /** The type the client declared (e.g. the upload's Content-Type); optional, must agree when given. */
  declaredMediaType?: string | undefined;
  bytes: Uint8Array;
  /** The size limit (DOCUMENT_MAX_BYTES). */
  maxBytes: number;
}

export interface CheckedDocumentContent {
  fileName: string;
  mediaType: DocumentMediaType;
  sizeBytes: number;
}

/**
 * Decides whether the bytes may be stored as a document, naming the field of the first problem: `file` for
 * the content (empty, too large, not PDF/JPEG/PNG), `fileName` for a name that is malformed or whose
 * extension does not agree with the content, `mediaType` for a declared type that does not.
 */
export function checkDocumentContent(input: DocumentContentInput): CheckedDocumentContent {
  const fileName = checkFileName(input.fileName);
  const sizeBytes = input.bytes.length;
  if (sizeBytes === 0) throw new DomainError('document_empty', { field: 'file' });
  if (sizeBytes > input.maxBytes) {
    throw new DomainError('document_too_large', {
      field: 'file',
      details: { maxBytes: input.maxBytes, sizeBytes },
    });
  }
  const mediaType = sniffMediaType(input.bytes);
  if (!mediaType) {
    throw new DomainError('document_type_not_allowed', {
      field: 'file',
      details: { allowed: documentMediaTypes },
    });
  }
  const named = mediaTypeOfFileName(fileName);
  if (named !== mediaType) {
    throw new DomainError(named ? 'document_type_mismatch' : 'document_type_not_allowed', {
      field: 'fileName',
      details: { detected: mediaType, ...(named ? { named } : { allowed: documentMediaTypes }) },
    });
  }
  if (input.declaredMediaType !== undefined) {
    const declared = input.declaredMediaType.split(';')[0]!.trim().toLowerCase();
    if (declared !== mediaType) {
      throw new DomainError('document_type_mismatch', {
        field: 'mediaType',
        details: { detected: mediaType },
      });
    }
  }
  return { fileName, mediaType, sizeBytes };
}

/** When a document captured at `capturedAt` must be deleted: the service's retention period, else the default. */
export function documentRetainUntil(
  capturedAt: Date,
  serviceRetentionDays: number | null,
  defaultRetentionDays: number,
): Date {
  return new Date(capturedAt.getTime() + (serviceRetentionDays ?? defaultRetentionDays) * 86_400_000);
}
