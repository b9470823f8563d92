// Confirmations as a city's DMS sends them back (xdomea 3.0.0), for the hand-off tests.
import { create } from 'xmlbuilder2';
import { XDOMEA_NAMESPACE } from '../../src/server/efile/index.ts';

/** Builds a confirmation as a DMS would (xmlbuilder2, namespaced), for the inbox tests. */
export function confirmationXml(
  code: '0402' | '0630',
  processId: string,
  body: (root: ReturnType<ReturnType<typeof create>['ele']>) => void,
): string {
  const names = { '0402': 'Abgabe.ImportBestaetigen', '0630': 'FVDaten.ImportBestaetigen' };
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(XDOMEA_NAMESPACE, `xdomea:${names[code]}.${code}`);
  const kopf = root.ele(XDOMEA_NAMESPACE, 'xdomea:Kopf');
  kopf.ele(XDOMEA_NAMESPACE, 'xdomea:ProzessID').txt(processId);
  kopf.ele(XDOMEA_NAMESPACE, 'xdomea:Nachrichtentyp').ele('code').txt(code);
  kopf.ele(XDOMEA_NAMESPACE, 'xdomea:Erstellungszeitpunkt').txt('2026-12-07T11:00:00+01:00');
  kopf
    .ele(XDOMEA_NAMESPACE, 'xdomea:Absender')
    .ele(XDOMEA_NAMESPACE, 'xdomea:Institution')
    .ele(XDOMEA_NAMESPACE, 'xdomea:Name')
    .txt('E-Akte der Stadt Gütersloh');
  kopf
    .ele(XDOMEA_NAMESPACE, 'xdomea:Empfaenger')
    .ele(XDOMEA_NAMESPACE, 'xdomea:Institution')
    .ele(XDOMEA_NAMESPACE, 'xdomea:Name')
    .txt('Stadt Gütersloh');
  if (code === '0630') kopf.ele(XDOMEA_NAMESPACE, 'xdomea:FVSessionID').txt('session-1');
  body(root);
  return doc.end({ prettyPrint: true });
}

/** A 0630 (FVDaten.ImportBestaetigen) that accepts a 0604/0605, naming the DMS's record id. */
export function acceptedFvConfirmation(
  processId: string,
  dmsRecordId: string,
  location = 'Akte 32/1',
): string {
  return confirmationXml('0630', processId, (root) => {
    const result = root.ele(XDOMEA_NAMESPACE, 'xdomea:ErfolgOderMisserfolg');
    result
      .ele(XDOMEA_NAMESPACE, 'xdomea:Rueckmeldung')
      .ele(XDOMEA_NAMESPACE, 'xdomea:AllgemeineRueckmeldung')
      .ele('code')
      .txt('0000000');
    const parameter = result.ele(XDOMEA_NAMESPACE, 'xdomea:Rueckgabeparameter');
    parameter.ele(XDOMEA_NAMESPACE, 'xdomea:IDSGO').txt(dmsRecordId);
    parameter
      .ele(XDOMEA_NAMESPACE, 'xdomea:Parameter')
      .ele(XDOMEA_NAMESPACE, 'xdomea:Ablageort')
      .txt(location);
    parameter.ele(XDOMEA_NAMESPACE, 'xdomea:Erfolgreich').txt('true');
  });
}

/** A 0402 (Abgabe.ImportBestaetigen) for a 0401: the record imported, or refused with a reason. */
export function handOverConfirmation(processId: string, recordId: string, accepted: boolean): string {
  return confirmationXml('0402', processId, (root) => {
    const item = root.ele(XDOMEA_NAMESPACE, 'xdomea:AbgegebenesObjekt');
    item.ele(XDOMEA_NAMESPACE, 'xdomea:IDSGO').txt(recordId);
    item.ele(XDOMEA_NAMESPACE, 'xdomea:Erfolgreich').txt(String(accepted));
    if (!accepted) {
      item.ele(XDOMEA_NAMESPACE, 'xdomea:Fehlermeldung').txt('Aktenplaneinheit fehlt');
    }
  });
}

/** A 0630 (FVDaten.ImportBestaetigen) that refuses a 0604/0605 with the DMS's reason. */
export function refusedFvConfirmation(processId: string, reason = 'Aktenplaneinheit fehlt'): string {
  return confirmationXml('0630', processId, (root) => {
    root
      .ele(XDOMEA_NAMESPACE, 'xdomea:ErfolgOderMisserfolg')
      .ele(XDOMEA_NAMESPACE, 'xdomea:Rueckmeldung')
      .ele(XDOMEA_NAMESPACE, 'xdomea:SonstigeFehlermeldung')
      .txt(reason);
  });
}
