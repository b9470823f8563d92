import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';

const SCAN_INTERVAL_MS = 200;

/** The booking code in what a QR code holds (the code itself, or a link that contains it). */
export function bookingCodeIn(text: string): string | undefined {
  const match = /\b([A-Z0-9]{4})-?([A-Z0-9]{4})\b/i.exec(text);
  return match ? `${match[1]}-${match[2]}`.toUpperCase() : undefined;
}

/**
 * Reads a booking's QR code with the tablet camera (getUserMedia, frames decoded by jsQR). Optional:
 * typing the code always works; without a camera or permission this says so and nothing else breaks.
 */
export function QrScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  const done = useRef(onCode);
  done.current = onCode;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    const scan = () => {
      const element = video.current;
      if (stopped || !element || !context) return;
      if (element.readyState >= element.HAVE_ENOUGH_DATA && element.videoWidth > 0) {
        const width = Math.min(640, element.videoWidth);
        const height = Math.round((element.videoHeight / element.videoWidth) * width);
        canvas.width = width;
        canvas.height = height;
        context.drawImage(element, 0, 0, width, height);
        const found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
          inversionAttempts: 'dontInvert',
        });
        const code = found ? bookingCodeIn(found.data) : undefined;
        if (code) {
          done.current(code);
          return;
        }
      }
      timer = window.setTimeout(scan, SCAN_INTERVAL_MS);
    };

    void (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem(t('scanner.unsupported'));
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
        if (stopped) {
          stream.getTracks().forEach((track) => track.stop());
          return;
        }
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        scan();
      } catch (error) {
        setProblem(
          (error as Error).name === 'NotAllowedError' ? t('scanner.denied') : t('scanner.unavailable'),
        );
      }
    })();

    return () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [t]);

  return (
    <div className="qr-scanner">
      {problem ? (
        <p className="kern-body" role="alert">
          {problem}
        </p>
      ) : (
        <>
          <p className="kern-body" role="status">
            {t('scanner.hint')}
          </p>
          <video
            ref={video}
            className="qr-scanner__video"
            muted
            playsInline
            aria-label={t('scanner.videoLabel')}
          />
        </>
      )}
      <button type="button" className="kern-btn kern-btn--secondary" onClick={onClose}>
        <span className="kern-label">{t('scanner.close')}</span>
      </button>
    </div>
  );
}
