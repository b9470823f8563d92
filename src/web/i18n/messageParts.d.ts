// Parts of a message file (src/web/i18n/messageGroups.ts, built by the messageGroups plugin in vite.config.ts).
declare module '*.json?first-paint' {
  const messages: import('./translator.ts').Messages;
  export default messages;
}
declare module '*.json?later' {
  const messages: import('./translator.ts').Messages;
  export default messages;
}
declare module '*.json?booking' {
  const messages: import('./translator.ts').Messages;
  export default messages;
}
