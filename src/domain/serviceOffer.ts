/**
 * Which services a stop can offer follows from the unit's equipment and the department's release: a service
 * is offered iff it is not online-only, its department released it for the stations, its readiness gates are
 * open (e-file live, process reviewed) and every equipment kind it needs is on board. Unavailable services
 * keep their reasons so the UI can explain ("needs a fingerprint scanner" / "not released" / "only online").
 * This is the one source of truth for the offer: the API, the booking check and the pages all ask it.
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
  /** The owning department's release and readiness gates; left out, the service counts as released. */
  readiness?: ServiceReadiness | undefined;
}

/** What a department decides for one of its services before the stations may offer it. */
export interface ServiceReadiness {
  /** The department released the service for the mobile stations. */
  released: boolean;
  /** Gate: the e-file is live for this service. */
  efileLive: boolean;
  /** Gate: the process at a mobile station has been reviewed. */
  processReviewed: boolean;
}

export type UnavailableReason =
  | { kind: 'online_only' }
  | { kind: 'not_released' }
  | { kind: 'efile_not_live' }
  | { kind: 'process_not_reviewed' }
  | { kind: 'missing_equipment'; missingEquipment: EquipmentKind[] };

export type UnavailableReasonKind = UnavailableReason['kind'];

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
  if (service.readiness) {
    if (!service.readiness.released) reasons.push({ kind: 'not_released' });
    if (!service.readiness.efileLive) reasons.push({ kind: 'efile_not_live' });
    if (!service.readiness.processReviewed) reasons.push({ kind: 'process_not_reviewed' });
  }
  const missingEquipment = [...new Set(service.requiredEquipment)].filter((kind) => !onBoard.has(kind));
  if (missingEquipment.length > 0) reasons.push({ kind: 'missing_equipment', missingEquipment });
  return reasons;
}

export type EquipmentItemStatus = 'ok' | 'maintenance' | 'defective' | 'lost';

/** One registered physical item on a unit. */
export interface EquipmentItemState {
  kind: EquipmentKind;
  status: EquipmentItemStatus;
}

/**
 * The kinds a unit really carries: a kind with registered items counts only while at least one of them is ok;
 * a kind of the nominal kit without registered items counts as on board (items not listed yet).
 */
export function equipmentActuallyOnBoard(
  nominalKit: Iterable<EquipmentKind>,
  items: readonly EquipmentItemState[],
): EquipmentKind[] {
  const registered = new Set(items.map((item) => item.kind));
  const ok = new Set(items.filter((item) => item.status === 'ok').map((item) => item.kind));
  const kinds = new Set<EquipmentKind>([...nominalKit, ...registered]);
  return [...kinds].filter((kind) => (registered.has(kind) ? ok.has(kind) : true));
}
