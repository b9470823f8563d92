import type { ContactInput } from '../../components/ContactFields/contactInput.ts';

/** The contact step's form: what was typed, what is wrong with it, and where the submission stands. */
export interface ContactStepState {
  contact: ContactInput;
  errors: Partial<Record<keyof ContactInput, string>>;
  captchaError: string | null;
  failure: string | null;
  /** counts submissions, so a repeated wrong submission moves the focus to the error summary again */
  submission: number;
  submitting: boolean;
}

export type ContactStepAction =
  | { type: 'edit'; contact: ContactInput }
  | { type: 'invalid'; errors: Partial<Record<keyof ContactInput, string>> }
  | { type: 'submitting' }
  | { type: 'captchaFailed'; message: string }
  | { type: 'fieldRejected'; field: keyof ContactInput; message: string }
  | { type: 'failed'; message: string }
  | { type: 'sent' };

export const initialContactState: ContactStepState = {
  contact: { name: '', email: '', phone: '' },
  errors: {},
  captchaError: null,
  failure: null,
  submission: 0,
  submitting: false,
};

export function contactStepReducer(state: ContactStepState, action: ContactStepAction): ContactStepState {
  switch (action.type) {
    case 'edit':
      return { ...state, contact: action.contact };
    case 'invalid':
      return {
        ...state,
        errors: action.errors,
        captchaError: null,
        failure: null,
        submission: state.submission + 1,
      };
    case 'submitting':
      return { ...state, errors: {}, captchaError: null, failure: null, submitting: true };
    case 'captchaFailed':
      return { ...state, captchaError: action.message, submitting: false, submission: state.submission + 1 };
    case 'fieldRejected':
      return {
        ...state,
        errors: { [action.field]: action.message },
        submitting: false,
        submission: state.submission + 1,
      };
    case 'failed':
      return { ...state, failure: action.message, submitting: false, submission: state.submission + 1 };
    case 'sent':
      return { ...state, submitting: false };
  }
}
