/** Links in mails lead to the portal's pages, which call the API; the secret travels in the URL fragment. */
export const bookingLinks = (baseUrl: string, bookingId: string, token: string) => ({
  confirm: `${baseUrl}/termin/${bookingId}/bestaetigen#${token}`,
  manage: `${baseUrl}/termin/${bookingId}#${token}`,
});

export const waitlistLinks = (baseUrl: string, requestId: string, token: string) => ({
  confirm: `${baseUrl}/warteliste/${requestId}/bestaetigen#${token}`,
  cancel: `${baseUrl}/warteliste/${requestId}/verlassen#${token}`,
});

export const subscriptionLinks = (baseUrl: string, subscriptionId: string, token: string) => ({
  confirm: `${baseUrl}/benachrichtigung/${subscriptionId}/bestaetigen#${token}`,
});

/** The survey after a visit and its opt-out ("no more surveys"); the token is the survey's, not the booking's. */
export const feedbackLinks = (baseUrl: string, token: string) => ({
  survey: `${baseUrl}/rueckmeldung#${token}`,
  optOut: `${baseUrl}/rueckmeldung/abbestellen#${token}`,
});
