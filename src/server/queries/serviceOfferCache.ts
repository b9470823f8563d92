import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Compute<Offer> = (
  db: Kysely<Database>,
  municipalityId: string,
  unitIds: string[],
) => Promise<Map<string, Offer>>;

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

/**
 * The service offer of each unit, kept per process and municipality under the municipality's offer version
 * (`service_offer_versions`, migration 043): triggers set a new version on every change to services, their
 * equipment needs, equipment kinds, units, unit equipment and equipment items, in whichever process. Each
 * read costs one primary-key lookup of the version; the offer is computed again only when it moved.
 *
 * The version is read before the offer's tables, so a change committed during a computation leaves the
 * cached offer tagged with the older version: stale, and computed again on the next read, never wrong.
 * Versions are random UUIDs: one seen inside a transaction that rolls back is never reused, and two databases
 * in one process (tests) share a version only while they hold the same offer.
 * The cached offers are frozen: callers share them.
 */
export class ServiceOfferCache<Offer> {
  private readonly byMunicipality = new Map<string, { version: string; units: Map<string, Offer> }>();

  constructor(private readonly compute: Compute<Offer>) {}

  /**
   * `knownVersion`: the version the caller has already read (e.g. with the stop it locked; null: none), so
   * the lookup is not sent again.
   */
  async offers(
    db: Kysely<Database>,
    municipalityId: string,
    unitIds: string[],
    knownVersion?: string | null,
  ): Promise<Map<string, Offer>> {
    if (unitIds.length === 0) return new Map();
    const row =
      knownVersion !== undefined
        ? knownVersion === null
          ? undefined
          : { version: knownVersion }
        : await db
            .selectFrom('service_offer_versions')
            .select('version')
            .where('municipality_id', '=', municipalityId)
            .executeTakeFirst();
    // A municipality without a version yet (created outside the triggers): computed on every read.
    if (!row) return this.compute(db, municipalityId, unitIds);
    const version = String(row.version);
    let entry = this.byMunicipality.get(municipalityId);
    if (!entry || entry.version !== version) {
      entry = { version, units: new Map() };
      this.byMunicipality.set(municipalityId, entry);
    }
    const missing = [...new Set(unitIds.filter((unitId) => !entry.units.has(unitId)))];
    if (missing.length > 0) {
      const computed = await this.compute(db, municipalityId, missing);
      for (const unitId of missing) {
        const offer = computed.get(unitId);
        if (offer !== undefined) entry.units.set(unitId, deepFreeze(offer));
      }
    }
    const result = new Map<string, Offer>();
    for (const unitId of unitIds) {
      const offer = entry.units.get(unitId);
      if (offer !== undefined) result.set(unitId, offer);
    }
    return result;
  }

  /** Forgets everything (tests that compare a fresh computation). */
  clear(): void {
    this.byMunicipality.clear();
  }
}
