import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type Device } from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  DataTable,
  errorOf,
  RowHeader,
  TextAreaField,
  TextField,
  type FieldError,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';

const LABEL_MAX = 100;
const REASON_MAX = 500;

/**
 * Station tablets (admins): who used each last and when, a name for it, reporting one lost (its sessions end,
 * the app wipes its data at its next contact) and reinstating it.
 */
export function DevicesPage() {
  const { t, date } = useFormat();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const [label, setLabel] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const editHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setDevices((await planningApi.listDevices()).items);
      setLoadError('');
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  const selected = devices?.find((device) => device.id === selectedId);
  useEffect(() => {
    if (selectedId) editHeading.current?.focus();
  }, [selectedId]);

  const nameOf = (device: Device) => device.label ?? t('devices.unnamed', { id: device.id.slice(0, 8) });

  const open = (device: Device) => {
    setSelectedId(device.id);
    setLabel(device.label ?? '');
    setReason('');
    setErrors([]);
    setStatus('');
  };

  const fail = (error: unknown, fallbackField: string) => {
    const field = error instanceof ApiProblem ? error.field : undefined;
    const fieldId = field === 'label' ? 'device-label' : field === 'reason' ? 'device-reason' : fallbackField;
    setErrors([{ fieldId, message: problemText(t, error) }]);
    setSubmission((n) => n + 1);
  };

  const run = async (work: () => Promise<string>, fallbackField: string) => {
    setBusy(true);
    try {
      const done = await work();
      setErrors([]);
      setStatus(done);
      await load();
    } catch (error) {
      fail(error, fallbackField);
    } finally {
      setBusy(false);
    }
  };

  const saveLabel = (event: FormEvent, device: Device) => {
    event.preventDefault();
    const trimmed = label.trim();
    if (trimmed.length > LABEL_MAX) {
      setErrors([{ fieldId: 'device-label', message: t('devices.labelTooLong', { max: LABEL_MAX }) }]);
      setSubmission((n) => n + 1);
      return;
    }
    void run(async () => {
      await planningApi.updateDevice(device.id, { label: trimmed || null });
      return t('devices.labelSaved', { name: trimmed || nameOf({ ...device, label: null }) });
    }, 'device-label');
  };

  const markLost = (event: FormEvent, device: Device) => {
    event.preventDefault();
    const trimmed = reason.trim();
    const found: FieldError[] = [];
    if (!trimmed) found.push({ fieldId: 'device-reason', message: t('devices.reasonMissing') });
    else if (trimmed.length > REASON_MAX)
      found.push({ fieldId: 'device-reason', message: t('devices.reasonTooLong', { max: REASON_MAX }) });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    void run(async () => {
      const result = await planningApi.markDeviceLost(device.id, trimmed);
      setReason('');
      return t('devices.markedLost', { name: nameOf(device), count: result.revokedSessions });
    }, 'device-reason');
  };

  const reinstate = (device: Device) =>
    void run(async () => {
      await planningApi.updateDevice(device.id, { status: 'active' });
      return t('devices.reinstated', { name: nameOf(device) });
    }, 'device-reinstate');

  return (
    <>
      <PageHeading title={t('devices.heading')}>{t('devices.heading')}</PageHeading>
      <p>{t('devices.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {devices === null && !loadError && <p>{t('app.loading')}</p>}
      {devices && (
        <DataTable
          caption={t('devices.caption', { count: devices.length })}
          columns={(['device', 'status', 'lastUser', 'lastSeen', 'actions'] as const).map((column) =>
            t(`devices.columns.${column}`),
          )}
          rows={devices}
          rowKey={(device) => device.id}
          empty={t('devices.none')}
        >
          {(device) => (
            <>
              <RowHeader>{nameOf(device)}</RowHeader>
              <Cell>
                {device.status === 'lost'
                  ? t('devices.status.lost', { when: date(device.lostAt ?? device.lastSeenAt) })
                  : t('devices.status.active', { count: device.activeSessions })}
              </Cell>
              <Cell>{device.lastUser?.name ?? '–'}</Cell>
              <Cell>{date(device.lastSeenAt)}</Cell>
              <Cell className="backoffice-row-actions">
                <Button
                  aria-expanded={selectedId === device.id}
                  aria-controls={selectedId === device.id ? 'device-edit' : undefined}
                  onClick={() => open(device)}
                >
                  {t('devices.edit', { name: nameOf(device) })}
                </Button>
              </Cell>
            </>
          )}
        </DataTable>
      )}

      {selected && (
        <BackOfficeSection
          sectionId="device-edit"
          id="device-edit-heading"
          headingRef={editHeading}
          heading={t('devices.editHeading', { name: nameOf(selected) })}
        >
          <BackOfficeForm
            errors={errors}
            submission={submission}
            onSubmit={(event) => saveLabel(event, selected)}
            actions={
              <Button type="submit" disabled={busy}>
                {t('devices.saveLabel')}
              </Button>
            }
          >
            <TextField
              id="device-label"
              label={t('devices.label')}
              hint={t('devices.labelHint')}
              error={errorOf(errors, 'device-label')}
              autoComplete="off"
              value={label}
              onValueChange={setLabel}
            />
          </BackOfficeForm>

          {selected.status === 'active' ? (
            <>
              <h3 className="kern-heading-small">{t('devices.markLostHeading')}</h3>
              <p>{t('devices.markLostIntro')}</p>
              <BackOfficeForm
                onSubmit={(event) => markLost(event, selected)}
                actions={
                  <Button type="submit" appearance="primary" disabled={busy}>
                    {t('devices.markLost')}
                  </Button>
                }
              >
                <TextAreaField
                  id="device-reason"
                  label={t('devices.reason')}
                  hint={t('devices.reasonHint')}
                  error={errorOf(errors, 'device-reason')}
                  rows={3}
                  value={reason}
                  onValueChange={setReason}
                />
              </BackOfficeForm>
            </>
          ) : (
            <div className="planning-form">
              <h3 className="kern-heading-small">{t('devices.reinstateHeading')}</h3>
              <p>
                {t('devices.lostReason', {
                  when: date(selected.lostAt ?? selected.lastSeenAt),
                  reason: selected.lostReason ?? '–',
                })}
              </p>
              <p>{t('devices.reinstateIntro')}</p>
              <ConfirmAction
                id="device-reinstate"
                label={t('devices.reinstate')}
                question={t('devices.reinstateQuestion', { name: nameOf(selected) })}
                consequence={t('devices.reinstateConsequence')}
                yes={t('devices.reinstateYes')}
                no={t('app.confirmNo')}
                disabled={busy}
                onConfirm={() => reinstate(selected)}
              />
            </div>
          )}
        </BackOfficeSection>
      )}
    </>
  );
}
