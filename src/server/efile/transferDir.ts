/**
 * The transfer directories between the Mobiles Rathaus and the city's DMS (d.3, enaio, VIS … import xdomea
 * containers from a shared folder):
 * - outbox (EFILE_TRANSFER_DIR): containers are written atomically, so the DMS never sees a partial file;
 * - inbox (EFILE_INBOX_DIR): the DMS's confirmations, read, handed to the caller and moved to `processed/`,
 *   or moved to `rejected/` with a `<name>.reason.txt` when they cannot be read.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { parseXdomeaConfirmation, type XdomeaConfirmation } from './xdomeaConfirmation.ts';
import { validateXdomeaMessage } from './xdomeaSchema.ts';

/** Temporary files start with this and end with TEMP_SUFFIX: a DMS importer must ignore them (and dot files). */
const TEMP_PREFIX = '.';
const TEMP_SUFFIX = '.part';

function checkFileName(fileName: string): void {
  if (
    fileName === '' ||
    fileName !== basename(fileName) ||
    fileName.includes('\\') ||
    fileName.startsWith('.') ||
    fileName.endsWith(TEMP_SUFFIX)
  ) {
    throw new Error(`not a plain file name for the transfer directory: "${fileName}"`);
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file into the transfer directory atomically: into a hidden temporary file in the same directory
 * (".<name>.<uuid>.part"), flushed to disk (fsync), then renamed to its name and the directory flushed.
 * The DMS sees the complete file or none; on any failure the temporary file is removed and the error thrown.
 * A file of the same name is replaced (a retried hand-off writes the same message again).
 * Creates the directory if missing. Returns the file name.
 */
export async function writeToTransferDir(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  checkFileName(fileName);
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, `${TEMP_PREFIX}${fileName}.${randomUUID()}${TEMP_SUFFIX}`);
  try {
    const handle = await open(tempPath, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, join(dir, fileName));
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
  return fileName;
}

/** A file in the inbox that is no readable confirmation: moved to `rejected/`. */
export interface RejectedInboundFile {
  fileName: string;
  reason: string;
}

/** A confirmation as read from the inbox, with the file it came in. */
export interface InboundConfirmation extends XdomeaConfirmation {
  fileName: string;
}

export interface InboundReadResult {
  /** Confirmations read and handed over; their files are in `processed/` now. */
  confirmations: InboundConfirmation[];
  /** Files that are no valid confirmation; they are in `rejected/` now, each with a `.reason.txt`. */
  rejected: RejectedInboundFile[];
  /** Confirmations whose handler threw: their files stay in the inbox and are read again next time. */
  deferred: { fileName: string; error: string }[];
}

export interface InboundReadOptions {
  /**
   * Called for each confirmation before its file moves to `processed/`, e.g. to close the hand-off in the
   * database. If it throws, the file stays in the inbox (read again next time): nothing is lost in a crash.
   * It should be idempotent: a crash after it and before the move hands the same confirmation over again.
   */
  onConfirmation?: (confirmation: InboundConfirmation) => Promise<void> | void;
  /** Largest inbound file read; larger ones are rejected. Default 20 MB. */
  maxBytes?: number;
}

const PROCESSED = 'processed';
const REJECTED = 'rejected';

/** Moves a file into a subfolder, keeping an earlier file of the same name (the newer gets a time prefix). */
async function moveInto(dir: string, sub: string, fileName: string): Promise<string> {
  const target = join(dir, sub);
  await mkdir(target, { recursive: true });
  let name = fileName;
  if (
    await stat(join(target, name)).then(
      () => true,
      () => false,
    )
  ) {
    name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${fileName}`;
  }
  await rename(join(dir, fileName), join(target, name));
  return name;
}

/** The message XML of an inbound file: the file itself (.xml) or the one message inside a container (.zip). */
function messageXmlOf(fileName: string, bytes: Uint8Array): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xml')) return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (lower.endsWith('.zip')) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes, { filter: (file) => file.name.toLowerCase().endsWith('.xml') });
    } catch (error) {
      throw new Error(`not a readable ZIP: ${(error as Error).message}`, { cause: error });
    }
    const xmlFiles = Object.keys(entries);
    if (xmlFiles.length !== 1) throw new Error(`the ZIP holds ${xmlFiles.length} XML files, not one message`);
    return new TextDecoder('utf-8', { fatal: true }).decode(entries[xmlFiles[0]!]);
  }
  throw new Error('neither an .xml message nor a .zip container');
}

/**
 * Reads the DMS's confirmations from the inbox directory (created if missing): every plain file except
 * hidden and `.part` files. Each must be an xdomea 3.0.0 confirmation (0402, 0403, 0629, 0630) as `.xml`,
 * or a `.zip` holding one, valid against the schema. Valid ones go to `onConfirmation` and then to
 * `processed/`; the others to `rejected/` with a reason file. Files are handled in name order.
 */
export async function readInboundConfirmations(
  dir: string,
  options: InboundReadOptions = {},
): Promise<InboundReadResult> {
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  await mkdir(dir, { recursive: true });
  const result: InboundReadResult = { confirmations: [], rejected: [], deferred: [] };
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.endsWith(TEMP_SUFFIX))
    .map((e) => e.name)
    .sort();

  for (const fileName of entries) {
    const path = join(dir, fileName);
    let confirmation: InboundConfirmation;
    try {
      const size = (await stat(path)).size;
      if (size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
      const xml = messageXmlOf(fileName, await readFile(path));
      const validation = await validateXdomeaMessage(xml);
      if (!validation.valid) {
        throw new Error(
          `not valid against the xdomea 3.0.0 schema: ${validation.errors
            .slice(0, 3)
            .map((e) => e.message)
            .join('; ')}`,
        );
      }
      confirmation = { ...parseXdomeaConfirmation(xml), fileName };
    } catch (error) {
      const reason = (error as Error).message;
      const movedAs = await moveInto(dir, REJECTED, fileName);
      await writeFile(join(dir, REJECTED, `${movedAs}.reason.txt`), `${reason}\n`);
      result.rejected.push({ fileName, reason });
      continue;
    }
    try {
      await options.onConfirmation?.(confirmation);
    } catch (error) {
      result.deferred.push({ fileName, error: (error as Error).message });
      continue;
    }
    await moveInto(dir, PROCESSED, fileName);
    result.confirmations.push(confirmation);
  }
  return result;
}
