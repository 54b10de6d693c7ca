/** The organization's help page from policy branding, when it set one. */
export function HelpLink({ url }: { url: string | null }) {
  if (!url) return null;
  return (
    <p className="help-link">
      <a href={url} target="_blank" rel="noopener noreferrer">
        Get help from your IT team
      </a>
    </p>
  );
}
