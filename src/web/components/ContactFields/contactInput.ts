export interface ContactInput {
  name: string;
  email: string;
  phone: string;
}

export const contactFieldIds = {
  name: 'contact-name',
  email: 'contact-email',
  phone: 'contact-phone',
} as const;

export type ContactField = keyof ContactInput;
export type ContactErrorReason = 'required' | 'tooLong' | 'invalid';
export interface ContactError {
  field: ContactField;
  reason: ContactErrorReason;
}

// Deliberately loose: the server decides; this only catches typing mistakes early.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^[0-9 +()/-]{5,40}$/;

export function validateContact(input: ContactInput, { withPhone = true } = {}): ContactError[] {
  const errors: ContactError[] = [];
  const name = input.name.trim();
  if (name.length < 2) errors.push({ field: 'name', reason: 'required' });
  else if (name.length > 200) errors.push({ field: 'name', reason: 'tooLong' });
  const emailError = validateEmail(input.email);
  if (emailError) errors.push(emailError);
  const phone = input.phone.trim();
  if (withPhone && phone && !phonePattern.test(phone)) errors.push({ field: 'phone', reason: 'invalid' });
  return errors;
}

export function validateEmail(value: string): ContactError | null {
  const email = value.trim();
  if (!email) return { field: 'email', reason: 'required' };
  if (email.length > 254 || !emailPattern.test(email)) return { field: 'email', reason: 'invalid' };
  return null;
}
