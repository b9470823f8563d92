// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { i18n, renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { ServicePicker } from './ServicePicker.tsx';
import {
  parseServicesParameter,
  servicesParameter,
  totalMinutes,
  validateQuantities,
  type Quantities,
} from './servicePicker.ts';

const services = [
  {
    id: 'personalausweis-beantragen',
    nameDe: 'Personalausweis beantragen',
    nameEn: 'Apply for an ID card',
    typicalMinutes: 15,
  },
  { id: 'wohnsitz-anmelden', nameDe: 'Wohnsitz anmelden', nameEn: 'Register an address', typicalMinutes: 10 },
];

function Picker({ initial = {} }: { initial?: Quantities }) {
  const [value, setValue] = useState<Quantities>(initial);
  return (
    <ServicePicker
      services={services}
      value={value}
      onChange={setValue}
      errors={[]}
      legend="Dienstleistungen"
    />
  );
}

describe('ServicePicker', () => {
  it('asks for a quantity (1 to 10, labelled) once a service is chosen, and sums the duration', () => {
    renderWithProviders(<Picker />);
    expect(screen.getByRole('status').textContent).toBe('Sie haben noch nichts gewählt.');
    expect(screen.queryByLabelText('Anzahl für: Personalausweis beantragen')).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: /Personalausweis beantragen/ }));
    const quantity = screen.getByLabelText('Anzahl für: Personalausweis beantragen') as HTMLInputElement;
    expect(quantity.type).toBe('number');
    expect([quantity.min, quantity.max, quantity.value]).toEqual(['1', '10', '1']);
    fireEvent.change(quantity, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Wohnsitz anmelden/ }));
    expect(screen.getByRole('status').textContent).toBe('Dauer etwa 40 Minuten');

    fireEvent.click(screen.getByRole('checkbox', { name: /Personalausweis beantragen/ }));
    expect(screen.getByRole('status').textContent).toBe('Dauer etwa 10 Minuten');
  });

  it('speaks English', async () => {
    await i18n.changeLanguage('en');
    renderWithProviders(<Picker initial={{ 'wohnsitz-anmelden': 1 }} />);
    expect(screen.getByLabelText('Number for: Register an address')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Takes about 10 minutes');
  });
});

describe('service choices', () => {
  it('sums minutes times quantity, ignoring an empty quantity', () => {
    expect(totalMinutes(services, { 'personalausweis-beantragen': 2, 'wohnsitz-anmelden': 1 })).toBe(40);
    expect(totalMinutes(services, { 'personalausweis-beantragen': Number.NaN })).toBe(0);
  });

  it('wants at least one service and quantities from 1 to 10', () => {
    expect(validateQuantities({})).toEqual([{ fieldId: 'services-fieldset', reason: 'noService' }]);
    expect(validateQuantities({ a: 11, b: 0, c: 1.5, d: 3 }).map((error) => error.fieldId)).toEqual([
      'quantity-a',
      'quantity-b',
      'quantity-c',
    ]);
  });

  it('writes and reads the parameter of the availability API', () => {
    const quantities = { 'personalausweis-beantragen': 2, 'wohnsitz-anmelden': 1 };
    expect(servicesParameter(quantities)).toBe('personalausweis-beantragen:2,wohnsitz-anmelden:1');
    expect(parseServicesParameter('personalausweis-beantragen:2,wohnsitz-anmelden')).toEqual(quantities);
    expect(parseServicesParameter('x:99,Y:1,ok:3')).toEqual({ ok: 3 });
  });
});
