/**
 * Validation of xdomea 3.0.0 messages against the official XSDs (copied unchanged into
 * standards/xdomea-3.0.0/ at the repository root), with libxml2's xmllint compiled to WebAssembly
 * (xmllint-wasm: no native tool, no network; it runs in a worker thread).
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

/** One schema violation (or well-formedness error) xmllint reported. */
export interface XdomeaValidationIssue {
  message: string;
  /** Line in the message XML, when xmllint names one. */
  line: number | null;
}

export interface XdomeaValidationResult {
  valid: boolean;
  errors: XdomeaValidationIssue[];
}

/**
 * The standards folder: beside src/ in a checkout (src/server/efile/ → three levels up), beside dist/ in the
 * compiled server (dist/server/ → two levels up). A deployment ships the folder with the code.
 */
export function xdomeaStandardsDir(): string {
  const candidates = ['../../../standards/xdomea-3.0.0/', '../../standards/xdomea-3.0.0/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'schemes', 'xdomea-Baukasten.xsd'))) ?? candidates[0]!;
}

/**
 * The root schema handed to xmllint: the two official message schemas the Mobiles Rathaus sends and receives
 * (Fachverfahrensdaten 06xx, Abgabe 04xx), included unchanged, like xdomea.xsd includes all of them.
 */
const ROOT_SCHEMA_NAME = 'schemes/mobiles-rathaus-xdomea.xsd';
const ROOT_SCHEMA = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:xoev-de:xdomea:schema:3.0.0"
  version="3.0.0" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:include schemaLocation="xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd"/>
  <xs:include schemaLocation="xdomea-Nachrichten-AbgabeDurchfuehren.xsd"/>
</xs:schema>
`;

let schemaFiles: Promise<XMLFileInfo[]> | undefined;

/** The XSDs the root schema needs, read once per process (relative names as the includes and imports use). */
function loadSchemaFiles(): Promise<XMLFileInfo[]> {
  schemaFiles ??= (async () => {
    const dir = xdomeaStandardsDir();
    const names = (await readdir(join(dir, 'schemes'))).filter((name) => name.endsWith('.xsd')).sort();
    const files = await Promise.all(
      [...names.map((name) => `schemes/${name}`), 'xoev/code/1_0/xoev-code.xsd'].map(async (fileName) => ({
        fileName,
        contents: await readFile(join(dir, fileName), 'utf8'),
      })),
    );
    return files;
  })().catch((error: unknown) => {
    schemaFiles = undefined;
    throw error;
  });
  return schemaFiles;
}

/**
 * Each validation runs xmllint in a worker thread of its own (about 1 s, mostly compiling the schemas): at most
 * this many at once, so a burst of hand-offs does not start a worker per message on a small machine.
 */
const MAX_CONCURRENT_VALIDATIONS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withValidationSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_VALIDATIONS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * Validates one message XML against the xdomea 3.0.0 schemas for FVDaten (0601–0632) and Abgabe
 * (0401–0403) messages. Any other root element, and XML that is not well-formed, is invalid.
 */
export async function validateXdomeaMessage(xml: string): Promise<XdomeaValidationResult> {
  const preload = await loadSchemaFiles();
  const result = await withValidationSlot(() =>
    validateXML({
      xml: [{ fileName: 'message.xml', contents: xml }],
      schema: [{ fileName: ROOT_SCHEMA_NAME, contents: ROOT_SCHEMA }],
      preload,
    }),
  );
  return {
    valid: result.valid,
    errors: result.errors.map((error) => ({
      message: error.message.trim(),
      line: error.loc?.fileName === 'message.xml' ? error.loc.lineNumber : null,
    })),
  };
}

/** Thrown when a message the product built does not validate: it is never handed off. */
export class XdomeaSchemaError extends Error {
  override readonly name = 'XdomeaSchemaError';
  constructor(
    readonly messageName: string,
    readonly errors: readonly XdomeaValidationIssue[],
  ) {
    super(
      `${messageName} does not validate against the xdomea 3.0.0 schema: ` +
        errors
          .slice(0, 5)
          .map((e) => (e.line === null ? e.message : `line ${e.line}: ${e.message}`))
          .join('; '),
    );
  }
}
