/** Marks a text the city still has to confirm (legal pages ship as samples). */
export function DraftNote({ children }: { children: string }) {
  return (
    <div className="kern-alert kern-alert--warning draft-note">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <p className="kern-title">{children}</p>
      </div>
    </div>
  );
}
