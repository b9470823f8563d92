import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  checkXdomeaMessageInput,
  fileFormatVersion,
  primaryDocumentFileName,
  sniffMediaType,
  xdomeaContainerFileName,
  xdomeaMessageFileName,
  xdomeaMessageName,
  type XdomeaMessageInput,
} from './xdomea.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const png = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const jpeg = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 0, 0, 1, 0xff, 0xd9,
]);

function input(overrides: Partial<XdomeaMessageInput> = {}): XdomeaMessageInput {
  return {
    messageKind: 'file',
    processId: '6f1c1f5e-3a51-4a40-9b7e-0d1f2c3b4a59',
    createdAt: new Date('2026-12-07T10:00:00Z'),
    sender: { municipality: 'Stadt Gütersloh', departmentName: 'Bürgerbüro', systemName: 'Mobiles Rathaus' },
    recipient: { name: 'E-Akte Gütersloh' },
    case: {
      id: '0b4f7c2e-8d0a-4a55-9a1f-3c2b1a0f9e8d',
      caseNumber: 'MR-2026-000123',
      title: 'Ummeldung',
      serviceName: 'Wohnsitz ummelden',
      serviceId: 'svc-ummeldung',
      departmentName: 'Bürgerbüro',
      openedAt: new Date('2026-12-01T09:00:00Z'),
      status: 'in_progress',
    },
    documents: [
      {
        id: 'a3c0d8e1-2b4f-4c6d-8e9f-0a1b2c3d4e5f',
        fileName: 'Antrag.pdf',
        mediaType: 'application/pdf',
        title: 'Antrag',
        capturedAt: new Date('2026-12-01T09:10:00Z'),
        bytes: pdf,
      },
    ],
    ...overrides,
  };
}

function refusal(value: XdomeaMessageInput): DomainError {
  try {
    checkXdomeaMessageInput(value);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('input was accepted');
}

describe('xdomea message input', () => {
  it('accepts a complete input', () => {
    expect(() => checkXdomeaMessageInput(input())).not.toThrow();
  });

  it('refuses an empty case number, naming the field', () => {
    const error = refusal(input({ case: { ...input().case, caseNumber: '  ' } }));
    expect(error.code).toBe('validation');
    expect(error.field).toBe('case.caseNumber');
  });

  it('refuses a media type other than PDF, JPEG and PNG', () => {
    const doc = { ...input().documents[0]!, mediaType: 'image/gif' as 'image/png' };
    const error = refusal(input({ documents: [doc] }));
    expect(error.field).toBe('documents[0].mediaType');
    expect(error.message).toMatch(/application\/pdf, image\/jpeg or image\/png/);
  });

  it('refuses a document whose content is not what its media type says', () => {
    const doc = { ...input().documents[0]!, mediaType: 'image/png' as const };
    const error = refusal(input({ documents: [doc] }));
    expect(error.field).toBe('documents[0].bytes');
    expect(error.message).toMatch(/not image\/png by its content \(application\/pdf\)/);
  });

  it('refuses an empty document, a second document with the same id and a file message without documents', () => {
    const doc = input().documents[0]!;
    expect(refusal(input({ documents: [{ ...doc, bytes: new Uint8Array() }] })).field).toBe(
      'documents[0].bytes',
    );
    expect(refusal(input({ documents: [doc, { ...doc }] })).field).toBe('documents[1].id');
    expect(refusal(input({ documents: [] })).field).toBe('documents');
    expect(() => checkXdomeaMessageInput(input({ messageKind: 'create', documents: [] }))).not.toThrow();
  });

  it('refuses a process id that is no UUID, a bad date, retention out of range and an unknown kind', () => {
    expect(refusal(input({ processId: 'MR-1' })).field).toBe('processId');
    expect(refusal(input({ createdAt: new Date('nonsense') })).field).toBe('createdAt');
    expect(refusal(input({ case: { ...input().case, retentionYears: 0 } })).field).toBe(
      'case.retentionYears',
    );
    expect(refusal(input({ case: { ...input().case, retentionYears: 2.5 } })).field).toBe(
      'case.retentionYears',
    );
    expect(refusal(input({ messageKind: 'delete' as 'file' })).field).toBe('messageKind');
    const closedBeforeOpened = { ...input().case, closedAt: new Date('2026-11-01T00:00:00Z') };
    expect(refusal(input({ case: closedBeforeOpened })).field).toBe('case.closedAt');
  });

  it('refuses text XML cannot carry', () => {
    const error = refusal(input({ case: { ...input().case, title: 'Antrag\u0001' } }));
    expect(error.code).toBe('invalid_character');
    expect(error.field).toBe('case.title');
  });
});

describe('xdomea names', () => {
  it('names message and container "<ProzessID>_<message name>" after the schema element', () => {
    const id = '6F1C1F5E-3A51-4A40-9B7E-0D1F2C3B4A59';
    expect(xdomeaMessageName('create')).toBe('FVDaten.SGOErstellen.0604');
    expect(xdomeaMessageName('file')).toBe('FVDaten.SGOAblegen.0605');
    expect(xdomeaMessageName('handOver')).toBe('Abgabe.Abgabe.0401');
    expect(xdomeaMessageFileName(id, 'create')).toBe(`${id.toLowerCase()}_FVDaten.SGOErstellen.0604.xml`);
    expect(xdomeaContainerFileName(id, 'handOver')).toBe(`${id.toLowerCase()}_Abgabe.Abgabe.0401.zip`);
  });

  it('names primary documents by UUID and a safe form of the original name (stringDateinameType)', () => {
    const id = 'a3c0d8e1-2b4f-4c6d-8e9f-0a1b2c3d4e5f';
    const name = primaryDocumentFileName({
      id,
      fileName: '../Straße Ö 1/Scan (2).JPEG',
      mediaType: 'image/jpeg',
    });
    expect(name).toBe(`${id}_Scan-2.jpg`);
    expect(primaryDocumentFileName({ id, fileName: 'Größe.pdf', mediaType: 'application/pdf' })).toBe(
      `${id}_Grosse.pdf`,
    );
    expect(primaryDocumentFileName({ id, fileName: '???', mediaType: 'image/png' })).toBe(
      `${id}_dokument.png`,
    );
    const pattern =
      /^[0-9|A-F|a-f]{8}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{12}[_]?.*[.]?.*$/;
    expect(name).toMatch(pattern);
  });
});

describe('document content', () => {
  it('tells PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffMediaType(pdf)).toBe('application/pdf');
    expect(sniffMediaType(png)).toBe('image/png');
    expect(sniffMediaType(jpeg)).toBe('image/jpeg');
    expect(sniffMediaType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
  });

  it('reads the format version the bytes declare', () => {
    expect(fileFormatVersion('application/pdf', pdf)).toBe('1.7');
    expect(fileFormatVersion('image/jpeg', jpeg)).toBe('1.02');
    expect(fileFormatVersion('image/png', png)).toBe('1.2');
    expect(fileFormatVersion('application/pdf', new TextEncoder().encode('%PDF-'))).toBe('');
  });
});
