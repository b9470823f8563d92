/**
 * The xdomea container: one ZIP holding the message XML ("<ProzessID>_<message name>.xml") and the primary
 * documents under the names the XML gives them (Primaerdokument/Dateiname, "<document UUID>_<name>.<ext>").
 * The ZIP itself is named "<ProzessID>_<message name>.zip". Written with fflate.
 */
import { zipSync, type Zippable } from 'fflate';
import {
  primaryDocumentFileName,
  xdomeaContainerFileName,
  xdomeaMessageFileName,
  xdomeaMessageName,
  type XdomeaMessageInput,
} from '../../domain/xdomea.ts';
import { buildXdomeaMessageXml } from './xdomeaMessage.ts';
import { validateXdomeaMessage, XdomeaSchemaError } from './xdomeaSchema.ts';

export interface XdomeaContainer {
  /** The ZIP's file name, "<ProzessID>_<message name>.zip", e.g. "…_FVDaten.SGOAblegen.0605.zip". */
  fileName: string;
  /** The message file's name inside the ZIP, "<ProzessID>_<message name>.xml". */
  messageFileName: string;
  /** The schema element name of the message, e.g. "Abgabe.Abgabe.0401". */
  messageName: string;
  /** The ZIP's bytes. */
  zip: Uint8Array;
  /** The message XML (also inside the ZIP), validated against the xdomea 3.0.0 schemas. */
  messageXml: string;
  /** The primary documents' names inside the ZIP, in the order of `input.documents`. */
  documentFileNames: string[];
}

/**
 * Builds the message, validates it against the official schemas and packs it with its documents.
 * Throws DomainError (`validation`, `invalid_character`, naming the field) for bad input, and
 * XdomeaSchemaError if the message does not validate (then nothing may be handed off).
 */
export async function buildXdomeaContainer(input: XdomeaMessageInput): Promise<XdomeaContainer> {
  const messageXml = buildXdomeaMessageXml(input);
  const messageName = xdomeaMessageName(input.messageKind);
  const validation = await validateXdomeaMessage(messageXml);
  if (!validation.valid) throw new XdomeaSchemaError(messageName, validation.errors);

  const messageFileName = xdomeaMessageFileName(input.processId, input.messageKind);
  const mtime = input.createdAt;
  const entries: Zippable = {
    [messageFileName]: [new TextEncoder().encode(messageXml), { level: 6, mtime }],
  };
  const documentFileNames = input.documents.map((document) => {
    const name = primaryDocumentFileName(document);
    // JPEG and PNG are compressed already; deflating them again only costs time.
    const level = document.mediaType === 'application/pdf' ? 6 : 0;
    entries[name] = [document.bytes, { level, mtime }];
    return name;
  });
  return {
    fileName: xdomeaContainerFileName(input.processId, input.messageKind),
    messageFileName,
    messageName,
    zip: zipSync(entries),
    messageXml,
    documentFileNames,
  };
}
