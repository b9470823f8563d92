/**
 * xdomea 3.0.0 (XÖV standard for records exchange with a DMS / e-file): the pure rules of the hand-off.
 * The message kinds and their codes, the input a hand-off message is built from, its checks and the file
 * names of the xdomea container. No I/O: the XML, the ZIP and the transfer directory live in src/server/efile/.
 *
 * Codes and names come from the schema (`xdomea-Nachrichten-*.xsd`) and the code lists it names
 * (`standards/xdomea-3.0.0/schemes/code_lists/`): Nachrichtentyp 2.0, Dateiformat 1.0, Medium 1.0.
 */
import { DomainError } from './errors.ts';

/** What a message does. */
export type XdomeaMessageKind = 'create' | 'file' | 'handOver';

/** The outgoing messages: their code (code list Nachrichtentyp 2.0) and name (the schema element without code). */
export const xdomeaOutgoingMessages = {
  /** FVDaten.SGOErstellen.0604: create the record (a Vorgang for the case) in the DMS. */
  create: { code: '0604', name: 'FVDaten.SGOErstellen' },
  /** FVDaten.SGOAblegen.0605: file documents into the record created before. */
  file: { code: '0605', name: 'FVDaten.SGOAblegen' },
  /** Abgabe.Abgabe.0401: hand the whole case (Vorgang with its documents) over to the DMS. */
  handOver: { code: '0401', name: 'Abgabe.Abgabe' },
} as const satisfies Record<XdomeaMessageKind, { code: string; name: string }>;

/** The confirmations a DMS sends back, by code (code list Nachrichtentyp 2.0). */
export const xdomeaConfirmationMessages = {
  '0402': { name: 'Abgabe.ImportBestaetigen', confirms: 'handOver', confirmation: 'import' },
  '0403': { name: 'Abgabe.EmpfangBestaetigen', confirms: 'handOver', confirmation: 'receipt' },
  '0629': { name: 'FVDaten.EmpfangBestaetigen', confirms: undefined, confirmation: 'receipt' },
  '0630': { name: 'FVDaten.ImportBestaetigen', confirms: undefined, confirmation: 'import' },
} as const satisfies Record<
  string,
  { name: string; confirms: XdomeaMessageKind | undefined; confirmation: 'import' | 'receipt' }
>;

export type XdomeaConfirmationCode = keyof typeof xdomeaConfirmationMessages;

/** Code list URIs and versions the messages name (fixed by the schema). */
export const xdomeaCodeLists = {
  nachrichtentyp: { listURI: 'urn:xoev-de:xdomea:codeliste:nachrichtentyp', listVersionID: '2.0' },
  dateiformat: { listURI: 'urn:xoev-de:xdomea:codeliste:dateiformat', listVersionID: '1.0' },
  medium: { listURI: 'urn:xoev-de:xdomea:codeliste:medium', listVersionID: '1.0' },
  allgemeineRueckmeldung: {
    listURI: 'urn:xoev-de:xdomea:codeliste:allgemeinerueckmeldung',
    listVersionID: '1.1',
  },
} as const;

/** Medium 1.0, code 001: the record exists in electronic form only. */
export const XDOMEA_MEDIUM_ELECTRONIC = '001';
/** AllgemeineRueckmeldung 1.1, code 0000000: "Ausführung wurde erfolgreich beendet." */
export const XDOMEA_FEEDBACK_SUCCESS = '0000000';

/** The document types a case may hold (issue 11: PDF, JPEG, PNG). */
export type XdomeaMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** Per media type: the Dateiformat 1.0 code and the file name extension used in the container. */
export const xdomeaFileFormats = {
  'application/pdf': { code: '018', extension: 'pdf' },
  'image/jpeg': { code: '011', extension: 'jpg' },
  'image/png': { code: '019', extension: 'png' },
} as const satisfies Record<XdomeaMediaType, { code: string; extension: string }>;

/** The sending side: the municipality and department that run the Mobiles Rathaus, and the system itself. */
export interface XdomeaSender {
  /** Name of the municipality (the Institution, e.g. "Stadt Gütersloh"). */
  municipality: string;
  /** The organisational unit responsible for the case (e.g. "Bürgerbüro"). */
  departmentName: string;
  /** The sending system's product name: "Mobiles Rathaus". */
  systemName: string;
  /** The sending system's version, if known. */
  systemVersion?: string;
  /**
   * Technical account that creates the message in the DMS (Kopf/Erstellerkennung of the FVDaten messages).
   * Not a person: no personal data goes into the message head. Default: "mobiles-rathaus".
   */
  creatorId?: string;
}

/** The receiving DMS / e-file. */
export interface XdomeaRecipient {
  /** Name of the receiving organisation or DMS (Empfaenger/Institution/Name, e.g. "Stadtarchiv / E-Akte"). */
  name: string;
  /** Identifier of the DMS instance (EmpfangendesSystem/InstanzID), if the DMS asks for one. */
  systemId?: string;
  /** Product name of the DMS (EmpfangendesSystem/Produktname, e.g. "d.3", "enaio", "VIS"). */
  productName?: string;
}

/** The case that becomes a Vorgang (xdomea's record of one matter) in the DMS. */
export interface XdomeaCase {
  /** The case's UUID: the Vorgang's Identifikation/ID. */
  id: string;
  /** The case number staff and citizen see (AllgemeineMetadaten/Kennzeichen, and FachverfahrenObjektID). */
  caseNumber: string;
  /** Subject of the case (AllgemeineMetadaten/Betreff). No more personal data than the matter needs. */
  title: string;
  /** The service the case is about (Vorgang/Typ). */
  serviceName: string;
  /** The service's identifier in the Mobiles Rathaus (noted in AllgemeineMetadaten/Bemerkung). */
  serviceId: string;
  /** The department in charge (AllgemeineMetadaten/Federfuehrung). */
  departmentName: string;
  /** When the case was opened (Laufzeit/Beginn, a Berlin date). */
  openedAt: Date;
  /** When the case was closed, if it is: Laufzeit/Ende, ZdA (zu den Akten) and ZdADatum. */
  closedAt?: Date;
  /** Retention period in whole years (ArchivspezifischeMetadaten/Aufbewahrungsdauer/AnzahlJahre), 1–65535. */
  retentionYears?: number;
  /** The case's status in the Mobiles Rathaus (noted in AllgemeineMetadaten/Bemerkung). */
  status: string;
  /**
   * The record's id in the DMS, when the DMS confirmed creating it with its own id (0630
   * Rueckgabeparameter/IDSGO). `file` messages name it as IDContainer; without it they name `id`.
   */
  dmsRecordId?: string;
}

/** A primary document of the case (a scan, photo or signed form). */
export interface XdomeaDocument {
  /** The document's UUID: Dokument/Identifikation/ID and the start of its file name in the container. */
  id: string;
  /** The original file name (Primaerdokument/DateinameOriginal). */
  fileName: string;
  mediaType: XdomeaMediaType;
  /** Subject of the document (AllgemeineMetadaten/Betreff). */
  title: string;
  /** When it was captured at the stop (Posteingangsdatum and Primaerdokument/DatumUhrzeit). */
  capturedAt: Date;
  /** The file's content; it must be what `mediaType` says (checked by its first bytes). */
  bytes: Uint8Array;
}

/** Everything one xdomea message is built from. */
export interface XdomeaMessageInput {
  messageKind: XdomeaMessageKind;
  /** The message's ProzessID (a fresh UUID per message); confirmations from the DMS carry it back. */
  processId: string;
  /** When the message is created (Kopf/Erstellungszeitpunkt). */
  createdAt: Date;
  sender: XdomeaSender;
  recipient: XdomeaRecipient;
  case: XdomeaCase;
  /**
   * The documents: `create` and `handOver` carry them inside the Vorgang (both may have none), `file` files
   * each one into the record and needs at least one.
   */
  documents: readonly XdomeaDocument[];
}

/** Largest number of documents in one message. */
export const XDOMEA_MAX_DOCUMENTS = 500;
/** Longest free text (titles, names) taken into a message. */
export const XDOMEA_MAX_TEXT = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Characters XML 1.0 cannot carry (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The media type a file's first bytes show, or undefined if it is none of PDF, JPEG and PNG. */
export function sniffMediaType(bytes: Uint8Array): XdomeaMediaType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return undefined;
}

/**
 * The format version a document's bytes declare (FormatType/Version, required by the schema): the PDF header
 * version, the JFIF version of a JPEG; PNG has one version ("1.2"). Empty when the bytes do not say.
 */
export function fileFormatVersion(mediaType: XdomeaMediaType, bytes: Uint8Array): string {
  if (mediaType === 'application/pdf') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
    return /^%PDF-(\d\.\d)/.exec(head)?.[1] ?? '';
  }
  if (mediaType === 'image/jpeg') {
    // FF D8, APP0 marker FF E0, length (2 bytes), "JFIF\0", major, minor.
    const jfif = [0xff, 0xe0].every((b, i) => bytes[2 + i] === b) && bytes[6] === 0x4a && bytes[9] === 0x46;
    return jfif && bytes.length > 12 ? `${bytes[11]}.${String(bytes[12]).padStart(2, '0')}` : '';
  }
  return '1.2';
}

/**
 * The name a primary document gets in the container and in Primaerdokument/Dateiname: its UUID, "_" and
 * the original name (without folders) reduced to safe characters, with the extension of its media type
 * (the schema's stringDateinameType: UUID, optional "_" and name).
 */
export function primaryDocumentFileName(
  document: Pick<XdomeaDocument, 'id' | 'fileName' | 'mediaType'>,
): string {
  const extension = xdomeaFileFormats[document.mediaType].extension;
  const base = (document.fileName.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${document.id.toLowerCase()}_${base || 'dokument'}.${extension}`;
}

/** The message's full name as the schema's root element has it, e.g. "FVDaten.SGOErstellen.0604". */
export function xdomeaMessageName(kind: XdomeaMessageKind): string {
  const message = xdomeaOutgoingMessages[kind];
  return `${message.name}.${message.code}`;
}

/**
 * The xdomea naming convention: the message file is "<ProzessID>_<message name>.xml"
 * (e.g. "3f…_FVDaten.SGOErstellen.0604.xml"), the container ZIP the same with ".zip".
 */
export function xdomeaMessageFileName(processId: string, kind: XdomeaMessageKind): string {
  return `${processId.toLowerCase()}_${xdomeaMessageName(kind)}.xml`;
}

export function xdomeaContainerFileName(processId: string, kind: XdomeaMessageKind): string {
  return `${processId.toLowerCase()}_${xdomeaMessageName(kind)}.zip`;
}

/**
 * Checks a message input; throws DomainError (`validation`, or `invalid_character` for text XML cannot
 * carry) naming the field, e.g. `documents[1].mediaType`.
 */
export function checkXdomeaMessageInput(input: XdomeaMessageInput): void {
  const fail = (field: string, message: string): never => {
    throw new DomainError('validation', { field, message });
  };
  const text = (field: string, value: unknown, required = true): void => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') fail(field, `${field} must not be empty`);
    const s = value as string;
    if (s.length > XDOMEA_MAX_TEXT) fail(field, `${field} is longer than ${XDOMEA_MAX_TEXT} characters`);
    if (NOT_XML.test(s)) {
      throw new DomainError('invalid_character', {
        field,
        message: `${field} holds a character XML cannot carry`,
      });
    }
  };
  const uuid = (field: string, value: unknown): void => {
    if (typeof value !== 'string' || !isUuid(value)) fail(field, `${field} must be a UUID`);
  };
  const date = (field: string, value: unknown): void => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime()))
      fail(field, `${field} must be a valid date`);
  };

  if (!Object.hasOwn(xdomeaOutgoingMessages, input.messageKind)) {
    fail('messageKind', `messageKind must be one of ${Object.keys(xdomeaOutgoingMessages).join(', ')}`);
  }
  uuid('processId', input.processId);
  date('createdAt', input.createdAt);
  text('sender.municipality', input.sender?.municipality);
  text('sender.departmentName', input.sender?.departmentName);
  text('sender.systemName', input.sender?.systemName);
  text('sender.systemVersion', input.sender?.systemVersion, false);
  text('sender.creatorId', input.sender?.creatorId, false);
  text('recipient.name', input.recipient?.name);
  text('recipient.systemId', input.recipient?.systemId, false);
  text('recipient.productName', input.recipient?.productName, false);

  const c = input.case;
  if (!c) fail('case', 'case is missing');
  uuid('case.id', c.id);
  text('case.caseNumber', c.caseNumber);
  text('case.title', c.title);
  text('case.serviceName', c.serviceName);
  text('case.serviceId', c.serviceId);
  text('case.departmentName', c.departmentName);
  text('case.status', c.status);
  date('case.openedAt', c.openedAt);
  if (c.closedAt !== undefined) {
    date('case.closedAt', c.closedAt);
    if (c.closedAt.getTime() < c.openedAt.getTime())
      fail('case.closedAt', 'case.closedAt is before case.openedAt');
  }
  if (c.retentionYears !== undefined) {
    if (!Number.isInteger(c.retentionYears) || c.retentionYears < 1 || c.retentionYears > 65535) {
      fail('case.retentionYears', 'case.retentionYears must be a whole number of years from 1 to 65535');
    }
  }
  if (c.dmsRecordId !== undefined) uuid('case.dmsRecordId', c.dmsRecordId);

  if (!Array.isArray(input.documents)) fail('documents', 'documents must be a list');
  if (input.documents.length > XDOMEA_MAX_DOCUMENTS) {
    fail('documents', `at most ${XDOMEA_MAX_DOCUMENTS} documents fit one message`);
  }
  if (input.messageKind === 'file' && input.documents.length === 0) {
    fail('documents', 'a file message (FVDaten.SGOAblegen.0605) needs at least one document');
  }
  const seen = new Set<string>();
  input.documents.forEach((d, i) => {
    const at = `documents[${i}]`;
    uuid(`${at}.id`, d.id);
    if (seen.has(d.id.toLowerCase())) fail(`${at}.id`, `${at}.id appears twice`);
    seen.add(d.id.toLowerCase());
    text(`${at}.fileName`, d.fileName);
    text(`${at}.title`, d.title);
    date(`${at}.capturedAt`, d.capturedAt);
    if (!Object.hasOwn(xdomeaFileFormats, d.mediaType)) {
      fail(`${at}.mediaType`, `${at}.mediaType must be application/pdf, image/jpeg or image/png`);
    }
    if (!(d.bytes instanceof Uint8Array) || d.bytes.length === 0) fail(`${at}.bytes`, `${at} is empty`);
    const sniffed = sniffMediaType(d.bytes);
    if (sniffed !== d.mediaType) {
      fail(`${at}.bytes`, `${at} is not ${d.mediaType} by its content (${sniffed ?? 'unknown type'})`);
    }
  });
}
