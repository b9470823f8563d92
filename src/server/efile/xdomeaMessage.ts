/**
 * Builds the XML of an xdomea 3.0.0 message (FVDaten.SGOErstellen.0604, FVDaten.SGOAblegen.0605,
 * Abgabe.Abgabe.0401) from a checked input, with xmlbuilder2. Element order and code lists follow the schemas
 * in standards/xdomea-3.0.0/schemes/ (xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd,
 * xdomea-Nachrichten-AbgabeDurchfuehren.xsd and the types they include).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { formatInstant, localDateOf } from '../../domain/time.ts';
import {
  checkXdomeaMessageInput,
  fileFormatVersion,
  primaryDocumentFileName,
  xdomeaCodeLists,
  xdomeaFileFormats,
  xdomeaMessageName,
  xdomeaOutgoingMessages,
  XDOMEA_MEDIUM_ELECTRONIC,
  type XdomeaCase,
  type XdomeaDocument,
  type XdomeaMessageInput,
} from '../../domain/xdomea.ts';

export const XDOMEA_NAMESPACE = 'urn:xoev-de:xdomea:schema:3.0.0';
const P = 'xdomea:';

/** Adds a namespaced xdomea child (`xdomea:<name>`), with text if given. */
function el(parent: XMLBuilder, name: string, text?: string): XMLBuilder {
  const child = parent.ele(XDOMEA_NAMESPACE, P + name);
  if (text !== undefined) child.txt(text);
  return child;
}

/** A code element of an XÖV code type: unqualified `code` (and `name`) children, list attributes. */
function code(
  parent: XMLBuilder,
  name: string,
  value: string,
  list: { listURI: string; listVersionID: string },
  label?: string,
): void {
  const element = parent.ele(XDOMEA_NAMESPACE, P + name, {
    listURI: list.listURI,
    listVersionID: list.listVersionID,
  });
  element.ele('code').txt(value);
  if (label !== undefined) element.ele('name').txt(label);
}

function instant(date: Date): string {
  return formatInstant(date.getTime());
}

function day(date: Date): string {
  return localDateOf(date.getTime());
}

/** NkBasisType: the head every message shares. */
function basisHead(kopf: XMLBuilder, input: XdomeaMessageInput): void {
  const message = xdomeaOutgoingMessages[input.messageKind];
  el(kopf, 'ProzessID', input.processId.toLowerCase());
  code(kopf, 'Nachrichtentyp', message.code, xdomeaCodeLists.nachrichtentyp, message.name);
  el(kopf, 'Erstellungszeitpunkt', instant(input.createdAt));
  const absender = el(kopf, 'Absender');
  el(el(absender, 'Institution'), 'Name', input.sender.municipality);
  el(el(absender, 'Organisationseinheit'), 'Name', input.sender.departmentName);
  const empfaenger = el(kopf, 'Empfaenger');
  el(el(empfaenger, 'Institution'), 'Name', input.recipient.name);
  const sendendes = el(kopf, 'SendendesSystem');
  el(sendendes, 'Produktname', input.sender.systemName);
  if (input.sender.systemVersion !== undefined) el(sendendes, 'Version', input.sender.systemVersion);
}

/** NkKeineRueckmeldungFVDatenType: the head of 0604 and 0605. */
function fvDataHead(parent: XMLBuilder, input: XdomeaMessageInput): void {
  const kopf = el(parent, 'Kopf');
  basisHead(kopf, input);
  if (input.recipient.systemId !== undefined || input.recipient.productName !== undefined) {
    const system = el(kopf, 'EmpfangendesSystem');
    if (input.recipient.systemId !== undefined) el(system, 'InstanzID', input.recipient.systemId);
    if (input.recipient.productName !== undefined) el(system, 'Produktname', input.recipient.productName);
  }
  // Ask for the receipt (0629) as well as the import confirmation (0630, always requested: fixed to 1).
  el(kopf, 'Empfangsbestaetigung', 'true');
  el(kopf, 'Importbestaetigung', '1');
  el(kopf, 'Erstellerkennung', input.sender.creatorId ?? 'mobiles-rathaus');
  el(kopf, 'Stapel', 'false');
}

/** NkAbgabeType: the head of 0401. */
function handOverHead(parent: XMLBuilder, input: XdomeaMessageInput): void {
  const kopf = el(parent, 'Kopf');
  basisHead(kopf, input);
  el(kopf, 'Importbestaetigung', '1');
  el(kopf, 'Empfangsbestaetigung', 'true');
}

/** DokumentType for one primary document, with the file it refers to in the container. */
function documentElement(
  parent: XMLBuilder,
  name: string,
  document: XdomeaDocument,
  caseNumber: string,
  number?: number,
): void {
  const dokument = el(parent, name);
  const identifikation = el(dokument, 'Identifikation');
  el(identifikation, 'ID', document.id.toLowerCase());
  if (number !== undefined) el(identifikation, 'NummerImUebergeordnetenContainer', String(number));
  const metadaten = el(dokument, 'AllgemeineMetadaten');
  el(metadaten, 'Betreff', document.title);
  // The case number on every document: the DMS can file it by its Aktenzeichen, too.
  el(metadaten, 'Kennzeichen', caseNumber);
  code(metadaten, 'Medium', XDOMEA_MEDIUM_ELECTRONIC, xdomeaCodeLists.medium);
  el(dokument, 'Posteingangsdatum', day(document.capturedAt));
  const version = el(dokument, 'Version');
  el(version, 'Nummer', '1');
  const format = el(version, 'Format');
  code(format, 'Name', xdomeaFileFormats[document.mediaType].code, xdomeaCodeLists.dateiformat);
  el(format, 'Version', fileFormatVersion(document.mediaType, document.bytes));
  const primaer = el(format, 'Primaerdokument');
  el(primaer, 'Dateiname', primaryDocumentFileName(document));
  el(primaer, 'DateinameOriginal', document.fileName);
  el(primaer, 'DatumUhrzeit', instant(document.capturedAt));
}

/** VorgangType for the case, with its documents inside. */
function caseElement(parent: XMLBuilder, c: XdomeaCase, documents: readonly XdomeaDocument[]): void {
  const vorgang = el(parent, 'Vorgang');
  el(el(vorgang, 'Identifikation'), 'ID', c.id.toLowerCase());
  const metadaten = el(vorgang, 'AllgemeineMetadaten');
  el(metadaten, 'Betreff', c.title);
  el(metadaten, 'Kennzeichen', c.caseNumber);
  el(metadaten, 'Federfuehrung', c.departmentName);
  el(metadaten, 'Bemerkung', `Leistung: ${c.serviceName} (${c.serviceId}); Status: ${c.status}`);
  code(metadaten, 'Medium', XDOMEA_MEDIUM_ELECTRONIC, xdomeaCodeLists.medium);
  if (c.retentionYears !== undefined) {
    el(
      el(el(vorgang, 'ArchivspezifischeMetadaten'), 'Aufbewahrungsdauer'),
      'AnzahlJahre',
      String(c.retentionYears),
    );
  }
  el(vorgang, 'Typ', c.serviceName);
  if (c.closedAt !== undefined) {
    el(vorgang, 'ZdA', 'true');
    el(vorgang, 'ZdADatum', day(c.closedAt));
  }
  const laufzeit = el(vorgang, 'Laufzeit');
  el(laufzeit, 'Beginn', day(c.openedAt));
  if (c.closedAt !== undefined) el(laufzeit, 'Ende', day(c.closedAt));
  documents.forEach((d, i) => documentElement(vorgang, 'Dokument', d, c.caseNumber, i + 1));
}

/**
 * The message XML (UTF-8, pretty-printed) for a message input. Checks the input first and throws
 * DomainError (`validation`, `invalid_character`) naming the field. Does not validate against the schema:
 * `buildXdomeaContainer` does that before anything is handed off.
 */
export function buildXdomeaMessageXml(input: XdomeaMessageInput): string {
  checkXdomeaMessageInput(input);
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(XDOMEA_NAMESPACE, P + xdomeaMessageName(input.messageKind));
  switch (input.messageKind) {
    case 'create': {
      fvDataHead(root, input);
      const sgo = el(root, 'SchriftgutobjektZumErstellen');
      el(sgo, 'FachverfahrenObjektID', input.case.caseNumber);
      caseElement(el(sgo, 'Schriftgutobjekt'), input.case, input.documents);
      break;
    }
    case 'file': {
      fvDataHead(root, input);
      for (const document of input.documents) {
        const sgo = el(root, 'SchriftgutobjektZumAblegen');
        el(sgo, 'FachverfahrenObjektID', document.id.toLowerCase());
        el(sgo, 'IDContainer', (input.case.dmsRecordId ?? input.case.id).toLowerCase());
        documentElement(el(sgo, 'Schriftgutobjekt'), 'Dokument', document, input.case.caseNumber);
      }
      break;
    }
    case 'handOver': {
      handOverHead(root, input);
      caseElement(el(root, 'Schriftgutobjekt'), input.case, input.documents);
      break;
    }
  }
  return doc.end({ prettyPrint: true });
}
