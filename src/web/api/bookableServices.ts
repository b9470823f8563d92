import type { Service, Stop } from './types.ts';
import type { PickableService } from '../components/ServicePicker/servicePicker.ts';

/**
 * Services that can be booked at a stop: those some upcoming stop offers (its unit has the equipment).
 * Without upcoming stops (for the waitlist), every service that needs or allows a visit.
 */
export function bookableServices(services: Service[], stops: Stop[]): PickableService[] {
  const offered = new Set(stops.flatMap((stop) => stop.services.map((service) => service.id)));
  const pick = (service: Service) =>
    offered.size > 0
      ? offered.has(service.id)
      : service.presence !== 'not_required' && service.typicalMinutes !== null;
  return services
    .filter(pick)
    .map(({ id, nameDe, nameEn, typicalMinutes }) => ({ id, nameDe, nameEn, typicalMinutes }));
}
