import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
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
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  Checkbox,
  DataTable,
  errorOf,
  RowHeader,
  SelectField,
  TextField,
  type FieldError,
} from '../components/backoffice/index.ts';
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
        <DataTable
          caption={t('stock.caption')}
          columns={(['unit', 'kind', 'quantity', 'minimum', 'state'] as const).map((column) =>
            t(`stock.columns.${column}`),
          )}
          rows={stock}
          rowKey={(entry) => `${entry.unitId}/${entry.kind}`}
        >
          {(entry) => (
            <>
              <RowHeader>{entry.unitName}</RowHeader>
              <Cell>{kindName(entry.kind)}</Cell>
              <Cell>{amount(entry.kind, entry.quantity)}</Cell>
              <Cell>{amount(entry.kind, entry.minimumStock)}</Cell>
              <Cell>
                {entry.belowMinimum ? <strong>{t('stock.belowMinimum')}</strong> : t('stock.enough')}
              </Cell>
            </>
          )}
        </DataTable>
      )}

      {kinds !== null && kinds.length > 0 && (
        <BackOfficeSection id="movement-heading" heading={t('stock.movementHeading')}>
          <p>{t('stock.movementIntro')}</p>
          <BackOfficeForm
            errors={movementErrors}
            submission={submission}
            onSubmit={(event) => void record(event)}
            submitLabel={t('stock.record')}
          >
            <SelectField
              id="stock-unit"
              label={t('stock.unit')}
              error={errorOf(movementErrors, 'stock-unit')}
              value={movement.unitId}
              onValueChange={(value) => setMovement((current) => ({ ...current, unitId: value, stopId: '' }))}
            >
              {units.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="stock-kind"
              label={t('stock.kind')}
              error={errorOf(movementErrors, 'stock-kind')}
              value={movement.kind}
              onValueChange={(value) => setMovement((current) => ({ ...current, kind: value }))}
            >
              {kinds.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {kindName(entry.id)}
                </option>
              ))}
            </SelectField>
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
            <TextField
              id="stock-quantity"
              label={movement.movement === 'counted' ? t('stock.counted') : t('stock.quantity')}
              hint={t(`stock.countUnitHints.${selectedKind?.countUnit ?? 'piece'}`)}
              error={errorOf(movementErrors, 'stock-quantity')}
              inputMode="numeric"
              autoComplete="off"
              value={movement.quantity}
              onValueChange={(value) => setMovement((current) => ({ ...current, quantity: value }))}
            />
            {namesStop && (
              <SelectField
                id="stock-stop"
                label={t('stock.stop')}
                hint={t('stock.stopHint')}
                error={errorOf(movementErrors, 'stock-stop')}
                value={movement.stopId}
                onValueChange={(value) => setMovement((current) => ({ ...current, stopId: value }))}
              >
                <option value="">{t('stock.noStop')}</option>
                {unitStops.map((stop) => (
                  <option key={stop.id} value={stop.id}>
                    {t('stock.stopOption', { day: format.day(stop.startsAt), site: stop.site.name })}
                  </option>
                ))}
              </SelectField>
            )}
            <TextField
              id="stock-reason"
              label={t('stock.reason')}
              hint={t('stock.reasonHint')}
              error={errorOf(movementErrors, 'stock-reason')}
              autoComplete="off"
              value={movement.reason}
              onValueChange={(value) => setMovement((current) => ({ ...current, reason: value }))}
            />
            {selectedKind?.serialNumbered && movement.movement !== 'counted' && (
              <>
                <TextField
                  id="stock-serial-first"
                  label={t('stock.serialFirst')}
                  hint={t('stock.serialHint')}
                  error={errorOf(movementErrors, 'stock-serial-first')}
                  inputMode="numeric"
                  autoComplete="off"
                  value={movement.serialFirst}
                  onValueChange={(value) => setMovement((current) => ({ ...current, serialFirst: value }))}
                />
                <TextField
                  id="stock-serial-last"
                  label={t('stock.serialLast')}
                  error={errorOf(movementErrors, 'stock-serial-last')}
                  inputMode="numeric"
                  autoComplete="off"
                  value={movement.serialLast}
                  onValueChange={(value) => setMovement((current) => ({ ...current, serialLast: value }))}
                />
              </>
            )}
          </BackOfficeForm>
        </BackOfficeSection>
      )}

      <BackOfficeSection id="history-heading" heading={t('stock.historyHeading')}>
        <SelectField
          id="history-unit"
          label={t('stock.historyUnit')}
          value={historyUnit}
          onValueChange={setHistoryUnit}
        >
          <option value="">{t('stock.allUnits')}</option>
          {units.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </SelectField>
        <DataTable
          caption={t('stock.historyCaption')}
          columns={(
            [
              'when',
              'unit',
              'kind',
              'movement',
              'change',
              'after',
              'stop',
              'reason',
              'serials',
              'who',
            ] as const
          ).map((column) => t(`stock.historyColumns.${column}`))}
          rows={movements}
          rowKey={(entry) => entry.id}
          empty={t('stock.noMovements')}
        >
          {(entry) => (
            <>
              <RowHeader>{format.date(entry.recordedAt)}</RowHeader>
              <Cell>{unitName(entry.unitId)}</Cell>
              <Cell>{kindName(entry.kind)}</Cell>
              <Cell>{t(`stock.movements.${entry.movement}`)}</Cell>
              <Cell>
                {entry.quantityChange > 0 ? '+' : ''}
                {format.number(entry.quantityChange)}
              </Cell>
              <Cell>{amount(entry.kind, entry.balanceAfter)}</Cell>
              <Cell>
                {entry.stop
                  ? t('stock.stopOption', {
                      day: format.day(`${entry.stop.date}T12:00:00`),
                      site: entry.stop.siteName,
                    })
                  : '–'}
              </Cell>
              <Cell>{entry.reason ?? '–'}</Cell>
              <Cell>{entry.serialFirst === null ? '–' : `${entry.serialFirst}–${entry.serialLast}`}</Cell>
              <Cell>{entry.recordedBy ?? '–'}</Cell>
            </>
          )}
        </DataTable>
      </BackOfficeSection>

      {mayDefineKinds && kinds !== null && kinds.length > 0 && (
        <BackOfficeSection id="kinds-heading" heading={t('stock.kindsHeading')}>
          <DataTable
            caption={t('stock.kindsCaption')}
            columns={(['kind', 'countUnit', 'numbered', 'minimum', 'save'] as const).map((column) =>
              t(`stock.kindColumns.${column}`),
            )}
            rows={kinds}
            rowKey={(entry) => entry.id}
          >
            {(entry) => (
              <>
                <RowHeader>{kindName(entry.id)}</RowHeader>
                <Cell>{t(`stock.countUnitNames.${entry.countUnit}`)}</Cell>
                <Cell>{entry.serialNumbered ? t('stock.yes') : t('stock.no')}</Cell>
                <Cell>
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
                </Cell>
                <Cell>
                  <Button onClick={() => void saveMinimum(entry)}>
                    {t('stock.saveMinimum', { kind: kindName(entry.id) })}
                  </Button>
                </Cell>
              </>
            )}
          </DataTable>
        </BackOfficeSection>
      )}

      {mayDefineKinds && (
        <BackOfficeSection id="kind-create" heading={t('stock.kindHeading')}>
          <BackOfficeForm
            errors={kindErrors}
            submission={submission}
            onSubmit={(event) => void createKind(event)}
            submitLabel={t('stock.kindCreate')}
          >
            <TextField
              id="kind-id"
              label={t('stock.kindId')}
              hint={t('stock.kindIdHint')}
              error={errorOf(kindErrors, 'kind-id')}
              autoComplete="off"
              spellCheck={false}
              value={kind.id}
              onValueChange={(value) => setKind((current) => ({ ...current, id: value }))}
            />
            <TextField
              id="kind-name-de"
              lang="de"
              label={t('stock.nameDe')}
              error={errorOf(kindErrors, 'kind-name-de')}
              autoComplete="off"
              value={kind.nameDe}
              onValueChange={(value) => setKind((current) => ({ ...current, nameDe: value }))}
            />
            <TextField
              id="kind-name-en"
              lang="en"
              label={t('stock.nameEn')}
              error={errorOf(kindErrors, 'kind-name-en')}
              autoComplete="off"
              value={kind.nameEn}
              onValueChange={(value) => setKind((current) => ({ ...current, nameEn: value }))}
            />
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
            <TextField
              id="kind-minimum"
              label={t('stock.minimumStock')}
              hint={t('stock.minimumHint')}
              error={errorOf(kindErrors, 'kind-minimum')}
              inputMode="numeric"
              autoComplete="off"
              value={kind.minimumStock}
              onValueChange={(value) => setKind((current) => ({ ...current, minimumStock: value }))}
            />
            <Checkbox
              id="kind-serial-numbered"
              label={t('stock.serialNumbered')}
              checked={kind.serialNumbered}
              onCheckedChange={(checked) => setKind((current) => ({ ...current, serialNumbered: checked }))}
            />
          </BackOfficeForm>
        </BackOfficeSection>
      )}
    </>
  );
}
