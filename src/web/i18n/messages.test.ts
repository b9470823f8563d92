import { describeMessageParity } from '../testing/messageParity.ts';
import ar from './ar.json';
import de from './de.json';
import en from './en.json';
import tr from './tr.json';
import uk from './uk.json';

describeMessageParity('message files', de, en, { tr, uk, ar });
