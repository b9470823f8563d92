import type { RequestedService } from '../../api/types.ts';

export interface PickableService {
  id: string;
  nameDe: string;
  nameEn: string;
  typicalMinutes: number | null;
}

/** Selected services and how often each is needed; a service not in the map is not chosen. */
export type Quantities = Record<string, number>;

export const maxQuantity = 10;

export const quantityFieldId = (serviceId: string) => `quantity-${serviceId}`;
export const serviceFieldId = (serviceId: string) => `service-${serviceId}`;
export const servicesFieldsetId = 'services-fieldset';

/** The summed duration of the chosen services (each service's typical minutes times its quantity). */
export function totalMinutes(services: PickableService[], quantities: Quantities): number {
  return services.reduce((sum, service) => {
    const quantity = quantities[service.id];
    if (quantity === undefined || !Number.isInteger(quantity) || quantity < 1) return sum;
    return sum + (service.typicalMinutes ?? 0) * quantity;
  }, 0);
}

export type ServicePickerError = { fieldId: string; reason: 'noService' | 'quantity' };

export function validateQuantities(quantities: Quantities): ServicePickerError[] {
  const entries = Object.entries(quantities);
  if (entries.length === 0) return [{ fieldId: servicesFieldsetId, reason: 'noService' }];
  return entries
    .filter(([, quantity]) => !Number.isInteger(quantity) || quantity < 1 || quantity > maxQuantity)
    .map(([serviceId]) => ({ fieldId: quantityFieldId(serviceId), reason: 'quantity' as const }));
}

export function toRequested(quantities: Quantities): RequestedService[] {
  return Object.entries(quantities).map(([serviceId, quantity]) => ({ serviceId, quantity }));
}

/** `personalausweis-beantragen:2,wohnsitz-anmelden:1`, as the availability API and links expect. */
export function servicesParameter(quantities: Quantities): string {
  return Object.entries(quantities)
    .map(([serviceId, quantity]) => `${serviceId}:${quantity}`)
    .join(',');
}

export function parseServicesParameter(value: string | null): Quantities {
  const quantities: Quantities = {};
  for (const part of (value ?? '').split(',')) {
    const match = /^([a-z0-9][a-z0-9_-]*)(?::(\d{1,2}))?$/.exec(part.trim());
    if (!match?.[1]) continue;
    const quantity = Number(match[2] ?? 1);
    if (quantity >= 1 && quantity <= maxQuantity) quantities[match[1]] = quantity;
  }
  return quantities;
}
