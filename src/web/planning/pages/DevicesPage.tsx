import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type Device } from '../api.ts';
import { FormField } from '../components/FormField.tsx';
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
      {devices && devices.length === 0 && <p>{t('devices.none')}</p>}
      {devices && devices.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">
              {t('devices.caption', { count: devices.length })}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['device', 'status', 'lastUser', 'lastSeen', 'actions'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`devices.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {devices.map((device) => (
                <tr key={device.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {nameOf(device)}
                  </th>
                  <td className="kern-table__cell">
                    {device.status === 'lost'
                      ? t('devices.status.lost', { when: date(device.lostAt ?? device.lastSeenAt) })
                      : t('devices.status.active', { count: device.activeSessions })}
                  </td>
                  <td className="kern-table__cell">{device.lastUser?.name ?? '–'}</td>
                  <td className="kern-table__cell">{date(device.lastSeenAt)}</td>
                  <td className="kern-table__cell backoffice-row-actions">
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary"
                      aria-expanded={selectedId === device.id}
                      aria-controls={selectedId === device.id ? 'device-edit' : undefined}
                      onClick={() => open(device)}
                    >
                      <span className="kern-label">{t('devices.edit', { name: nameOf(device) })}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {selected && (
        <section id="device-edit" aria-labelledby="device-edit-heading" className="backoffice-section">
          <h2 id="device-edit-heading" ref={editHeading} tabIndex={-1} className="kern-heading-medium">
            {t('devices.editHeading', { name: nameOf(selected) })}
          </h2>
          <ErrorSummary errors={errors} submission={submission} />
          <form noValidate onSubmit={(event) => saveLabel(event, selected)} className="planning-form">
            <FormField
              id="device-label"
              label={t('devices.label')}
              hint={t('devices.labelHint')}
              error={errors.find((e) => e.fieldId === 'device-label')?.message}
            >
              {(describedBy) => (
                <input
                  id="device-label"
                  className="kern-form-input__input"
                  value={label}
                  onChange={(event) => setLabel(event.target.value)}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <button type="submit" className="kern-btn kern-btn--secondary" disabled={busy}>
              <span className="kern-label">{t('devices.saveLabel')}</span>
            </button>
          </form>

          {selected.status === 'active' ? (
            <form noValidate onSubmit={(event) => markLost(event, selected)} className="planning-form">
              <h3 className="kern-heading-small">{t('devices.markLostHeading')}</h3>
              <p>{t('devices.markLostIntro')}</p>
              <FormField
                id="device-reason"
                label={t('devices.reason')}
                hint={t('devices.reasonHint')}
                error={errors.find((e) => e.fieldId === 'device-reason')?.message}
              >
                {(describedBy) => (
                  <textarea
                    id="device-reason"
                    className="kern-form-input__input"
                    rows={3}
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                    aria-describedby={describedBy}
                  />
                )}
              </FormField>
              <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
                <span className="kern-label">{t('devices.markLost')}</span>
              </button>
            </form>
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
        </section>
      )}
    </>
  );
}
