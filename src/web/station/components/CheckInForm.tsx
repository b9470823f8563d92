import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { StationDay } from '../api/types.ts';
import { normaliseCode } from '../offline/dayReducer.ts';
import { ErrorSummary, TextField, type FieldError } from './Form.tsx';
import { QrScanner } from './QrScanner.tsx';

interface CheckInFormProps {
  day: StationDay;
  onCheckIn: (code: string) => Promise<string>;
}

/** Check-in by the booking code: typed, or read from the booking's QR code with the camera. */
export function CheckInForm({ day, onCheckIn }: CheckInFormProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [scanning, setScanning] = useState(false);
  const fieldId = 'checkin-code';

  const checkIn = async (raw: string) => {
    setSubmission((n) => n + 1);
    const normalised = normaliseCode(raw);
    if (!normalised) {
      setErrors([{ fieldId, message: t('checkIn.missing') }]);
      return;
    }
    const appointment = day.appointments.find((a) => normaliseCode(a.code) === normalised);
    if (!appointment) {
      setErrors([{ fieldId, message: t('checkIn.unknown', { code: normalised }) }]);
      return;
    }
    if (appointment.status !== 'confirmed') {
      setErrors([
        {
          fieldId,
          message: t('checkIn.notConfirmed', {
            number: appointment.displayNumber,
            status: t(`entryStatus.${appointment.status}`),
          }),
        },
      ]);
      return;
    }
    setErrors([]);
    await onCheckIn(normalised);
    setCode('');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checkIn(code);
  };

  return (
    <section aria-labelledby="checkin-heading" className="station-panel">
      <h2 className="kern-heading-medium" id="checkin-heading">
        {t('checkIn.heading')}
      </h2>
      <form className="station-form" noValidate onSubmit={submit}>
        <ErrorSummary errors={errors} submission={submission} />
        <TextField
          id={fieldId}
          label={t('checkIn.code')}
          hint={t('checkIn.hint')}
          value={code}
          onValueChange={setCode}
          error={errors[0]?.message}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <div className="button-row">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('checkIn.submit')}</span>
          </button>
          {!scanning && (
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setScanning(true)}>
              <span className="kern-label">{t('checkIn.scan')}</span>
            </button>
          )}
        </div>
      </form>
      {scanning && (
        <QrScanner
          onClose={() => setScanning(false)}
          onCode={(scanned) => {
            setScanning(false);
            setCode(scanned);
            void checkIn(scanned);
          }}
        />
      )}
    </section>
  );
}
