// Runtime: DOM. A translated error line; `role=alert` so screen readers and tests find it.
export function ErrorBanner({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="error" role="alert" data-testid="error">
      {text}
    </div>
  );
}
