// An error sentence announced as soon as it appears.
export function ErrorText({ children }: { children: string | null | undefined }) {
  if (!children) return null;
  return (
    <p role="alert" className="error-text">
      {children}
    </p>
  );
}
