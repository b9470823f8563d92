/**
 * Mails to staff members. Staff have no language setting, so each mail is German first, then English.
 * They never say from where a sign-in was tried (no addresses or device data in mails).
 */

const signature = '\n\n-- \nMobiles Rathaus';

export function signInThrottledMail(p: { name: string; delaySeconds: number; municipalityName: string }) {
  return {
    subject: 'Mehrere fehlgeschlagene Anmeldungen / Several failed sign-ins',
    text:
      `Hallo ${p.name},\n\n` +
      `bei Ihrem Zugang zum Mobilen Rathaus (${p.municipalityName}) sind mehrere Anmeldungen mit falschem ` +
      `Passwort gescheitert. Weitere Versuche sind deshalb für kurze Zeit verzögert (zunächst ${p.delaySeconds} ` +
      'Sekunde(n), höchstens wenige Minuten). Mit dem richtigen Passwort können Sie sich nach der Wartezeit ' +
      'wie gewohnt anmelden.\n\n' +
      'Waren Sie das nicht? Dann versucht vielleicht jemand, Ihr Passwort zu erraten: Sagen Sie bitte Ihrer ' +
      'Administratorin oder Ihrem Administrator Bescheid und ändern Sie Ihr Passwort.\n\n' +
      '---\n\n' +
      `Hello ${p.name},\n\n` +
      `several sign-ins to your Mobiles Rathaus account (${p.municipalityName}) failed with a wrong password. ` +
      `Further attempts are therefore delayed for a short time (first ${p.delaySeconds} second(s), a few ` +
      'minutes at most). With the right password you can sign in as usual once the wait is over.\n\n' +
      'Was this not you? Then someone may be trying to guess your password: please tell your administrator ' +
      'and change your password.' +
      signature,
  };
}

export function passwordResetMail(p: {
  name: string;
  link: string;
  minutes: number;
  municipalityName: string;
}) {
  return {
    subject: 'Neues Passwort festlegen / Set a new password',
    text:
      `Hallo ${p.name},\n\n` +
      `eine Administratorin oder ein Administrator des Mobilen Rathauses (${p.municipalityName}) hat Ihnen einen ` +
      `Link geschickt, mit dem Sie ein neues Passwort festlegen. Er gilt ${p.minutes} Minuten und nur einmal:\n\n` +
      `${p.link}\n\n` +
      'Danach sind Sie auf allen Geräten abgemeldet. Haben Sie nicht darum gebeten, können Sie diese E-Mail ' +
      'ignorieren: Ihr bisheriges Passwort bleibt gültig.\n\n' +
      '---\n\n' +
      `Hello ${p.name},\n\n` +
      `an administrator of Mobiles Rathaus (${p.municipalityName}) sent you a link to set a new password. It is ` +
      `valid for ${p.minutes} minutes and works once:\n\n${p.link}\n\n` +
      'Afterwards you are signed out on every device. If you did not ask for this, ignore this e-mail: your ' +
      'current password stays valid.' +
      signature,
  };
}
