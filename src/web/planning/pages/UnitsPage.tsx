import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import {
  planningApi,
  type EquipmentItem,
  type EquipmentItemStatus,
  type EquipmentKind,
  type Unit,
} from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

const itemStatuses: EquipmentItemStatus[] = ['ok', 'maintenance', 'defective', 'lost'];

/** Units (vans and kits), their nominal kit and their registered equipment items. */
export function UnitsPage() {
  const { t, i18n } = useTranslation();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [items, setItems] = useState<EquipmentItem[]>([]);
  const [kinds, setKinds] = useState<EquipmentKind[]>([]);
  const [statusDrafts, setStatusDrafts] = useState<Record<string, EquipmentItemStatus>>({});
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [unit, setUnit] = useState({ id: '', name: '', kind: 'kit' as 'van' | 'kit', counters: '1' });
  const [kit, setKit] = useState<string[]>([]);
  const [item, setItem] = useState({ kind: '', serialNumber: '', unitId: '', maintenanceDue: '' });
  const [unitErrors, setUnitErrors] = useState<FieldError[]>([]);
  const [itemErrors, setItemErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);

  const load = useCallback(async () => {
    try {
      const [unitList, itemList] = await Promise.all([
        planningApi.listUnits(),
        planningApi.listEquipmentItems(),
      ]);
      setUnits(unitList.items);
      setItems(itemList.items);
      setKinds(itemList.kinds);
      setStatusDrafts(Object.fromEntries(itemList.items.map((entry) => [entry.id, entry.status])));
      setItem((current) => ({ ...current, kind: current.kind || (itemList.kinds[0]?.id ?? '') }));
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

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
  const errorOf = (errors: FieldError[], id: string) => errors.find((error) => error.fieldId === id)?.message;

  return (
    <>
      <PageHeading title={t('units.heading')}>{t('units.heading')}</PageHeading>
      <p>{t('units.intro')}</p>
      <p>
        <Link className="kern-link" to="/verwaltung/bestand">
          {t('units.stockLink')}
        </Link>
      </p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {units === null && !loadError && <p>{t('app.loading')}</p>}
      {units && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('units.caption')}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['name', 'kind', 'counters', 'kit'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`units.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {units.map((entry) => (
                <tr key={entry.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {entry.name}
                  </th>
                  <td className="kern-table__cell">{t(`units.kinds.${entry.kind}`)}</td>
                  <td className="kern-table__cell">{entry.counters}</td>
                  <td className="kern-table__cell">{entry.equipment.map(kindName).join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="items-heading" className="backoffice-section">
        <h2 id="items-heading" className="kern-heading-medium">
          {t('units.itemsHeading')}
        </h2>
        <p>{t('units.itemsIntro')}</p>
        {items.length === 0 ? (
          <p>{t('units.noItems')}</p>
        ) : (
          <div className="planning-table-wrap">
            <table className="kern-table planning-table">
              <caption className="kern-table__caption">{t('units.itemsCaption')}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {(['serial', 'kind', 'unit', 'due', 'status', 'save'] as const).map((column) => (
                    <th key={column} scope="col" className="kern-table__header">
                      {t(`units.itemColumns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {items.map((entry) => (
                  <tr key={entry.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {entry.serialNumber}
                    </th>
                    <td className="kern-table__cell">{kindName(entry.kind)}</td>
                    <td className="kern-table__cell">{unitName(entry.unitId)}</td>
                    <td className="kern-table__cell">{entry.maintenanceDue ?? '–'}</td>
                    <td className="kern-table__cell">
                      <label className="kern-label kern-sr-only" htmlFor={`item-status-${entry.id}`}>
                        {t('units.statusOf', { serial: entry.serialNumber })}
                      </label>
                      <select
                        id={`item-status-${entry.id}`}
                        className="kern-form-input__select"
                        value={statusDrafts[entry.id] ?? entry.status}
                        onChange={(event) =>
                          setStatusDrafts((current) => ({
                            ...current,
                            [entry.id]: event.target.value as EquipmentItemStatus,
                          }))
                        }
                      >
                        {itemStatuses.map((option) => (
                          <option key={option} value={option}>
                            {t(`units.statuses.${option}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="kern-table__cell">
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary"
                        onClick={() => void saveStatus(entry)}
                      >
                        <span className="kern-label">
                          {t('units.saveItem', { serial: entry.serialNumber })}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3 className="kern-heading-small">{t('units.itemCreateHeading')}</h3>
        <ErrorSummary errors={itemErrors} submission={submission} />
        <form noValidate onSubmit={(event) => void createItem(event)} className="planning-form">
          <FormField id="item-kind" label={t('units.itemKind')}>
            {(describedBy) => (
              <select
                id="item-kind"
                className="kern-form-input__select"
                value={item.kind}
                onChange={(event) => setItem((current) => ({ ...current, kind: event.target.value }))}
                aria-describedby={describedBy}
              >
                {kinds.map((kind) => (
                  <option key={kind.id} value={kind.id}>
                    {kindName(kind.id)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="item-serial" label={t('units.serial')} error={errorOf(itemErrors, 'item-serial')}>
            {(describedBy) => (
              <input
                id="item-serial"
                className="kern-form-input__input"
                value={item.serialNumber}
                onChange={(event) => setItem((current) => ({ ...current, serialNumber: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormField id="item-unit" label={t('units.itemUnit')} error={errorOf(itemErrors, 'item-unit')}>
            {(describedBy) => (
              <select
                id="item-unit"
                className="kern-form-input__select"
                value={item.unitId}
                onChange={(event) => setItem((current) => ({ ...current, unitId: event.target.value }))}
                aria-describedby={describedBy}
              >
                <option value="">{t('units.noUnit')}</option>
                {units?.map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    {entry.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="item-due" label={t('units.due')}>
            {(describedBy) => (
              <input
                id="item-due"
                type="date"
                className="kern-form-input__input"
                value={item.maintenanceDue}
                onChange={(event) =>
                  setItem((current) => ({ ...current, maintenanceDue: event.target.value }))
                }
                aria-describedby={describedBy}
              />
            )}
          </FormField>
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('units.itemCreate')}</span>
          </button>
        </form>
      </section>

      <section aria-labelledby="unit-create" className="backoffice-section">
        <h2 id="unit-create" className="kern-heading-medium">
          {t('units.createHeading')}
        </h2>
        <ErrorSummary errors={unitErrors} submission={submission} />
        <form noValidate onSubmit={(event) => void createUnit(event)} className="planning-form">
          <FormField
            id="unit-id"
            label={t('units.id')}
            hint={t('units.idHint')}
            error={errorOf(unitErrors, 'unit-id')}
          >
            {(describedBy) => (
              <input
                id="unit-id"
                className="kern-form-input__input"
                value={unit.id}
                onChange={(event) => setUnit((current) => ({ ...current, id: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </FormField>
          <FormField id="unit-name" label={t('units.name')} error={errorOf(unitErrors, 'unit-name')}>
            {(describedBy) => (
              <input
                id="unit-name"
                className="kern-form-input__input"
                value={unit.name}
                onChange={(event) => setUnit((current) => ({ ...current, name: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormField id="unit-kind" label={t('units.kind')}>
            {(describedBy) => (
              <select
                id="unit-kind"
                className="kern-form-input__select"
                value={unit.kind}
                onChange={(event) =>
                  setUnit((current) => ({ ...current, kind: event.target.value as 'van' | 'kit' }))
                }
                aria-describedby={describedBy}
              >
                <option value="kit">{t('units.kinds.kit')}</option>
                <option value="van">{t('units.kinds.van')}</option>
              </select>
            )}
          </FormField>
          <FormField
            id="unit-counters"
            label={t('units.counters')}
            error={errorOf(unitErrors, 'unit-counters')}
          >
            {(describedBy) => (
              <input
                id="unit-counters"
                className="kern-form-input__input"
                inputMode="numeric"
                value={unit.counters}
                onChange={(event) => setUnit((current) => ({ ...current, counters: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
              />
            )}
          </FormField>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('units.kit')}</legend>
            <div className="kern-fieldset__body">
              {kinds.map((kind) => (
                <div key={kind.id} className="kern-form-check">
                  <input
                    id={`unit-kit-${kind.id}`}
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    checked={kit.includes(kind.id)}
                    onChange={(event) =>
                      setKit((current) =>
                        event.target.checked ? [...current, kind.id] : current.filter((id) => id !== kind.id),
                      )
                    }
                  />
                  <label className="kern-label" htmlFor={`unit-kit-${kind.id}`}>
                    {kindName(kind.id)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('units.create')}</span>
          </button>
        </form>
      </section>
    </>
  );
}
