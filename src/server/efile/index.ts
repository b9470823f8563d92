/**
 * Hand-off to the e-file (issue 11, point 4): xdomea 3.0.0 messages in ZIP containers, written into a
 * transfer directory the city's DMS imports from, and the DMS's confirmations read from an inbox directory.
 * No database table of its own: the case hand-off records what was sent and what came back.
 *
 * Typical use (one hand-off step):
 *   const container = await buildXdomeaContainer(input);               // checks input, validates the XML
 *   await writeToTransferDir(config.efile.transferDir, container.fileName, container.zip);
 *   …later, in a job: await readInboundConfirmations(config.efile.inboxDir, { onConfirmation });
 */
export {
  checkXdomeaMessageInput,
  primaryDocumentFileName,
  xdomeaConfirmationMessages,
  xdomeaContainerFileName,
  xdomeaMessageFileName,
  xdomeaMessageName,
  xdomeaOutgoingMessages,
  type XdomeaCase,
  type XdomeaConfirmationCode,
  type XdomeaDocument,
  type XdomeaMediaType,
  type XdomeaMessageInput,
  type XdomeaMessageKind,
  type XdomeaRecipient,
  type XdomeaSender,
} from '../../domain/xdomea.ts';
export { buildXdomeaMessageXml, XDOMEA_NAMESPACE } from './xdomeaMessage.ts';
export { buildXdomeaContainer, type XdomeaContainer } from './xdomeaContainer.ts';
export {
  validateXdomeaMessage,
  XdomeaSchemaError,
  type XdomeaValidationIssue,
  type XdomeaValidationResult,
} from './xdomeaSchema.ts';
export {
  parseXdomeaConfirmation,
  XdomeaConfirmationError,
  type XdomeaConfirmation,
  type XdomeaConfirmedRecord,
} from './xdomeaConfirmation.ts';
export {
  readInboundConfirmations,
  writeToTransferDir,
  type InboundConfirmation,
  type InboundReadOptions,
  type InboundReadResult,
  type RejectedInboundFile,
} from './transferDir.ts';
