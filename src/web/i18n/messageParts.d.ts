// Parts of a message file (src/web/i18n/messageGroups.ts, built by the messageGroups plugin in vite.config.ts).
// Each is `Messages` of src/web/i18n/translator.ts (spelt out: an ambient module cannot import a relative one).
declare module '*.json?first-paint' {
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}
declare module '*.json?booking' {
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}
declare module '*.json?later' {
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}
