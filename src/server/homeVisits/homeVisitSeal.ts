/**
 * The personal part of a home visit (address, person visited, reason and its details, phone, position) sealed
 * with the document keys (AES-256-GCM, src/server/documents/documentCrypto.ts). The associated data binds the
 * ciphertext to its municipality and `home-visit/<id>`, so it cannot be moved onto another row.
 */
import type { AppConfig } from '../../config.ts';
import type { HomeVisitReason } from '../../domain/homeVisits.ts';
import { decryptDocument, encryptDocument } from '../documents/documentCrypto.ts';
import { documentKeyring } from '../documents/documentKeys.ts';

export interface HomeVisitPersonal {
  /** The person visited. */
  personName: string;
  street: string;
  postcode: string;
  city: string;
  /** Floor, care home's ward, how to find the door. */
  addressNote: string;
  phone: string;
  reason: HomeVisitReason;
  reasonDetails: string;
  lat: number;
  lon: number;
}

export interface SealedColumns {
  sealed_key_id: string;
  sealed_iv: Buffer;
  sealed_auth_tag: Buffer;
  sealed_data: Buffer;
}

type KeyConfig = Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>;
const binding = (municipalityId: string, visitId: string) => ({
  municipalityId,
  documentId: `home-visit/${visitId}`,
});

export async function sealHomeVisit(
  config: KeyConfig,
  municipalityId: string,
  visitId: string,
  personal: HomeVisitPersonal,
): Promise<SealedColumns> {
  const sealed = await encryptDocument(
    documentKeyring(config),
    binding(municipalityId, visitId),
    Buffer.from(JSON.stringify(personal), 'utf8'),
  );
  return {
    sealed_key_id: sealed.keyId,
    sealed_iv: sealed.iv,
    sealed_auth_tag: sealed.authTag,
    sealed_data: sealed.ciphertext,
  };
}

export async function unsealHomeVisit(
  config: KeyConfig,
  municipalityId: string,
  visitId: string,
  row: {
    sealed_key_id: string | null;
    sealed_iv: Uint8Array | null;
    sealed_auth_tag: Uint8Array | null;
    sealed_data: Uint8Array | null;
  },
): Promise<HomeVisitPersonal | null> {
  if (!row.sealed_key_id || !row.sealed_iv || !row.sealed_auth_tag || !row.sealed_data) return null;
  const bytes = await decryptDocument(documentKeyring(config), binding(municipalityId, visitId), {
    keyId: row.sealed_key_id,
    iv: Buffer.from(row.sealed_iv),
    authTag: Buffer.from(row.sealed_auth_tag),
    ciphertext: Buffer.from(row.sealed_data),
  });
  return JSON.parse(bytes.toString('utf8')) as HomeVisitPersonal;
}
