// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState, type ReactElement } from 'react';
import { I18nProvider } from '../../../i18n/react.tsx';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planningI18n } from '../../i18n/i18n.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  CheckboxGroup,
  DataTable,
  PageStatus,
  RowHeader,
  RowSelect,
  SelectField,
  TextAreaField,
  TextField,
  errorOf,
} from './index.ts';

afterEach(cleanup);
beforeEach(async () => {
  await planningI18n.changeLanguage('de');
});

const renderPlanner = (element: ReactElement) =>
  render(<I18nProvider i18n={planningI18n}>{element}</I18nProvider>);

const units = [
  { id: 'van-1', name: 'Bus 1', counters: 2 },
  { id: 'kit-1', name: 'Koffer 1', counters: 1 },
];

function UnitTable({
  rows,
  emptyInTable,
  more,
}: {
  rows: typeof units;
  emptyInTable?: boolean;
  more?: { label: string; onMore: () => void; busy?: boolean };
}) {
  return (
    <DataTable
      caption="Einheiten"
      columns={['Name', 'Schalter']}
      rows={rows}
      rowKey={(unit) => unit.id}
      rowData={(unit) => ({ 'data-unit-id': unit.id })}
      empty="Noch keine Einheiten."
      emptyInTable={emptyInTable}
      more={more}
    >
      {(unit) => (
        <>
          <RowHeader>{unit.name}</RowHeader>
          <Cell>{unit.counters}</Cell>
        </>
      )}
    </DataTable>
  );
}

describe('DataTable', () => {
  it('names the table by its caption, scopes its headers and renders a row per item', () => {
    renderPlanner(<UnitTable rows={units} />);
    const table = screen.getByRole('table', { name: 'Einheiten' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Schalter']);
    const rowHeaders = within(table).getAllByRole('rowheader');
    expect(rowHeaders.map((th) => th.textContent)).toEqual(['Bus 1', 'Koffer 1']);
    expect(rowHeaders[0]!.getAttribute('scope')).toBe('row');
    expect(rowHeaders[0]!.closest('tr')!.getAttribute('data-unit-id')).toBe('van-1');
  });

  it('gives way to the empty text, or keeps the table with one full-width row for it', () => {
    const { rerender } = renderPlanner(<UnitTable rows={[]} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('Noch keine Einheiten.').tagName).toBe('P');

    rerender(
      <I18nProvider i18n={planningI18n}>
        <UnitTable rows={[]} emptyInTable />
      </I18nProvider>,
    );
    const cell = screen.getByRole('cell', { name: 'Noch keine Einheiten.' });
    expect(cell.getAttribute('colspan')).toBe('2');
    expect(screen.getByRole('table', { name: 'Einheiten' })).toBeTruthy();
  });

  it('offers "Weitere laden" under the table, focusable but aria-disabled while loading', () => {
    const onMore = vi.fn();
    const { rerender } = renderPlanner(<UnitTable rows={units} more={{ label: 'Weitere laden', onMore }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Weitere laden' }));
    expect(onMore).toHaveBeenCalledTimes(1);

    rerender(
      <I18nProvider i18n={planningI18n}>
        <UnitTable rows={units} more={{ label: 'Wird geladen …', onMore, busy: true }} />
      </I18nProvider>,
    );
    const busy = screen.getByRole('button', { name: 'Wird geladen …' });
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect((busy as HTMLButtonElement).disabled).toBe(false);
  });
});

function UnitForm({ onSaved }: { onSaved: (name: string, kind: string, kit: string[]) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('kit');
  const [kit, setKit] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ fieldId: string; message: string }[]>([]);
  const [submission, setSubmission] = useState(0);
  return (
    <BackOfficeSection id="unit-create" heading="Einheit anlegen">
      <BackOfficeForm
        errors={errors}
        submission={submission}
        submitLabel="Anlegen"
        actions={<Button appearance="tertiary">Abbrechen</Button>}
        onSubmit={(event) => {
          event.preventDefault();
          const found = name.trim() ? [] : [{ fieldId: 'unit-name', message: 'Bitte einen Namen angeben.' }];
          setErrors(found);
          setSubmission((n) => n + 1);
          if (found.length === 0) onSaved(name, kind, kit);
        }}
      >
        <TextField
          id="unit-name"
          label="Name"
          hint="Wie das Team sie nennt"
          error={errorOf(errors, 'unit-name')}
          value={name}
          onValueChange={setName}
        />
        <SelectField id="unit-kind" label="Art" value={kind} onValueChange={setKind}>
          <option value="kit">Koffer</option>
          <option value="van">Bus</option>
        </SelectField>
        <CheckboxGroup
          legend="Ausstattung"
          hint="Was immer dabei ist"
          idPrefix="unit-kit"
          options={[
            { value: 'printer', label: 'Drucker' },
            { value: 'scanner', label: 'Scanner' },
          ]}
          selected={kit}
          onSelectedChange={setKit}
        />
        <TextAreaField id="unit-note" label="Notiz" value={note} onValueChange={setNote} maxLength={10} />
      </BackOfficeForm>
    </BackOfficeSection>
  );
}

describe('BackOfficeForm and its fields', () => {
  it('names the section by its heading and labels every field', () => {
    renderPlanner(<UnitForm onSaved={() => {}} />);
    expect(screen.getByRole('region', { name: 'Einheit anlegen' })).toBeTruthy();
    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-describedby')).toBe('unit-name-hint');
    expect(screen.getByRole('combobox', { name: 'Art' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Ausstattung' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Notiz' }).getAttribute('maxlength')).toBe('10');
    expect(screen.getByRole('button', { name: 'Abbrechen' }).getAttribute('type')).toBe('button');
  });

  it('lists a wrong submission in the error summary, with the error at the field, and takes the focus', () => {
    const onSaved = vi.fn();
    renderPlanner(<UnitForm onSaved={onSaved} />);
    fireEvent.click(screen.getByRole('button', { name: 'Anlegen' }));
    expect(onSaved).not.toHaveBeenCalled();
    const link = screen.getByRole('link', { name: 'Bitte einen Namen angeben.' });
    expect(link.getAttribute('href')).toBe('#unit-name');
    expect(document.activeElement).toBe(screen.getByRole('alert').parentElement);
    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('unit-name-hint unit-name-error');
    expect(document.getElementById('unit-name-error')!.textContent).toBe(
      'Fehler: Bitte einen Namen angeben.',
    );
  });

  it('hands the typed, chosen and ticked values to the page', () => {
    const onSaved = vi.fn();
    renderPlanner(<UnitForm onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bus 3' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Art' }), { target: { value: 'van' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Scanner' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Drucker' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Scanner' }));
    fireEvent.click(screen.getByRole('button', { name: 'Anlegen' }));
    expect(onSaved).toHaveBeenCalledWith('Bus 3', 'van', ['printer']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('RowSelect', () => {
  it('is named for screen readers by its row', () => {
    const onValueChange = vi.fn();
    renderPlanner(
      <RowSelect id="role-1" label="Rolle von Anna" value="clerk" onValueChange={onValueChange}>
        <option value="clerk">Sachbearbeitung</option>
        <option value="admin">Verwaltung</option>
      </RowSelect>,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Rolle von Anna' }), {
      target: { value: 'admin' },
    });
    expect(onValueChange).toHaveBeenCalledWith('admin');
  });
});

describe('PageStatus', () => {
  it('keeps an empty live region and says "Wird geladen …" until the data or an error is there', () => {
    const { rerender } = renderPlanner(<PageStatus status="" loading />);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByText('Wird geladen …')).toBeTruthy();

    rerender(
      <I18nProvider i18n={planningI18n}>
        <PageStatus status="Gespeichert." loading loadError="Laden fehlgeschlagen." />
      </I18nProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Gespeichert.');
    expect(screen.getByText('Laden fehlgeschlagen.')).toBeTruthy();
    expect(screen.queryByText('Wird geladen …')).toBeNull();
  });
});
