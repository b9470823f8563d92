import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import {
  planningApi,
  type EquipmentItem,
  type EquipmentItemStatus,
  type EquipmentKind,
  type Unit,
} from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  CheckboxGroup,
  DataTable,
  errorOf,
  Options,
  PageStatus,
  RowHeader,
  RowSelect,
  SelectField,
  TextField,
  type FieldError,
  usePageLoad,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';

const itemStatuses: EquipmentItemStatus[] = ['ok', 'maintenance', 'defective', 'lost'];

/** Units (vans and kits), their nominal kit and their registered equipment items. */
export function UnitsPage() {
  const { t, i18n } = useTranslation();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [items, setItems] = useState<EquipmentItem[]>([]);
  const [kinds, setKinds] = useState<EquipmentKind[]>([]);
  const [statusDrafts, setStatusDrafts] = useState<Record<string, EquipmentItemStatus>>({});
  const [status, setStatus] = useState('');
  const [unit, setUnit] = useState({ id: '', name: '', kind: 'kit' as 'van' | 'kit', counters: '1' });
  const [kit, setKit] = useState<string[]>([]);
  const [item, setItem] = useState({ kind: '', serialNumber: '', unitId: '', maintenanceDue: '' });
  const [unitErrors, setUnitErrors] = useState<FieldError[]>([]);
  const [itemErrors, setItemErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const { loadError, reload: load } = usePageLoad(async () => {
    const [unitList, itemList] = await Promise.all([
      planningApi.listUnits(),
      planningApi.listEquipmentItems(),
    ]);
    setUnits(unitList.items);
    setItems(itemList.items);
    setKinds(itemList.kinds);
    setStatusDrafts(Object.fromEntries(itemList.items.map((entry) => [entry.id, entry.status])));
    setItem((current) => ({ ...current, kind: current.kind || (itemList.kinds[0]?.id ?? '') }));
  });

  const kindName = (id: string) => {
    const kind = kinds.find((k) => k.id === id);
    return kind ? (i18n.language === 'en' ? kind.nameEn : kind.nameDe) : id;
  };
  const unitName = (id: string | null) =>
    id ? (units?.find((u) => u.id === id)?.name ?? id) : t('units.noUnit');

  const createUnit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(unit.id))
      found.push({ fieldId: 'unit-id', message: t('units.idInvalid') });
    if (!unit.name.trim()) found.push({ fieldId: 'unit-name', message: t('units.nameMissing') });
    const counters = Number(unit.counters);
    if (!Number.isInteger(counters) || counters < 1 || counters > 20)
      found.push({ fieldId: 'unit-counters', message: t('units.countersInvalid') });
    setUnitErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await planningApi.createUnit({
        id: unit.id,
        name: unit.name.trim(),
        kind: unit.kind,
        counters,
        equipment: kit,
      });
      setStatus(t('units.unitCreated', { name: unit.name.trim() }));
      setUnit({ id: '', name: '', kind: 'kit', counters: '1' });
      setKit([]);
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setUnitErrors([
        {
          fieldId: field === 'id' ? 'unit-id' : 'unit-name',
          message: t('units.failed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  const createItem = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!item.serialNumber.trim()) found.push({ fieldId: 'item-serial', message: t('units.serialMissing') });
    setItemErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await planningApi.createEquipmentItem({
        kind: item.kind,
        serialNumber: item.serialNumber.trim(),
        unitId: item.unitId || null,
        maintenanceDue: item.maintenanceDue || null,
      });
      setStatus(t('units.itemCreated', { serial: item.serialNumber.trim() }));
      setItem((current) => ({ ...current, serialNumber: '', maintenanceDue: '' }));
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const message =
        error instanceof ApiProblem && error.status === 409
          ? t('units.itemTwice')
          : t('units.failed', { detail: problemText(t, error) });
      setItemErrors([{ fieldId: field === 'unitId' ? 'item-unit' : 'item-serial', message }]);
      setSubmission((n) => n + 1);
    }
  };

  const saveStatus = async (entry: EquipmentItem) => {
    try {
      await planningApi.updateEquipmentItem(entry.id, { status: statusDrafts[entry.id] ?? entry.status });
      setStatus(t('units.itemSaved', { serial: entry.serialNumber }));
      await load();
    } catch (error) {
      setStatus(t('units.failed', { detail: problemText(t, error) }));
    }
  };
  return (
    <>
      <PageHeading title={t('units.heading')}>{t('units.heading')}</PageHeading>
      <p>{t('units.intro')}</p>
      <p>
        <Link className="kern-link" to="/verwaltung/bestand">
          {t('units.stockLink')}
        </Link>
      </p>
      <PageStatus status={status} loadError={loadError} loading={units === null} />
      {units && (
        <DataTable
          caption={t('units.caption')}
          columns={(['name', 'kind', 'counters', 'kit'] as const).map((column) =>
            t(`units.columns.${column}`),
          )}
          rows={units}
          rowKey={(entry) => entry.id}
        >
          {(entry) => (
            <>
              <RowHeader>{entry.name}</RowHeader>
              <Cell>{t(`units.kinds.${entry.kind}`)}</Cell>
              <Cell>{entry.counters}</Cell>
              <Cell>{entry.equipment.map(kindName).join(', ') || '–'}</Cell>
            </>
          )}
        </DataTable>
      )}

      <BackOfficeSection id="items-heading" heading={t('units.itemsHeading')}>
        <p>{t('units.itemsIntro')}</p>
        <DataTable
          caption={t('units.itemsCaption')}
          columns={(['serial', 'kind', 'unit', 'due', 'status', 'save'] as const).map((column) =>
            t(`units.itemColumns.${column}`),
          )}
          rows={items}
          rowKey={(entry) => entry.id}
          empty={t('units.noItems')}
        >
          {(entry) => (
            <>
              <RowHeader>{entry.serialNumber}</RowHeader>
              <Cell>{kindName(entry.kind)}</Cell>
              <Cell>{unitName(entry.unitId)}</Cell>
              <Cell>{entry.maintenanceDue ?? '–'}</Cell>
              <Cell>
                <RowSelect
                  id={`item-status-${entry.id}`}
                  label={t('units.statusOf', { serial: entry.serialNumber })}
                  value={statusDrafts[entry.id] ?? entry.status}
                  onValueChange={(value) =>
                    setStatusDrafts((current) => ({ ...current, [entry.id]: value as EquipmentItemStatus }))
                  }
                >
                  {itemStatuses.map((option) => (
                    <option key={option} value={option}>
                      {t(`units.statuses.${option}`)}
                    </option>
                  ))}
                </RowSelect>
              </Cell>
              <Cell>
                <Button onClick={() => void saveStatus(entry)}>
                  {t('units.saveItem', { serial: entry.serialNumber })}
                </Button>
              </Cell>
            </>
          )}
        </DataTable>
        <h3 className="kern-heading-small">{t('units.itemCreateHeading')}</h3>
        <BackOfficeForm
          errors={itemErrors}
          submission={submission}
          onSubmit={(event) => void createItem(event)}
          submitLabel={t('units.itemCreate')}
        >
          <SelectField
            id="item-kind"
            label={t('units.itemKind')}
            value={item.kind}
            onValueChange={(kind) => setItem((current) => ({ ...current, kind }))}
          >
            <Options items={kinds} optionLabel={(kind) => kindName(kind.id)} />
          </SelectField>
          <TextField
            id="item-serial"
            label={t('units.serial')}
            error={errorOf(itemErrors, 'item-serial')}
            value={item.serialNumber}
            onValueChange={(serialNumber) => setItem((current) => ({ ...current, serialNumber }))}
            autoComplete="off"
          />
          <SelectField
            id="item-unit"
            label={t('units.itemUnit')}
            error={errorOf(itemErrors, 'item-unit')}
            value={item.unitId}
            onValueChange={(unitId) => setItem((current) => ({ ...current, unitId }))}
          >
            <option value="">{t('units.noUnit')}</option>
            <Options items={units ?? []} />
          </SelectField>
          <TextField
            id="item-due"
            type="date"
            label={t('units.due')}
            value={item.maintenanceDue}
            onValueChange={(maintenanceDue) => setItem((current) => ({ ...current, maintenanceDue }))}
          />
        </BackOfficeForm>
      </BackOfficeSection>

      <BackOfficeSection id="unit-create" heading={t('units.createHeading')}>
        <BackOfficeForm
          errors={unitErrors}
          submission={submission}
          onSubmit={(event) => void createUnit(event)}
          submitLabel={t('units.create')}
        >
          <TextField
            id="unit-id"
            label={t('units.id')}
            hint={t('units.idHint')}
            error={errorOf(unitErrors, 'unit-id')}
            value={unit.id}
            onValueChange={(id) => setUnit((current) => ({ ...current, id }))}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            id="unit-name"
            label={t('units.name')}
            error={errorOf(unitErrors, 'unit-name')}
            value={unit.name}
            onValueChange={(name) => setUnit((current) => ({ ...current, name }))}
            autoComplete="off"
          />
          <SelectField
            id="unit-kind"
            label={t('units.kind')}
            value={unit.kind}
            onValueChange={(kind) => setUnit((current) => ({ ...current, kind: kind as 'van' | 'kit' }))}
          >
            <option value="kit">{t('units.kinds.kit')}</option>
            <option value="van">{t('units.kinds.van')}</option>
          </SelectField>
          <TextField
            id="unit-counters"
            label={t('units.counters')}
            error={errorOf(unitErrors, 'unit-counters')}
            inputMode="numeric"
            value={unit.counters}
            onValueChange={(counters) => setUnit((current) => ({ ...current, counters }))}
            autoComplete="off"
          />
          <CheckboxGroup
            legend={t('units.kit')}
            idPrefix="unit-kit"
            options={kinds.map((kind) => ({ value: kind.id, label: kindName(kind.id) }))}
            selected={kit}
            onSelectedChange={setKit}
          />
        </BackOfficeForm>
      </BackOfficeSection>
    </>
  );
}
