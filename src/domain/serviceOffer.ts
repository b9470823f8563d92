/**
 * Which services a stop can offer follows from the unit's equipment: a service is offered iff it is not
 * online-only and every equipment kind it needs is on board. Unavailable services keep their reasons so the
 * UI can explain ("needs a fingerprint scanner" / "only online").
 */

/** Known equipment kinds; other strings are allowed so a municipality can add its own. */
export type EquipmentKind =
  | 'fingerprint_scanner'
  | 'signature_pad'
  | 'document_printer'
  | 'card_terminal'
  | 'lte_vpn'
  | 'camera'
  | (string & {});

export interface ServiceRequirements {
  id: string;
  requiredEquipment: readonly EquipmentKind[];
  /** Services that can only be done online are never offered at a stop. */
  onlineOnly?: boolean | undefined;
}

export type UnavailableReason =
  { kind: 'online_only' } | { kind: 'missing_equipment'; missingEquipment: EquipmentKind[] };

export interface UnavailableService<S extends ServiceRequirements> {
  service: S;
  reasons: UnavailableReason[];
}

export interface ServiceOffer<S extends ServiceRequirements> {
  offered: S[];
  unavailable: UnavailableService<S>[];
}

/** Splits `services` (order kept) into offered and unavailable given the equipment on board. */
export function computeServiceOffer<S extends ServiceRequirements>(
  services: readonly S[],
  equipmentOnBoard: Iterable<EquipmentKind>,
): ServiceOffer<S> {
  const onBoard = new Set(equipmentOnBoard);
  const offer: ServiceOffer<S> = { offered: [], unavailable: [] };
  for (const service of services) {
    const reasons = unavailableReasons(service, onBoard);
    if (reasons.length === 0) offer.offered.push(service);
    else offer.unavailable.push({ service, reasons });
  }
  return offer;
}

export function isServiceOffered(
  service: ServiceRequirements,
  equipmentOnBoard: Iterable<EquipmentKind>,
): boolean {
  return unavailableReasons(service, new Set(equipmentOnBoard)).length === 0;
}

function unavailableReasons(
  service: ServiceRequirements,
  onBoard: ReadonlySet<EquipmentKind>,
): UnavailableReason[] {
  const reasons: UnavailableReason[] = [];
  if (service.onlineOnly === true) reasons.push({ kind: 'online_only' });
  const missingEquipment = [...new Set(service.requiredEquipment)].filter((kind) => !onBoard.has(kind));
  if (missingEquipment.length > 0) reasons.push({ kind: 'missing_equipment', missingEquipment });
  return reasons;
}
