import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  planningApi,
  type ControlledItemCountUnit,
  type ControlledItemKind,
  type StaffRole,
  type StaffStop,
  type StockBalance,
  type StockMovement,
  type StockMovementKind,
  type Unit,
} from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { SelectField } from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

const movementKinds: StockMovementKind[] = ['received', 'issued', 'returned', 'written_off', 'counted'];
const countUnits: ControlledItemCountUnit[] = ['piece', 'pad', 'euro'];

/** Which form field an API problem's `field` belongs to. */
const movementFieldIds: Record<string, string> = {
  unitId: 'stock-unit',
  kind: 'stock-kind',
  movement: 'stock-movement',
  quantity: 'stock-quantity',
  reason: 'stock-reason',
  stopId: 'stock-stop',
  serialFirst: 'stock-serial-first',
  serialLast: 'stock-serial-last',
};
const kindFieldIds: Record<string, string> = {
  id: 'kind-id',
  nameDe: 'kind-name-de',
  nameEn: 'kind-name-en',
  countUnit: 'kind-count-unit',
  minimumStock: 'kind-minimum',
};

const emptyMovement = {
  unitId: '',
  kind: '',
  movement: 'received' as StockMovementKind,
  quantity: '',
  reason: '',
  stopId: '',
  serialFirst: '',
  serialLast: '',
};
const emptyKind = {
  id: '',
  nameDe: '',
  nameEn: '',
  countUnit: 'piece' as ControlledItemCountUnit,
  minimumStock: '0',
  serialNumbered: false,
};

/** A calendar date `days` from today (YYYY-MM-DD), for the stops a movement may name. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const wholeNumber = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/** Stock of controlled items (secure blank forms, the cash float) per unit: balances, movements, history. */
export function StockPage({ role }: { role: StaffRole }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [units, setUnits] = useState<Unit[]>([]);
  const [kinds, setKinds] = useState<ControlledItemKind[] | null>(null);
  const [stock, setStock] = useState<StockBalance[]>([]);
  const [stops, setStops] = useState<StaffStop[]>([]);
  const [movements, setMovements] = useState<StockMovement[]>([]);
  const [historyUnit, setHistoryUnit] = useState('');
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [movement, setMovement] = useState(emptyMovement);
  const [kind, setKind] = useState(emptyKind);
  const [movementErrors, setMovementErrors] = useState<FieldError[]>([]);
  const [kindErrors, setKindErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [minimumDrafts, setMinimumDrafts] = useState<Record<string, string>>({});
  const mayDefineKinds = role === 'admin' || role === 'planner';

  const load = useCallback(async () => {
    try {
      const [unitList, kindList, stockList] = await Promise.all([
        planningApi.listUnits(),
        planningApi.listControlledItemKinds(),
        planningApi.listStock(),
      ]);
      setUnits(unitList.items);
      setKinds(kindList.items);
      setMinimumDrafts(
        Object.fromEntries(kindList.items.map((entry) => [entry.id, String(entry.minimumStock)])),
      );
      setStock(stockList.items);
      setMovement((current) => ({
        ...current,
        unitId: current.unitId || (unitList.items[0]?.id ?? ''),
        kind: current.kind || (kindList.items[0]?.id ?? ''),
      }));
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  const loadHistory = useCallback(async () => {
    try {
      setMovements((await planningApi.listStockMovements(historyUnit)).items);
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t, historyUnit]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    // The stops of the last two weeks and the next two months, to name where items were issued.
    planningApi
      .listStaffStops(dayFromToday(-14), dayFromToday(60))
      .then((list) => setStops(list.items.filter((stop) => stop.status !== 'cancelled')))
      .catch(() => setStops([]));
  }, []);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  const kindOf = (id: string) => kinds?.find((entry) => entry.id === id);
  const kindName = (id: string) => {
    const found = kindOf(id);
    return found ? (i18n.language === 'en' ? found.nameEn : found.nameDe) : id;
  };
  const unitName = (id: string) => units.find((entry) => entry.id === id)?.name ?? id;
  const amount = (kindId: string, value: number) =>
    t(`stock.countUnits.${kindOf(kindId)?.countUnit ?? 'piece'}`, {
      count: value,
      value: format.number(value),
    });
  const selectedKind = kindOf(movement.kind);
  const namesStop = movement.movement === 'issued' || movement.movement === 'returned';
  const unitStops = stops.filter((stop) => stop.unit.id === movement.unitId);
  const errorOf = (errors: FieldError[], id: string) => errors.find((error) => error.fieldId === id)?.message;
  const below = stock.filter((entry) => entry.belowMinimum);

  const record = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const quantity = wholeNumber(movement.quantity);
    const least = movement.movement === 'counted' ? 0 : 1;
    if (!movement.unitId) found.push({ fieldId: 'stock-unit', message: t('stock.unitMissing') });
    if (!movement.kind) found.push({ fieldId: 'stock-kind', message: t('stock.kindMissing') });
    if (!Number.isInteger(quantity) || quantity < least)
      found.push({
        fieldId: 'stock-quantity',
        message: least === 0 ? t('stock.countInvalid') : t('stock.quantityInvalid'),
      });
    if (movement.movement === 'written_off' && !movement.reason.trim())
      found.push({ fieldId: 'stock-reason', message: t('stock.reasonMissing') });
    const serialFirst = movement.serialFirst.trim() ? wholeNumber(movement.serialFirst) : null;
    const serialLast = movement.serialLast.trim() ? wholeNumber(movement.serialLast) : null;
    if (Number.isNaN(serialFirst))
      found.push({ fieldId: 'stock-serial-first', message: t('stock.serialInvalid') });
    if (Number.isNaN(serialLast))
      found.push({ fieldId: 'stock-serial-last', message: t('stock.serialInvalid') });
    setMovementErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const serials = selectedKind?.serialNumbered && movement.movement !== 'counted';
    try {
      const result = await planningApi.recordStockMovement({
        unitId: movement.unitId,
        kind: movement.kind,
        movement: movement.movement,
        quantity,
        reason: movement.reason.trim() || null,
        stopId: namesStop && movement.stopId ? movement.stopId : null,
        serialFirst: serials ? serialFirst : null,
        serialLast: serials ? serialLast : null,
      });
      setStatus(
        t('stock.recorded', {
          unit: unitName(movement.unitId),
          kind: kindName(movement.kind),
          balance: amount(movement.kind, result.balance),
        }),
      );
      setMovement((current) => ({
        ...current,
        quantity: '',
        reason: '',
        stopId: '',
        serialFirst: '',
        serialLast: '',
      }));
      await Promise.all([load(), loadHistory()]);
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const available =
        error instanceof ApiProblem && error.code === 'stock_insufficient'
          ? (error.details as { available?: number } | undefined)?.available
          : undefined;
      setMovementErrors([
        {
          fieldId: movementFieldIds[field ?? ''] ?? 'stock-quantity',
          message:
            available === undefined
              ? t('stock.failed', { detail: problemText(t, error) })
              : t('stock.insufficient', { available: amount(movement.kind, available) }),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  const saveMinimum = async (entry: ControlledItemKind) => {
    const minimumStock = wholeNumber(minimumDrafts[entry.id] ?? '');
    if (!Number.isInteger(minimumStock)) {
      setStatus(t('stock.minimumInvalid'));
      return;
    }
    try {
      await planningApi.updateControlledItemKind(entry.id, { minimumStock });
      setStatus(
        t('stock.minimumSaved', { kind: kindName(entry.id), minimum: amount(entry.id, minimumStock) }),
      );
      await load();
    } catch (error) {
      setStatus(t('stock.failed', { detail: problemText(t, error) }));
    }
  };

  const createKind = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(kind.id))
      found.push({ fieldId: 'kind-id', message: t('stock.idInvalid') });
    if (!kind.nameDe.trim()) found.push({ fieldId: 'kind-name-de', message: t('stock.nameMissing') });
    if (!kind.nameEn.trim()) found.push({ fieldId: 'kind-name-en', message: t('stock.nameMissing') });
    const minimumStock = wholeNumber(kind.minimumStock);
    if (!Number.isInteger(minimumStock))
      found.push({ fieldId: 'kind-minimum', message: t('stock.minimumInvalid') });
    setKindErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await planningApi.createControlledItemKind({
        id: kind.id,
        nameDe: kind.nameDe.trim(),
        nameEn: kind.nameEn.trim(),
        countUnit: kind.countUnit,
        minimumStock,
        serialNumbered: kind.serialNumbered,
      });
      setStatus(t('stock.kindCreated', { name: i18n.language === 'en' ? kind.nameEn : kind.nameDe }));
      setKind(emptyKind);
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setKindErrors([
        {
          fieldId: kindFieldIds[field ?? ''] ?? 'kind-id',
          message: t('stock.failed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  return (
    <>
      <PageHeading title={t('stock.heading')}>{t('stock.heading')}</PageHeading>
      <p>{t('stock.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {kinds === null && !loadError && <p>{t('app.loading')}</p>}
      {below.length > 0 && (
        <div className="kern-alert kern-alert--warning" role="region" aria-label={t('stock.belowHeading')}>
          <div className="kern-alert__body">
            <p className="kern-body">{t('stock.belowIntro', { count: below.length })}</p>
            <ul>
              {below.map((entry) => (
                <li key={`${entry.unitId}/${entry.kind}`}>
                  {t('stock.belowEntry', {
                    unit: entry.unitName,
                    kind: kindName(entry.kind),
                    quantity: amount(entry.kind, entry.quantity),
                    minimum: amount(entry.kind, entry.minimumStock),
                  })}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {kinds !== null && kinds.length === 0 && <p>{t('stock.noKinds')}</p>}
      {stock.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('stock.caption')}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['unit', 'kind', 'quantity', 'minimum', 'state'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`stock.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {stock.map((entry) => (
                <tr key={`${entry.unitId}/${entry.kind}`} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {entry.unitName}
                  </th>
                  <td className="kern-table__cell">{kindName(entry.kind)}</td>
                  <td className="kern-table__cell">{amount(entry.kind, entry.quantity)}</td>
                  <td className="kern-table__cell">{amount(entry.kind, entry.minimumStock)}</td>
                  <td className="kern-table__cell">
                    {entry.belowMinimum ? <strong>{t('stock.belowMinimum')}</strong> : t('stock.enough')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {kinds !== null && kinds.length > 0 && (
        <section aria-labelledby="movement-heading" className="backoffice-section">
          <h2 id="movement-heading" className="kern-heading-medium">
            {t('stock.movementHeading')}
          </h2>
          <p>{t('stock.movementIntro')}</p>
          <ErrorSummary errors={movementErrors} submission={submission} />
          <form noValidate onSubmit={(event) => void record(event)} className="planning-form">
            <FormField id="stock-unit" label={t('stock.unit')} error={errorOf(movementErrors, 'stock-unit')}>
              {(describedBy) => (
                <select
                  id="stock-unit"
                  className="kern-form-input__select"
                  value={movement.unitId}
                  onChange={(event) =>
                    setMovement((current) => ({ ...current, unitId: event.target.value, stopId: '' }))
                  }
                  aria-describedby={describedBy}
                >
                  {units.map((entry) => (
                    <option key={entry.id} value={entry.id}>
                      {entry.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id="stock-kind" label={t('stock.kind')} error={errorOf(movementErrors, 'stock-kind')}>
              {(describedBy) => (
                <select
                  id="stock-kind"
                  className="kern-form-input__select"
                  value={movement.kind}
                  onChange={(event) => setMovement((current) => ({ ...current, kind: event.target.value }))}
                  aria-describedby={describedBy}
                >
                  {kinds.map((entry) => (
                    <option key={entry.id} value={entry.id}>
                      {kindName(entry.id)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <SelectField
              id="stock-movement"
              label={t('stock.movement')}
              error={errorOf(movementErrors, 'stock-movement')}
              value={movement.movement}
              onValueChange={(value) =>
                setMovement((current) => ({ ...current, movement: value as StockMovementKind }))
              }
            >
              {movementKinds.map((entry) => (
                <option key={entry} value={entry}>
                  {t(`stock.movements.${entry}`)}
                </option>
              ))}
            </SelectField>
            <FormField
              id="stock-quantity"
              label={movement.movement === 'counted' ? t('stock.counted') : t('stock.quantity')}
              hint={t(`stock.countUnitHints.${selectedKind?.countUnit ?? 'piece'}`)}
              error={errorOf(movementErrors, 'stock-quantity')}
            >
              {(describedBy) => (
                <input
                  id="stock-quantity"
                  className="kern-form-input__input"
                  inputMode="numeric"
                  value={movement.quantity}
                  onChange={(event) =>
                    setMovement((current) => ({ ...current, quantity: event.target.value }))
                  }
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            {namesStop && (
              <FormField
                id="stock-stop"
                label={t('stock.stop')}
                hint={t('stock.stopHint')}
                error={errorOf(movementErrors, 'stock-stop')}
              >
                {(describedBy) => (
                  <select
                    id="stock-stop"
                    className="kern-form-input__select"
                    value={movement.stopId}
                    onChange={(event) =>
                      setMovement((current) => ({ ...current, stopId: event.target.value }))
                    }
                    aria-describedby={describedBy}
                  >
                    <option value="">{t('stock.noStop')}</option>
                    {unitStops.map((stop) => (
                      <option key={stop.id} value={stop.id}>
                        {t('stock.stopOption', { day: format.day(stop.startsAt), site: stop.site.name })}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
            )}
            <FormField
              id="stock-reason"
              label={t('stock.reason')}
              hint={t('stock.reasonHint')}
              error={errorOf(movementErrors, 'stock-reason')}
            >
              {(describedBy) => (
                <input
                  id="stock-reason"
                  className="kern-form-input__input"
                  value={movement.reason}
                  onChange={(event) => setMovement((current) => ({ ...current, reason: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            {selectedKind?.serialNumbered && movement.movement !== 'counted' && (
              <>
                <FormField
                  id="stock-serial-first"
                  label={t('stock.serialFirst')}
                  hint={t('stock.serialHint')}
                  error={errorOf(movementErrors, 'stock-serial-first')}
                >
                  {(describedBy) => (
                    <input
                      id="stock-serial-first"
                      className="kern-form-input__input"
                      inputMode="numeric"
                      value={movement.serialFirst}
                      onChange={(event) =>
                        setMovement((current) => ({ ...current, serialFirst: event.target.value }))
                      }
                      aria-describedby={describedBy}
                      autoComplete="off"
                    />
                  )}
                </FormField>
                <FormField
                  id="stock-serial-last"
                  label={t('stock.serialLast')}
                  error={errorOf(movementErrors, 'stock-serial-last')}
                >
                  {(describedBy) => (
                    <input
                      id="stock-serial-last"
                      className="kern-form-input__input"
                      inputMode="numeric"
                      value={movement.serialLast}
                      onChange={(event) =>
                        setMovement((current) => ({ ...current, serialLast: event.target.value }))
                      }
                      aria-describedby={describedBy}
                      autoComplete="off"
                    />
                  )}
                </FormField>
              </>
            )}
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">{t('stock.record')}</span>
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="history-heading" className="backoffice-section">
        <h2 id="history-heading" className="kern-heading-medium">
          {t('stock.historyHeading')}
        </h2>
        <FormField id="history-unit" label={t('stock.historyUnit')}>
          {(describedBy) => (
            <select
              id="history-unit"
              className="kern-form-input__select"
              value={historyUnit}
              onChange={(event) => setHistoryUnit(event.target.value)}
              aria-describedby={describedBy}
            >
              <option value="">{t('stock.allUnits')}</option>
              {units.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {movements.length === 0 ? (
          <p>{t('stock.noMovements')}</p>
        ) : (
          <div className="planning-table-wrap">
            <table className="kern-table planning-table">
              <caption className="kern-table__caption">{t('stock.historyCaption')}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {(
                    [
                      'when',
                      'unit',
                      'kind',
                      'movement',
                      'change',
                      'after',
                      'reason',
                      'serials',
                      'who',
                    ] as const
                  ).map((column) => (
                    <th key={column} scope="col" className="kern-table__header">
                      {t(`stock.historyColumns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {movements.map((entry) => (
                  <tr key={entry.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {format.date(entry.recordedAt)}
                    </th>
                    <td className="kern-table__cell">{unitName(entry.unitId)}</td>
                    <td className="kern-table__cell">{kindName(entry.kind)}</td>
                    <td className="kern-table__cell">{t(`stock.movements.${entry.movement}`)}</td>
                    <td className="kern-table__cell">
                      {entry.quantityChange > 0 ? '+' : ''}
                      {format.number(entry.quantityChange)}
                    </td>
                    <td className="kern-table__cell">{amount(entry.kind, entry.balanceAfter)}</td>
                    <td className="kern-table__cell">
                      {entry.stop
                        ? t('stock.stopOption', {
                            day: format.day(`${entry.stop.date}T12:00:00`),
                            site: entry.stop.siteName,
                          })
                        : '–'}
                    </td>
                    <td className="kern-table__cell">{entry.reason ?? '–'}</td>
                    <td className="kern-table__cell">
                      {entry.serialFirst === null ? '–' : `${entry.serialFirst}–${entry.serialLast}`}
                    </td>
                    <td className="kern-table__cell">{entry.recordedBy ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {mayDefineKinds && kinds !== null && kinds.length > 0 && (
        <section aria-labelledby="kinds-heading" className="backoffice-section">
          <h2 id="kinds-heading" className="kern-heading-medium">
            {t('stock.kindsHeading')}
          </h2>
          <div className="planning-table-wrap">
            <table className="kern-table planning-table">
              <caption className="kern-table__caption">{t('stock.kindsCaption')}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {(['kind', 'countUnit', 'numbered', 'minimum', 'save'] as const).map((column) => (
                    <th key={column} scope="col" className="kern-table__header">
                      {t(`stock.kindColumns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {kinds.map((entry) => (
                  <tr key={entry.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {kindName(entry.id)}
                    </th>
                    <td className="kern-table__cell">{t(`stock.countUnitNames.${entry.countUnit}`)}</td>
                    <td className="kern-table__cell">
                      {entry.serialNumbered ? t('stock.yes') : t('stock.no')}
                    </td>
                    <td className="kern-table__cell">
                      <label className="kern-label kern-sr-only" htmlFor={`kind-minimum-${entry.id}`}>
                        {t('stock.minimumOf', { kind: kindName(entry.id) })}
                      </label>
                      <input
                        id={`kind-minimum-${entry.id}`}
                        className="kern-form-input__input"
                        inputMode="numeric"
                        value={minimumDrafts[entry.id] ?? ''}
                        onChange={(event) =>
                          setMinimumDrafts((current) => ({ ...current, [entry.id]: event.target.value }))
                        }
                        autoComplete="off"
                      />
                    </td>
                    <td className="kern-table__cell">
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary"
                        onClick={() => void saveMinimum(entry)}
                      >
                        <span className="kern-label">
                          {t('stock.saveMinimum', { kind: kindName(entry.id) })}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {mayDefineKinds && (
        <section aria-labelledby="kind-create" className="backoffice-section">
          <h2 id="kind-create" className="kern-heading-medium">
            {t('stock.kindHeading')}
          </h2>
          <ErrorSummary errors={kindErrors} submission={submission} />
          <form noValidate onSubmit={(event) => void createKind(event)} className="planning-form">
            <FormField
              id="kind-id"
              label={t('stock.kindId')}
              hint={t('stock.kindIdHint')}
              error={errorOf(kindErrors, 'kind-id')}
            >
              {(describedBy) => (
                <input
                  id="kind-id"
                  className="kern-form-input__input"
                  value={kind.id}
                  onChange={(event) => setKind((current) => ({ ...current, id: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </FormField>
            <FormField
              id="kind-name-de"
              label={t('stock.nameDe')}
              error={errorOf(kindErrors, 'kind-name-de')}
            >
              {(describedBy) => (
                <input
                  id="kind-name-de"
                  lang="de"
                  className="kern-form-input__input"
                  value={kind.nameDe}
                  onChange={(event) => setKind((current) => ({ ...current, nameDe: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <FormField
              id="kind-name-en"
              label={t('stock.nameEn')}
              error={errorOf(kindErrors, 'kind-name-en')}
            >
              {(describedBy) => (
                <input
                  id="kind-name-en"
                  lang="en"
                  className="kern-form-input__input"
                  value={kind.nameEn}
                  onChange={(event) => setKind((current) => ({ ...current, nameEn: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <SelectField
              id="kind-count-unit"
              label={t('stock.countUnit')}
              value={kind.countUnit}
              onValueChange={(value) =>
                setKind((current) => ({ ...current, countUnit: value as ControlledItemCountUnit }))
              }
            >
              {countUnits.map((entry) => (
                <option key={entry} value={entry}>
                  {t(`stock.countUnitNames.${entry}`)}
                </option>
              ))}
            </SelectField>
            <FormField
              id="kind-minimum"
              label={t('stock.minimumStock')}
              hint={t('stock.minimumHint')}
              error={errorOf(kindErrors, 'kind-minimum')}
            >
              {(describedBy) => (
                <input
                  id="kind-minimum"
                  className="kern-form-input__input"
                  inputMode="numeric"
                  value={kind.minimumStock}
                  onChange={(event) =>
                    setKind((current) => ({ ...current, minimumStock: event.target.value }))
                  }
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <div className="kern-form-check">
              <input
                id="kind-serial-numbered"
                className="kern-form-check__checkbox"
                type="checkbox"
                checked={kind.serialNumbered}
                onChange={(event) =>
                  setKind((current) => ({ ...current, serialNumbered: event.target.checked }))
                }
              />
              <label className="kern-label" htmlFor="kind-serial-numbered">
                {t('stock.serialNumbered')}
              </label>
            </div>
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">{t('stock.kindCreate')}</span>
            </button>
          </form>
        </section>
      )}
    </>
  );
}
