import { Fragment } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import type { ListResponse, OutboxMail } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { formatLongDate, formatTime } from '../format/dateTime.ts';
import { useLanguage } from '../useLanguage.ts';

const urlPattern = /(https?:\/\/[^\s<>"]+)/g;

/** Splits a text into plain parts and links (http and https addresses). */
export function linkify(text: string): { text: string; href?: string }[] {
  return text
    .split(urlPattern)
    .filter((part) => part !== '')
    .map((part) => (/^https?:\/\//.test(part) ? { text: part, href: part } : { text: part }));
}

function MailText({ text }: { text: string }) {
  return (
    <pre className="outbox-mail__text">
      {linkify(text).map((part, index) =>
        part.href ? (
          <a key={index} className="kern-link" href={part.href}>
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </pre>
  );
}

/** `/dev/postausgang`: the mails the server would send, for development without a mail server. */
export function DevOutboxPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const state = useApi<ListResponse<OutboxMail> | { items: OutboxMail[] }>('/api/v1/dev/outbox');

  const body = () => {
    if (state.status === 'loading') return <LoadingStatus />;
    if (state.status === 'error') {
      return state.problem.status === 404 ? (
        <p className="kern-body">{t('outbox.unavailable')}</p>
      ) : (
        <LoadError />
      );
    }
    const mails = state.data.items;
    if (mails.length === 0) return <p className="kern-body">{t('outbox.empty')}</p>;
    return (
      <ol className="outbox">
        {mails.map((mail) => (
          <li key={mail.id} className="outbox-mail">
            <article aria-labelledby={`mail-${mail.id}`}>
              <h2 id={`mail-${mail.id}`} className="kern-heading-small">
                {mail.subject}
              </h2>
              <p className="kern-body kern-body--small">
                {t('outbox.meta', {
                  to: mail.to,
                  when: `${formatLongDate(mail.createdAt, language)}, ${formatTime(mail.createdAt, language)}`,
                })}
              </p>
              <MailText text={mail.text} />
              {mail.attachments.length > 0 && (
                <p className="kern-body kern-body--small">
                  {t('outbox.attachments')}{' '}
                  {mail.attachments
                    .map((attachment) => `${attachment.filename} (${attachment.contentType})`)
                    .join(', ')}
                </p>
              )}
            </article>
          </li>
        ))}
      </ol>
    );
  };

  return (
    <>
      <PageHeading>{t('outbox.title')}</PageHeading>
      <p className="kern-body">{t('outbox.intro')}</p>
      {body()}
    </>
  );
}
