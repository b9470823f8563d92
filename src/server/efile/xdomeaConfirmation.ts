/**
 * Reads the confirmations a DMS sends back for xdomea messages: Abgabe.ImportBestaetigen.0402 and
 * Abgabe.EmpfangBestaetigen.0403 for a hand-over (0401), FVDaten.EmpfangBestaetigen.0629 and
 * FVDaten.ImportBestaetigen.0630 for FVDaten messages (0604, 0605). Parsed with fast-xml-parser after the
 * message validated against the schema.
 */
import { XMLParser } from 'fast-xml-parser';
import {
  xdomeaConfirmationMessages,
  XDOMEA_FEEDBACK_SUCCESS,
  type XdomeaConfirmationCode,
  type XdomeaMessageKind,
} from '../../domain/xdomea.ts';

/** One record a confirmation reports on. */
export interface XdomeaConfirmedRecord {
  /** The record's id: the hand-over's Schriftgutobjekt (0402 IDSGO) or the DMS's id for it (0630 IDSGO). */
  id?: string;
  /** Whether this record was imported (0402 Erfolgreich, 0630 Rueckgabeparameter/Erfolgreich). */
  accepted?: boolean;
  /** 0630: where the DMS filed it (Rueckgabeparameter/Parameter/Ablageort). */
  location?: string;
  /** Why it was not imported (0402 Fehlermeldung/FehlermeldungCode, 0630 Rueckgabeparameter/Rueckmeldung). */
  errors?: string[];
}

/** A confirmation from the DMS, mapped from its message. */
export interface XdomeaConfirmation {
  /** The ProzessID of the message it confirms (a confirmation carries the same ProzessID back). */
  processId: string;
  /** Its message code: 0402, 0403, 0629 or 0630. */
  messageCode: XdomeaConfirmationCode;
  /** Its schema name, e.g. "Abgabe.ImportBestaetigen". */
  messageName: string;
  /**
   * `import`: the DMS took the message over (0402, 0630), or says why not; this closes a hand-off.
   * `receipt`: the DMS only received it (0403, 0629); the import confirmation is still to come.
   */
  confirmation: 'import' | 'receipt';
  /**
   * The kind of message confirmed when the confirmation says so: `handOver` for 0402/0403, `create`/`file`
   * for a 0630 with a specific error of 0604/0605. Otherwise undefined: match by `processId`.
   */
  messageKind: XdomeaMessageKind | undefined;
  /** The DMS accepted (imported or received) the message. */
  accepted: boolean;
  /** When the DMS created the confirmation (Kopf/Erstellungszeitpunkt, as written). */
  createdAt: string;
  records?: XdomeaConfirmedRecord[];
  /** Why it was not accepted: the DMS's error messages and codes, joined. */
  error?: string;
}

/** A confirmation file that could not be read as one. */
export class XdomeaConfirmationError extends Error {
  override readonly name = 'XdomeaConfirmationError';
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Codes such as "0402" and "0000000" must stay strings.
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) =>
    [
      'AbgegebenesObjekt',
      'Rueckmeldung',
      'Rueckgabeparameter',
      'Fehlermeldung',
      'FehlermeldungCode',
    ].includes(name),
});

type Node = Record<string, unknown>;

function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null ? (value as Node) : {};
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isTrue(value: unknown): boolean {
  const text = asText(value);
  return text === 'true' || text === '1';
}

/** "code: name" of an XÖV code element, or its code alone. */
function codeText(value: unknown): string | undefined {
  const node = asNode(value);
  const code = asText(node.code);
  if (code === undefined) return undefined;
  const name = asText(node.name);
  return name ? `${code}: ${name}` : code;
}

/**
 * Maps one confirmation message (already schema-valid) to an XdomeaConfirmation.
 * Throws XdomeaConfirmationError for XML that is no xdomea confirmation.
 */
export function parseXdomeaConfirmation(xml: string): XdomeaConfirmation {
  let document: Node;
  try {
    document = asNode(parser.parse(xml, true));
  } catch (error) {
    throw new XdomeaConfirmationError(`not well-formed XML: ${(error as Error).message}`);
  }
  const rootName = Object.keys(document).find((key) => !key.startsWith('?'));
  const match = rootName ? /^(.+)\.(\d{4})$/.exec(rootName) : null;
  if (!rootName || !match)
    throw new XdomeaConfirmationError(`no xdomea message: root element ${rootName ?? 'missing'}`);
  const [, messageName, messageCode] = match as unknown as [string, string, string];
  if (!Object.hasOwn(xdomeaConfirmationMessages, messageCode)) {
    throw new XdomeaConfirmationError(`not a confirmation message: ${rootName}`);
  }
  const known = xdomeaConfirmationMessages[messageCode as XdomeaConfirmationCode];
  if (known.name !== messageName) throw new XdomeaConfirmationError(`unknown message ${rootName}`);
  const root = asNode(document[rootName]);
  const head = asNode(root.Kopf);
  const processId = asText(head.ProzessID);
  if (!processId) throw new XdomeaConfirmationError(`${rootName} has no Kopf/ProzessID`);
  const headCode = asText(asNode(head.Nachrichtentyp).code);
  if (headCode !== messageCode) {
    throw new XdomeaConfirmationError(`${rootName} names message type ${headCode ?? 'none'} in its head`);
  }
  const base = {
    processId: processId.toLowerCase(),
    messageCode: messageCode as XdomeaConfirmationCode,
    messageName,
    confirmation: known.confirmation,
    messageKind: known.confirms as XdomeaMessageKind | undefined,
    createdAt: asText(head.Erstellungszeitpunkt) ?? '',
  };

  if (messageCode === '0402') {
    const records = asList(root.AbgegebenesObjekt).map((item): XdomeaConfirmedRecord => {
      const node = asNode(item);
      const errors = [
        ...asList(node.Fehlermeldung).map(asText),
        ...asList(node.FehlermeldungCode).map(codeText),
      ].filter((e): e is string => e !== undefined && e !== '');
      return { id: asText(node.IDSGO)?.toLowerCase(), accepted: isTrue(node.Erfolgreich), errors };
    });
    const accepted = records.length > 0 && records.every((r) => r.accepted);
    const failed = records.filter((r) => !r.accepted);
    const error = failed
      .map((r) => `${r.id ?? '?'}: ${r.errors?.length ? r.errors.join('; ') : 'not imported'}`)
      .join(' | ');
    return { ...base, accepted, records, ...(accepted ? {} : { error }) };
  }

  if (messageCode === '0630') {
    let kind: XdomeaMessageKind | undefined;
    /** One Rueckmeldung (a choice of one element): undefined when it reports success. */
    const problemOf = (item: unknown): string | undefined => {
      const [key, value] = Object.entries(asNode(item))[0] ?? [];
      if (key === 'AllgemeineRueckmeldung' && asText(asNode(value).code) === XDOMEA_FEEDBACK_SUCCESS)
        return undefined;
      if (key === 'SpezifischeFehlermeldung0604') kind = 'create';
      if (key === 'SpezifischeFehlermeldung0605') kind = 'file';
      const text = key === 'SonstigeFehlermeldung' ? asText(value) : codeText(value);
      return `${key ?? 'Rueckmeldung'}: ${text ?? ''}`.trim();
    };
    const result = asNode(root.ErfolgOderMisserfolg);
    const feedback = asList(result.Rueckmeldung);
    const problems = feedback.map(problemOf).filter((p): p is string => p !== undefined);
    const records = asList(result.Rueckgabeparameter).map((item): XdomeaConfirmedRecord => {
      const node = asNode(item);
      const id = asText(node.IDSGO);
      const location = asText(asNode(node.Parameter).Ablageort);
      const errors = asList(node.Rueckmeldung)
        .map(problemOf)
        .filter((p): p is string => p !== undefined);
      return {
        ...(id ? { id: id.toLowerCase() } : {}),
        accepted: isTrue(node.Erfolgreich),
        ...(location ? { location } : {}),
        errors,
      };
    });
    for (const record of records.filter((r) => !r.accepted)) {
      problems.push(`${record.id ?? 'Schriftgutobjekt'}: ${record.errors?.join('; ') || 'not imported'}`);
    }
    const accepted = problems.length === 0 && feedback.length > problems.length;
    return {
      ...base,
      messageKind: kind,
      accepted,
      records,
      ...(accepted ? {} : { error: problems.join(' | ') || 'no feedback' }),
    };
  }

  // 0403, 0629: receipts; the DMS has the message.
  return { ...base, accepted: true };
}
