import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeServiceOffer,
  equipmentActuallyOnBoard,
  isServiceOffered,
  type ServiceRequirements,
} from './serviceOffer.ts';

const idCard = {
  id: 'id_card',
  name: 'Personalausweis',
  requiredEquipment: ['fingerprint_scanner', 'camera', 'lte_vpn'],
};
const registration = {
  id: 'registration',
  name: 'Anmeldung',
  requiredEquipment: ['lte_vpn', 'document_printer'],
};
const certificate = { id: 'certificate', name: 'Führungszeugnis', requiredEquipment: [], onlineOnly: true };
const advice = { id: 'advice', name: 'Beratung', requiredEquipment: [] };

describe('computeServiceOffer', () => {
  it('offers services whose equipment is all on board and explains the others', () => {
    const offer = computeServiceOffer(
      [idCard, registration, certificate, advice],
      ['lte_vpn', 'document_printer', 'camera'],
    );
    expect(offer.offered.map((s) => s.id)).toEqual(['registration', 'advice']);
    expect(offer.unavailable).toEqual([
      {
        service: idCard,
        reasons: [{ kind: 'missing_equipment', missingEquipment: ['fingerprint_scanner'] }],
      },
      { service: certificate, reasons: [{ kind: 'online_only' }] },
    ]);
  });

  it('lists every missing kind once and both reasons when online-only and under-equipped', () => {
    const odd = { id: 'odd', requiredEquipment: ['camera', 'camera', 'signature_pad'], onlineOnly: true };
    expect(computeServiceOffer([odd], []).unavailable[0]?.reasons).toEqual([
      { kind: 'online_only' },
      { kind: 'missing_equipment', missingEquipment: ['camera', 'signature_pad'] },
    ]);
  });

  it('a Bürgerkoffer without equipment still offers services needing nothing', () => {
    expect(isServiceOffered(advice, [])).toBe(true);
    expect(isServiceOffered(idCard, new Set(['fingerprint_scanner', 'camera', 'lte_vpn']))).toBe(true);
  });

  it('property: offered ∪ unavailable is a partition; more equipment never removes an offered service', () => {
    const kinds = ['a', 'b', 'c', 'd', 'e'];
    const serviceArb = fc.record({
      id: fc.uuid(),
      requiredEquipment: fc.subarray(kinds),
      onlineOnly: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(serviceArb, { maxLength: 8 }),
        fc.subarray(kinds),
        fc.subarray(kinds),
        (services, some, more) => {
          const small = computeServiceOffer<ServiceRequirements>(services, some);
          const large = computeServiceOffer<ServiceRequirements>(services, [...some, ...more]);
          expect(small.offered.length + small.unavailable.length).toBe(services.length);
          for (const s of small.offered) expect(large.offered).toContain(s);
          for (const s of small.offered) {
            expect(s.onlineOnly).toBe(false);
            expect(s.requiredEquipment.every((k) => some.includes(k))).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a service its department has not released, or whose gates are closed, is not offered, and says why', () => {
    const open = { released: true, efileLive: true, processReviewed: true };
    const unreleased = { ...advice, id: 'unreleased', readiness: { ...open, released: false } };
    const noEfile = { ...advice, id: 'no_efile', readiness: { ...open, efileLive: false } };
    const unreviewed = { ...registration, id: 'unreviewed', readiness: { ...open, processReviewed: false } };
    const ready = { ...advice, id: 'ready', readiness: open };
    const offer = computeServiceOffer([unreleased, noEfile, unreviewed, ready], ['lte_vpn']);
    expect(offer.offered.map((s) => s.id)).toEqual(['ready']);
    expect(offer.unavailable.map((u) => [u.service.id, u.reasons])).toEqual([
      ['unreleased', [{ kind: 'not_released' }]],
      ['no_efile', [{ kind: 'efile_not_live' }]],
      [
        'unreviewed',
        [
          { kind: 'process_not_reviewed' },
          { kind: 'missing_equipment', missingEquipment: ['document_printer'] },
        ],
      ],
    ]);
  });

  it('property: a service is offered exactly when released, both gates open, not online-only and equipped', () => {
    const kinds = ['a', 'b', 'c'];
    fc.assert(
      fc.property(
        fc.record({
          id: fc.constant('s'),
          requiredEquipment: fc.subarray(kinds),
          onlineOnly: fc.boolean(),
          readiness: fc.record({
            released: fc.boolean(),
            efileLive: fc.boolean(),
            processReviewed: fc.boolean(),
          }),
        }),
        fc.subarray(kinds),
        (service, onBoard) => {
          const expected =
            !service.onlineOnly &&
            service.readiness.released &&
            service.readiness.efileLive &&
            service.readiness.processReviewed &&
            service.requiredEquipment.every((kind) => onBoard.includes(kind));
          expect(isServiceOffered(service, onBoard)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts a kind on board only while one of its registered items is ok', () => {
    expect(
      equipmentActuallyOnBoard(
        ['fingerprint_scanner', 'camera', 'printer'],
        [
          { kind: 'fingerprint_scanner', status: 'defective' },
          { kind: 'camera', status: 'maintenance' },
          { kind: 'camera', status: 'ok' },
          { kind: 'signature_pad', status: 'ok' },
          { kind: 'card_terminal', status: 'lost' },
        ],
      ).sort(),
    ).toEqual(['camera', 'printer', 'signature_pad']);
  });

  it('property: a kind is on board exactly when an ok item has it, or it is nominal and has no items', () => {
    const kinds = ['a', 'b', 'c', 'd'];
    const statuses = ['ok', 'maintenance', 'defective', 'lost'] as const;
    fc.assert(
      fc.property(
        fc.subarray(kinds),
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), status: fc.constantFrom(...statuses) }), {
          maxLength: 8,
        }),
        (nominal, items) => {
          const onBoard = new Set(equipmentActuallyOnBoard(nominal, items));
          for (const kind of kinds) {
            const ofKind = items.filter((item) => item.kind === kind);
            const expected =
              ofKind.length > 0 ? ofKind.some((item) => item.status === 'ok') : nominal.includes(kind);
            expect(onBoard.has(kind)).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
