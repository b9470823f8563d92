import { describeMessageParity } from '../../testing/messageParity.ts';
import de from './de.json';
import en from './en.json';
import ar from './walkIn/ar.json';
import tr from './walkIn/tr.json';
import uk from './walkIn/uk.json';

type Messages = { [key: string]: string | Messages };

/** The station messages the public walk-in pages use (layout, forms, join, ticket, survey, call display). */
function publicPart(messages: typeof de): Messages {
  return {
    app: { productName: messages.app.productName, skipLink: messages.app.skipLink },
    language: { label: messages.language.label },
    common: messages.common,
    form: messages.form,
    walkInLanguages: messages.walkInLanguages,
    display: messages.display,
    join: messages.join,
    ticket: messages.ticket,
    survey: messages.survey,
  };
}

describeMessageParity('walk-in pages: message files', publicPart(de), publicPart(en), { tr, uk, ar });
