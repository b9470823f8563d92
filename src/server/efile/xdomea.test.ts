// The xdomea hand-off without a database: build each message kind with two documents, write the container
// into a transfer directory, unzip it with another library (jszip) and validate the message with xmllint-wasm
// directly against the official message schema; read confirmations from an inbox.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { loadConfig } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  buildXdomeaContainer,
  buildXdomeaMessageXml,
  readInboundConfirmations,
  validateXdomeaMessage,
  writeToTransferDir,
  XDOMEA_NAMESPACE,
  type XdomeaMessageInput,
  type XdomeaMessageKind,
} from './index.ts';
import { xdomeaStandardsDir, XdomeaSchemaError } from './xdomeaSchema.ts';
import { confirmationXml } from '../../../test/support/xdomeaConfirmations.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const png = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

function sampleInput(messageKind: XdomeaMessageKind): XdomeaMessageInput {
  return {
    messageKind,
    processId: randomUUID(),
    createdAt: new Date('2026-12-07T10:15:00Z'),
    sender: {
      municipality: 'Stadt Gütersloh',
      departmentName: 'Bürgerbüro',
      systemName: 'Mobiles Rathaus',
      systemVersion: '0.1.0',
    },
    recipient: { name: 'E-Akte der Stadt Gütersloh', systemId: 'dms-guetersloh', productName: 'd.3' },
    case: {
      id: randomUUID(),
      caseNumber: 'MR-2026-000123',
      title: 'Wohnsitz ummelden & Meldebescheinigung <Haupt-/Nebenwohnung>',
      serviceName: 'Wohnsitz ummelden',
      serviceId: 'svc-ummeldung',
      departmentName: 'Bürgerbüro',
      openedAt: new Date('2026-12-01T09:00:00Z'),
      retentionYears: 10,
      status: 'handed_off',
      ...(messageKind === 'handOver' ? { closedAt: new Date('2026-12-06T15:00:00Z') } : {}),
    },
    documents: [
      {
        id: randomUUID(),
        fileName: 'Antrag unterschrieben.pdf',
        mediaType: 'application/pdf',
        title: 'Antrag (unterschrieben)',
        capturedAt: new Date('2026-12-01T09:12:00Z'),
        bytes: pdf,
      },
      {
        id: randomUUID(),
        fileName: 'Foto Ausweis.png',
        mediaType: 'image/png',
        title: 'Ausweiskopie',
        capturedAt: new Date('2026-12-01T09:14:00Z'),
        bytes: png,
      },
    ],
  };
}

let schemaFiles: Map<string, string>;
let workDir: string;

beforeAll(async () => {
  const dir = xdomeaStandardsDir();
  schemaFiles = new Map();
  for (const name of await readdir(join(dir, 'schemes'))) {
    if (name.endsWith('.xsd'))
      schemaFiles.set(`schemes/${name}`, await readFile(join(dir, 'schemes', name), 'utf8'));
  }
  const xoev = 'xoev/code/1_0/xoev-code.xsd';
  schemaFiles.set(xoev, await readFile(join(dir, xoev), 'utf8'));
  workDir = await mkdtemp(join(tmpdir(), 'xdomea-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Validates with xmllint-wasm straight against the official schema of the message's group. */
async function validateAgainstOfficialSchema(xml: string, schemaName: string) {
  const main = `schemes/${schemaName}`;
  const preload: XMLFileInfo[] = [...schemaFiles]
    .filter(([fileName]) => fileName !== main)
    .map(([fileName, contents]) => ({ fileName, contents }));
  return validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [{ fileName: main, contents: schemaFiles.get(main)! }],
    preload,
  });
}

const officialSchema: Record<XdomeaMessageKind, string> = {
  create: 'xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd',
  file: 'xdomea-Nachrichten-FachverfahrensdatenAustauschen.xsd',
  handOver: 'xdomea-Nachrichten-AbgabeDurchfuehren.xsd',
};

const expected: Record<XdomeaMessageKind, { root: string; code: string }> = {
  create: { root: 'FVDaten.SGOErstellen.0604', code: '0604' },
  file: { root: 'FVDaten.SGOAblegen.0605', code: '0605' },
  handOver: { root: 'Abgabe.Abgabe.0401', code: '0401' },
};

const reader = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false });

describe('xdomea containers', () => {
  for (const kind of ['create', 'file', 'handOver'] as const) {
    it(`${expected[kind].root}: two documents, written to the outbox, unzipped and valid against the XSD`, async () => {
      const input = sampleInput(kind);
      const container = await buildXdomeaContainer(input);
      const outbox = join(workDir, `outbox-${kind}`);
      const written = await writeToTransferDir(outbox, container.fileName, container.zip);

      // The xdomea naming convention, and nothing else in the outbox (no temporary file left).
      expect(written).toBe(`${input.processId}_${expected[kind].root}.zip`);
      expect(await readdir(outbox)).toEqual([written]);

      const zip = await JSZip.loadAsync(await readFile(join(outbox, written)));
      const names = Object.keys(zip.files).sort();
      const messageName = `${input.processId}_${expected[kind].root}.xml`;
      expect(names).toEqual([messageName, ...container.documentFileNames].sort());
      expect(names).toHaveLength(3);

      const xml = await zip.file(messageName)!.async('string');
      expect(xml).toBe(container.messageXml);
      const official = await validateAgainstOfficialSchema(xml, officialSchema[kind]);
      expect(official.errors).toEqual([]);
      expect(official.valid).toBe(true);
      expect(await validateXdomeaMessage(xml)).toEqual({ valid: true, errors: [] });

      // The message references each document by the name it has in the ZIP, and the bytes are the document's.
      const parsed = reader.parse(xml) as Record<string, unknown>;
      const root = parsed[expected[kind].root] as { Kopf: Record<string, unknown> };
      expect(root.Kopf.ProzessID).toBe(input.processId);
      expect((root.Kopf.Nachrichtentyp as { code: string }).code).toBe(expected[kind].code);
      const referenced = [...xml.matchAll(/<xdomea:Dateiname>([^<]+)<\/xdomea:Dateiname>/g)].map((m) => m[1]);
      expect(referenced).toEqual(container.documentFileNames);
      for (const [i, document] of input.documents.entries()) {
        const name = container.documentFileNames[i]!;
        expect(name.startsWith(`${document.id}_`)).toBe(true);
        expect(await zip.file(name)!.async('uint8array')).toEqual(document.bytes);
      }
      // The case's metadata made it into the message (text escaped by the builder); `file` names the record.
      expect(xml).toContain('<xdomea:Kennzeichen>MR-2026-000123</xdomea:Kennzeichen>');
      if (kind === 'file') {
        expect(xml).toContain(`<xdomea:IDContainer>${input.case.id}</xdomea:IDContainer>`);
      } else {
        expect(xml).toContain('Meldebescheinigung &lt;Haupt-/Nebenwohnung&gt;');
        expect(xml).toContain('<xdomea:AnzahlJahre>10</xdomea:AnzahlJahre>');
        expect(xml).toContain(`<xdomea:ID>${input.case.id}</xdomea:ID>`);
      }
    });
  }

  it('the validator finds a broken message: missing process id, unknown message type, process id no UUID', async () => {
    const xml = buildXdomeaMessageXml(sampleInput('file'));
    // Several at once wait for a validation slot and all finish.
    const together = await Promise.all([1, 2, 3, 4].map(() => validateXdomeaMessage(xml)));
    expect(together.map((r) => r.valid)).toEqual([true, true, true, true]);

    const withoutProcessId = xml.replace(/<xdomea:ProzessID>[^<]*<\/xdomea:ProzessID>/, '');
    const missing = await validateXdomeaMessage(withoutProcessId);
    expect(missing.valid).toBe(false);
    expect(missing.errors.map((e) => e.message).join('\n')).toMatch(
      /Expected is \( \{urn:xoev-de:xdomea:schema:3.0.0\}ProzessID \)/,
    );

    const unknownType = await validateXdomeaMessage(xml.replace('<code>0605</code>', '<code>0699</code>'));
    expect(unknownType.valid).toBe(false);
    expect(unknownType.errors[0]!.line).toBeGreaterThan(1);

    const badUuid = await validateXdomeaMessage(xml.replace(/(<xdomea:ProzessID>)[^<]*/, '$1MR-2026-1'));
    expect(badUuid.valid).toBe(false);
    expect((await validateAgainstOfficialSchema(withoutProcessId, officialSchema.file)).valid).toBe(false);

    expect((await validateXdomeaMessage('<not-closed>')).valid).toBe(false);
    const foreign = `<?xml version="1.0"?><x:Other xmlns:x="${XDOMEA_NAMESPACE}"/>`;
    expect((await validateXdomeaMessage(foreign)).valid).toBe(false);

    // What buildXdomeaContainer throws for such a message (it writes nothing then).
    const error = new XdomeaSchemaError('FVDaten.SGOAblegen.0605', missing.errors);
    expect(error.message).toMatch(/^FVDaten\.SGOAblegen\.0605 does not validate .*line \d+: .*ProzessID/);
  });

  it('refuses bad input with a clear error naming the field, and writes nothing', async () => {
    const unsupported = sampleInput('handOver');
    unsupported.documents = [{ ...unsupported.documents[0]!, mediaType: 'image/gif' as 'image/png' }];
    await expect(buildXdomeaContainer(unsupported)).rejects.toMatchObject({
      code: 'validation',
      field: 'documents[0].mediaType',
    });

    const noCaseNumber = sampleInput('create');
    noCaseNumber.case = { ...noCaseNumber.case, caseNumber: '' };
    const error: unknown = await buildXdomeaContainer(noCaseNumber).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ field: 'case.caseNumber', message: 'case.caseNumber must not be empty' });
  });
});

describe('transfer directory', () => {
  it('defaults to folders under DATA_DIR and a day before writing again; EFILE_* override them', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/mr' }).efile).toEqual({
      transferDir: '/srv/mr/efile/outbox',
      inboxDir: '/srv/mr/efile/inbox',
      resendAfterHours: 24,
    });
    const set = loadConfig({
      NODE_ENV: 'test',
      EFILE_TRANSFER_DIR: '/mnt/dms/in',
      EFILE_INBOX_DIR: '/mnt/dms/out',
      EFILE_RESEND_HOURS: '6',
    });
    expect(set.efile).toEqual({ transferDir: '/mnt/dms/in', inboxDir: '/mnt/dms/out', resendAfterHours: 6 });
    expect(() => loadConfig({ NODE_ENV: 'test', EFILE_RESEND_HOURS: '0' })).toThrow(/EFILE_RESEND_HOURS/);
  });

  it('writes atomically: a failed write leaves neither a partial nor a temporary file', async () => {
    const outbox = join(workDir, 'outbox-failing');
    // The target name is taken by a non-empty folder: the final rename fails after the data was written.
    await mkdir(join(outbox, 'blocked.zip', 'inside'), { recursive: true });
    await expect(writeToTransferDir(outbox, 'blocked.zip', new Uint8Array(1024))).rejects.toThrow();
    expect(await readdir(outbox)).toEqual(['blocked.zip']);

    await writeToTransferDir(outbox, 'ok.zip', new Uint8Array([1, 2, 3]));
    await writeToTransferDir(outbox, 'ok.zip', new Uint8Array([4, 5]));
    expect([...(await readFile(join(outbox, 'ok.zip')))]).toEqual([4, 5]);
    expect((await readdir(outbox)).sort()).toEqual(['blocked.zip', 'ok.zip']);
  });

  it('refuses file names that leave the folder or look like temporary files', async () => {
    const outbox = join(workDir, 'outbox-names');
    for (const name of ['../escape.zip', 'a/b.zip', '.hidden.zip', 'x.zip.part', '']) {
      await expect(writeToTransferDir(outbox, name, new Uint8Array([1]))).rejects.toThrow(/plain file name/);
    }
    expect(existsSync(join(workDir, 'escape.zip'))).toBe(false);
  });
});

describe('inbound confirmations', () => {
  it('reads 0402 and 0630 confirmations, moves them to processed/ and garbage to rejected/ with a reason', async () => {
    const inbox = join(workDir, 'inbox');
    await mkdir(inbox, { recursive: true });
    const handOver = randomUUID();
    const created = randomUUID();
    const failed = randomUUID();
    const recordId = randomUUID();
    const dmsId = randomUUID();

    const importConfirmed = confirmationXml('0402', handOver, (root) => {
      const item = root.ele(XDOMEA_NAMESPACE, 'xdomea:AbgegebenesObjekt');
      item.ele(XDOMEA_NAMESPACE, 'xdomea:IDSGO').txt(recordId);
      item.ele(XDOMEA_NAMESPACE, 'xdomea:Erfolgreich').txt('true');
    });
    const fvConfirmed = confirmationXml('0630', created, (root) => {
      const result = root.ele(XDOMEA_NAMESPACE, 'xdomea:ErfolgOderMisserfolg');
      result
        .ele(XDOMEA_NAMESPACE, 'xdomea:Rueckmeldung')
        .ele(XDOMEA_NAMESPACE, 'xdomea:AllgemeineRueckmeldung')
        .ele('code')
        .txt('0000000');
      const parameter = result.ele(XDOMEA_NAMESPACE, 'xdomea:Rueckgabeparameter');
      parameter.ele(XDOMEA_NAMESPACE, 'xdomea:IDSGO').txt(dmsId);
      parameter
        .ele(XDOMEA_NAMESPACE, 'xdomea:Parameter')
        .ele(XDOMEA_NAMESPACE, 'xdomea:Ablageort')
        .txt('Akte 32/1');
      parameter.ele(XDOMEA_NAMESPACE, 'xdomea:Erfolgreich').txt('true');
    });
    const fvRefused = confirmationXml('0630', failed, (root) => {
      root
        .ele(XDOMEA_NAMESPACE, 'xdomea:ErfolgOderMisserfolg')
        .ele(XDOMEA_NAMESPACE, 'xdomea:Rueckmeldung')
        .ele(XDOMEA_NAMESPACE, 'xdomea:SonstigeFehlermeldung')
        .txt('Aktenplaneinheit fehlt');
    });
    for (const xml of [importConfirmed, fvConfirmed, fvRefused]) {
      expect(await validateXdomeaMessage(xml)).toEqual({ valid: true, errors: [] });
    }
    await writeFile(join(inbox, `${handOver}_Abgabe.ImportBestaetigen.0402.xml`), importConfirmed);
    // A confirmation may also come as a container.
    const zip = new JSZip();
    zip.file(`${created}_FVDaten.ImportBestaetigen.0630.xml`, fvConfirmed);
    await writeFile(
      join(inbox, `${created}_FVDaten.ImportBestaetigen.0630.zip`),
      await zip.generateAsync({ type: 'uint8array' }),
    );
    await writeFile(join(inbox, `${failed}_FVDaten.ImportBestaetigen.0630.xml`), fvRefused);
    await writeFile(join(inbox, 'garbage.xml'), 'this is <not xml');
    // Well-formed, but not a confirmation: our own hand-over message.
    await writeFile(join(inbox, 'own.xml'), buildXdomeaMessageXml(sampleInput('handOver')));
    // Schema-invalid 0402 (no AbgegebenesObjekt).
    await writeFile(
      join(inbox, 'incomplete.xml'),
      confirmationXml('0402', randomUUID(), () => {}),
    );
    await writeFile(join(inbox, 'notes.txt'), 'hello');
    await writeFile(join(inbox, '.in-progress.xml.part'), 'partial');

    const seen: string[] = [];
    const result = await readInboundConfirmations(inbox, {
      onConfirmation: (c) => void seen.push(c.processId),
    });

    expect(result.deferred).toEqual([]);
    const byProcess = new Map(result.confirmations.map((c) => [c.processId, c]));
    expect(seen.sort()).toEqual([handOver, created, failed].sort());
    expect(byProcess.get(handOver)).toMatchObject({
      messageCode: '0402',
      confirmation: 'import',
      messageKind: 'handOver',
      accepted: true,
      records: [{ id: recordId, accepted: true, errors: [] }],
    });
    expect(byProcess.get(handOver)!.error).toBeUndefined();
    expect(byProcess.get(created)).toMatchObject({
      messageCode: '0630',
      confirmation: 'import',
      accepted: true,
      records: [{ id: dmsId, accepted: true, location: 'Akte 32/1', errors: [] }],
    });
    expect(byProcess.get(failed)).toMatchObject({
      messageCode: '0630',
      accepted: false,
      error: 'SonstigeFehlermeldung: Aktenplaneinheit fehlt',
    });

    const rejected = new Map(result.rejected.map((r) => [r.fileName, r.reason]));
    expect([...rejected.keys()].sort()).toEqual(['garbage.xml', 'incomplete.xml', 'notes.txt', 'own.xml']);
    expect(rejected.get('own.xml')).toMatch(/not a confirmation message: Abgabe\.Abgabe\.0401/);
    expect(rejected.get('incomplete.xml')).toMatch(/not valid against the xdomea 3\.0\.0 schema/);
    expect(rejected.get('notes.txt')).toMatch(/neither an \.xml message nor a \.zip container/);

    expect(await readdir(inbox)).toEqual(
      expect.arrayContaining(['.in-progress.xml.part', 'processed', 'rejected']),
    );
    expect((await readdir(inbox)).filter((n) => !n.startsWith('.')).sort()).toEqual([
      'processed',
      'rejected',
    ]);
    expect((await readdir(join(inbox, 'processed'))).sort()).toEqual(
      [
        `${handOver}_Abgabe.ImportBestaetigen.0402.xml`,
        `${created}_FVDaten.ImportBestaetigen.0630.zip`,
        `${failed}_FVDaten.ImportBestaetigen.0630.xml`,
      ].sort(),
    );
    const rejectedFiles = await readdir(join(inbox, 'rejected'));
    expect(rejectedFiles).toContain('garbage.xml');
    expect(await readFile(join(inbox, 'rejected', 'garbage.xml.reason.txt'), 'utf8')).toMatch(
      /schema|XML|xml/,
    );
  });

  it('keeps a confirmation in the inbox when handing it over fails, and reads it again next time', async () => {
    const inbox = join(workDir, 'inbox-retry');
    await mkdir(inbox, { recursive: true });
    const processId = randomUUID();
    const fileName = `${processId}_Abgabe.ImportBestaetigen.0402.xml`;
    await writeFile(
      join(inbox, fileName),
      confirmationXml('0402', processId, (root) => {
        const item = root.ele(XDOMEA_NAMESPACE, 'xdomea:AbgegebenesObjekt');
        item.ele(XDOMEA_NAMESPACE, 'xdomea:IDSGO').txt(randomUUID());
        item.ele(XDOMEA_NAMESPACE, 'xdomea:Erfolgreich').txt('false');
        item.ele(XDOMEA_NAMESPACE, 'xdomea:Fehlermeldung').txt('Aktenzeichen unbekannt');
      }),
    );
    const first = await readInboundConfirmations(inbox, {
      onConfirmation: () => {
        throw new Error('database down');
      },
    });
    expect(first.confirmations).toEqual([]);
    expect(first.deferred).toEqual([{ fileName, error: 'database down' }]);
    expect(await readdir(inbox)).toContain(fileName);

    const second = await readInboundConfirmations(inbox);
    expect(second.confirmations).toHaveLength(1);
    expect(second.confirmations[0]).toMatchObject({ processId, accepted: false, messageKind: 'handOver' });
    expect(second.confirmations[0]!.error).toMatch(/Aktenzeichen unbekannt/);
    expect(await readdir(join(inbox, 'processed'))).toEqual([fileName]);
  });
});
